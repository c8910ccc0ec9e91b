package main

import (
	"context"
	"fmt"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/central"
)

// sampleCounted is how many of the sample products get a stock count: enough
// for the demo's search to show on-hand figures, few enough to seed at once.
const sampleCounted = 500

// seedSampleStock gives the first sample products a physical count at store
// (as a stocktake would), so the lanes' on-hand view has something to show.
// Quantities vary by product (kilograms of weighed goods), and every tenth
// one is out of stock.
func seedSampleStock(ctx context.Context, db central.Storage, store string, products int, at time.Time) error {
	o, ok := db.(central.OmniStorage)
	if !ok {
		return nil
	}
	i := 0
	err := samplecatalog.Each(min(products, sampleCounted), func(p pos.Product) error {
		i++
		qty := int64(i*7%60 + 1)
		if i%10 == 0 {
			qty = 0
		}
		if p.ByWeight {
			qty *= 1000 // weighed goods are counted in grams
		}
		if err := o.SetStockCount(ctx, store, p.SKU, qty, at); err != nil {
			return fmt.Errorf("seed sample stock: %w", err)
		}
		return nil
	})
	return err
}
