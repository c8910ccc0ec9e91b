package sqlite_test

import (
	"context"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// A bulk load indexes names once at the end; one cut short by a crash is
// finished when the database opens again.
func TestCatalogBulkLoad(t *testing.T) {
	ctx := context.Background()
	for _, crash := range []bool{false, true} {
		db, path := openTemp(t)
		if err := db.BeginCatalogBulk(ctx); err != nil {
			t.Fatal(err)
		}
		seed(t, db)
		keys, _ := pos.LookupKeys("8410001000015")
		if _, err := db.ProductByCode(ctx, keys); err != nil {
			t.Fatalf("scan during a bulk load: %v", err)
		}
		if crash {
			db.Close()
			db2, err := sqlite.Open(ctx, path, "lane-1", quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer db2.Close()
			db = db2
		} else if err := db.EndCatalogBulk(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := db.SearchProducts(ctx, "cafe", 20)
		if err != nil || len(got) != 1 || got[0].SKU != "CAF-250" {
			t.Errorf("crash=%v: search after the bulk load = %v, %v", crash, got, err)
		}
		// Back to row-by-row upkeep.
		if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 99, Products: []pos.Product{{SKU: "TE", Name: "Té verde", Price: 199, Currency: "EUR", TaxRate: 1000}}}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.SearchProducts(ctx, "te verde", 20); len(got) != 1 {
			t.Errorf("crash=%v: a product added after the bulk load is not searchable", crash)
		}
	}
}
