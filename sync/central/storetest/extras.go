package storetest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
)

func testStoreFeed(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	sf, ok := st.(central.StoreFeed)
	if !ok {
		t.Skipf("%T has no store prices or promotions (central.StoreFeed)", st)
	}
	ps := products(t, 3)
	if _, err := st.UpsertProducts(ctx, ps); err != nil { // 1..3
		t.Fatal(err)
	}
	price := func(sku string, cents pos.Money, from time.Time) pos.StorePrice {
		return pos.StorePrice{SKU: sku, Price: cents, ValidFrom: from}
	}
	promos := json.RawMessage(`[{"id":"2x1"}]`)
	steps := []struct {
		name       string
		store      string
		prices     []pos.StorePrice
		taxes      []pos.TaxClass
		promotions json.RawMessage
		wantCursor int64
	}{
		{"store-1 prices, a tax class, promotions", store, []pos.StorePrice{price(ps[0].SKU, 99, T0), price(ps[0].SKU, 89, T0.Add(24*time.Hour))},
			[]pos.TaxClass{{Class: "reduced", Rate: 1000}}, promos, 7},
		{"the same again: no change", store, []pos.StorePrice{price(ps[0].SKU, 99, T0)}, []pos.TaxClass{{Class: "reduced", Rate: 1000}}, promos, 7},
		{"another store's price", "store-2", []pos.StorePrice{price(ps[1].SKU, 50, T0)}, nil, nil, 8},
		{"a price changed", store, []pos.StorePrice{price(ps[0].SKU, 95, T0)}, nil, nil, 9},
	}
	for _, s := range steps {
		cur, err := sf.PutFeedExtras(ctx, s.store, s.prices, s.taxes, s.promotions)
		if err != nil || cur != s.wantCursor {
			t.Fatalf("%s: cursor %d, %v; want %d", s.name, cur, err, s.wantCursor)
		}
		if c, err := st.CatalogCursor(ctx); err != nil || c != s.wantCursor {
			t.Fatalf("%s: CatalogCursor %d, %v; want %d", s.name, c, err, s.wantCursor)
		}
	}
	// Products and extras share one cursor: the next product change is 10.
	changed := ps[2]
	changed.Price++
	if cur, err := st.UpsertProducts(ctx, []pos.Product{changed}); err != nil || cur != 10 {
		t.Fatalf("product after extras: cursor %d, %v; want 10", cur, err)
	}
	page, err := sf.StoreCatalogChanges(ctx, store, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	// Store-1 sees 3 products (one changed, so at 10), its two prices (one
	// changed, at 9), the tax class, its promotions; not store-2's price.
	if len(page.Products) != 3 || len(page.Prices) != 2 || len(page.TaxClasses) != 1 || string(page.Promotions) != string(promos) || page.Cursor != 10 || page.More {
		t.Fatalf("store-1 feed: %d products, %d prices, %d tax classes, promotions %s, cursor %d, more %v",
			len(page.Products), len(page.Prices), len(page.TaxClasses), page.Promotions, page.Cursor, page.More)
	}
	// Paging across kinds keeps cursor order; another store's change moves the cursor unseen.
	var seen, pages int
	var cursor int64
	for {
		p, err := sf.StoreCatalogChanges(ctx, "store-2", cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		seen += len(p.Products) + len(p.Prices) + len(p.TaxClasses)
		if p.Promotions != nil {
			t.Fatalf("store-2 sees store-1's promotions")
		}
		if p.Cursor <= cursor && (p.More || cursor < 10) {
			t.Fatalf("page after %d did not move: %+v", cursor, p)
		}
		cursor = p.Cursor
		if !p.More {
			break
		}
	}
	if seen != 3+1+1 || cursor != 10 { // products, store-2's price, the tax class
		t.Fatalf("store-2 paged %d changes to %d in %d pages; want 5 to 10", seen, cursor, pages)
	}
	x, last, err := sf.StoreExtras(ctx, store)
	if err != nil || len(x.Prices) != 2 || len(x.TaxClasses) != 1 || string(x.Promotions) != string(promos) || last != 9 {
		t.Fatalf("store-1 extras: %+v, last %d, %v", x, last, err)
	}
	for _, p := range x.Prices {
		if p.SKU == ps[0].SKU && p.ValidFrom.Equal(T0) && p.Price != 95 {
			t.Fatalf("extras hold the old price %d", p.Price)
		}
	}
}
