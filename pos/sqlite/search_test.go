package sqlite_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

// Ties in rank at the limit are still broken by name: only the candidates
// ranked at or above the limit-th are read from products, ties included.
func TestSearchBreaksTiesByNameAtTheLimit(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	var ps []pos.Product
	for i := 29; i >= 0; i-- { // inserted in reverse name order
		ps = append(ps, pos.Product{SKU: fmt.Sprintf("S%02d", i), Name: fmt.Sprintf("Galletas %c", 'a'+i%26) + fmt.Sprint(i/26),
			Price: 100, Currency: "EUR", TaxRate: 1000})
	}
	ps = append(ps, pos.Product{SKU: "LONG", Name: "Galletas de mantequilla con chocolate y avellanas", Price: 100, Currency: "EUR", TaxRate: 1000})
	if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: ps}); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{1, 5, 20, 30, 40} {
		got, err := db.SearchProducts(ctx, "gallet", limit)
		if err != nil {
			t.Fatal(err)
		}
		want := min(limit, 31)
		if len(got) != want {
			t.Fatalf("limit %d: %d results", limit, len(got))
		}
		for i := 1; i < len(got); i++ {
			if got[i].SKU != "LONG" && got[i-1].SKU != "LONG" && got[i-1].Name > got[i].Name {
				t.Fatalf("limit %d: %q before %q", limit, got[i-1].Name, got[i].Name)
			}
		}
		if got[0].Name != "Galletas a0" {
			t.Fatalf("limit %d: first %q", limit, got[0].Name)
		}
	}
}
