package pos_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// drawerPort stands in for the printer's drawer connector behind pos.CashDrawer.
type drawerPort struct {
	opened chan struct{}
	fail   bool
}

func (d *drawerPort) OpenDrawer(ctx context.Context) error {
	d.opened <- struct{}{}
	if d.fail {
		return errors.New("printer offline")
	}
	return nil
}

// A cash sale opens the drawer; a drawer that fails does not undo the sale.
func TestCashSaleOpensDrawer(t *testing.T) {
	for _, fail := range []bool{false, true} {
		ctx := context.Background()
		db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "lane.db"), "lane-1", quiet)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		g, _ := pos.NormalizeGTIN("8410001000015")
		if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: []pos.Product{
			{SKU: "CAF", Name: "Café", Barcodes: []string{g}, Price: 349, Currency: "EUR", TaxRate: 1000}}}); err != nil {
			t.Fatal(err)
		}
		drawer := &drawerPort{opened: make(chan struct{}, 4), fail: fail}
		info := pos.StoreInfo{ID: "s1", Lang: "es", Currency: pos.EUR, Location: time.UTC}
		lane := pos.NewLane(pos.LaneConfig{DeviceID: "lane-1", Store: info, Access: pos.AccessPolicy{BcryptCost: 4}, Drawer: drawer}, db, pos.SystemClock{}, nil, quiet)
		if err := lane.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if err := lane.ReadyForDemo(ctx); err != nil {
			t.Fatal(err)
		}
		for len(drawer.opened) > 0 { // opening the shift may open the drawer for the float
			<-drawer.opened
		}
		if _, err := lane.Scan(ctx, "8410001000015"); err != nil {
			t.Fatal(err)
		}
		s, err := lane.PayCash(ctx, 500)
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-drawer.opened:
		case <-time.After(5 * time.Second):
			t.Fatal("the drawer did not open for a cash sale")
		}
		if _, err := db.SaleByID(ctx, s.ID); err != nil {
			t.Fatalf("sale lost when the drawer failed=%v: %v", fail, err)
		}
	}
}
