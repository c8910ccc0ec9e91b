package agent_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

const promoJSON = `[{"id": "CAFE-10", "type": "percent_off", "name": {"es": "10 % en café", "en": "10% off coffee"}, "target": {"categories": ["despensa"]}, "percent": 10}]`

// TestPricingReachesTheLane: store prices with validity windows, tax
// classes and promotions set at central reach a fresh lane through the
// streamed bootstrap and an online lane through the paged feed; another
// store's prices never do.
func TestPricingReachesTheLane(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 5)
	from := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	post := func(store string, c central.PricingChange) {
		t.Helper()
		if err := w.reader.Post(ctx, "/v1/admin/stores/"+store+"/pricing", c, &central.ProductChangeResult{}); err != nil {
			t.Fatal(err)
		}
	}
	post("store-1", central.PricingChange{
		Prices:     []pos.StorePrice{{SKU: "P0000000", Price: 249, ValidFrom: from, ValidTo: from.AddDate(0, 1, 0)}},
		TaxClasses: []pos.TaxClass{{Class: "reducido", Rate: 1000}},
		Promotions: json.RawMessage(promoJSON),
	})
	post("store-2", central.PricingChange{Prices: []pos.StorePrice{{SKU: "P0000000", Price: 1, ValidFrom: from}}})

	// Bad input is refused whole.
	bad := central.PricingChange{Promotions: json.RawMessage(`[{"id":"X","type":"nonsense"}]`)}
	if err := w.reader.Post(ctx, "/v1/admin/stores/store-1/pricing", bad, &central.ProductChangeResult{}); protocol.CodeOf(err) != protocol.CodeBadRequest {
		t.Fatalf("bad promotions: %v", err)
	}

	// Streamed bootstrap of a fresh lane carries them.
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := w.store.PromotionsJSON(ctx)
	if err != nil || len(got) == 0 {
		t.Fatalf("lane promotions %s, %v", got, err)
	}
	keys, _ := pos.LookupKeys("08410000000009") // P0000000
	for _, c := range []struct {
		at    time.Time
		price pos.Money
	}{{from.Add(time.Hour), 249}, {from.AddDate(0, 2, 0), 289}, {from.Add(-time.Hour), 289}} {
		p, err := w.store.ProductByCodeAt(ctx, keys, c.at)
		if err != nil || p.Price != c.price {
			t.Fatalf("price at %v: %d, %v; want %d (store-1 window, not store-2's)", c.at, p.Price, err, c.price)
		}
	}
	// The paged feed, after the bootstrap, for a later change; and it shows
	// only this store's prices.
	post("store-1", central.PricingChange{Prices: []pos.StorePrice{{SKU: "P0000002", Price: 89, ValidFrom: from}}})
	post("store-2", central.PricingChange{Prices: []pos.StorePrice{{SKU: "P0000002", Price: 2, ValidFrom: from}}})
	cur, _ := w.store.CatalogCursor(ctx)
	page, err := w.reader.Feed(ctx, "store-1", cur, 100, 0)
	if err != nil || len(page.Prices) != 1 || page.Prices[0].Price != 89 || page.Cursor <= cur {
		t.Fatalf("store-1 delta %+v, %v", page, err)
	}
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	want, _ := w.db.CatalogCursor(ctx)
	if c, _ := w.store.CatalogCursor(ctx); c != want {
		t.Fatalf("lane at %d; central at %d", c, want)
	}
}
