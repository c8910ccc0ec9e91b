package agent

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// bootstrapChunk is how many changes are applied per local transaction.
const bootstrapChunk = 5000

// Bootstrap streams the store's whole catalog (or everything after the
// lane's cursor) and applies it in chunks, each with its cursor, so a cut
// stream resumes where the last applied chunk ended. It returns the cursor
// reached.
func (a *Agent) Bootstrap(ctx context.Context) (int64, error) {
	cursor, err := a.store.CatalogCursor(ctx)
	if err != nil {
		return 0, fmt.Errorf("read catalog cursor: %w", err)
	}
	if bl, ok := a.store.(pos.CatalogBulkLoader); ok && cursor == 0 {
		// A fresh lane: load the whole catalog, then index names once.
		if err := bl.BeginCatalogBulk(ctx); err != nil {
			return 0, err
		}
		defer func() {
			if err := bl.EndCatalogBulk(context.WithoutCancel(ctx)); err != nil {
				a.log.Error("rebuild the name search after the catalog load", "err", err)
			}
		}()
	}
	var d pos.CatalogDelta
	flush := func() error {
		if d.Cursor <= cursor {
			return nil
		}
		if err := a.store.ApplyCatalog(ctx, d); err != nil {
			return fmt.Errorf("apply catalog to %d: %w", d.Cursor, err)
		}
		cursor = d.Cursor
		d = pos.CatalogDelta{Products: d.Products[:0], Removed: d.Removed[:0]}
		return nil
	}
	end, err := a.c.CatalogStream(ctx, a.cfg.StoreID, cursor, func(l protocol.StreamLine) error {
		switch {
		case l.Extras != nil:
			d.Prices = append(d.Prices, l.Extras.Prices...)
			d.TaxClasses = append(d.TaxClasses, l.Extras.TaxClasses...)
			if l.Extras.Promotions != nil {
				d.Promotions = l.Extras.Promotions
			}
		case l.Removed != "":
			d.Removed = append(d.Removed, l.Removed)
		default:
			var p pos.Product
			if err := json.Unmarshal(l.Product, &p); err != nil {
				return fmt.Errorf("catalog stream change %d: %w", l.Cursor, err)
			}
			d.Products = append(d.Products, p)
		}
		d.Cursor = l.Cursor
		if len(d.Products)+len(d.Removed) >= bootstrapChunk {
			return flush()
		}
		return nil
	})
	if ferr := flush(); ferr != nil && err == nil {
		err = ferr
	}
	if err != nil {
		if ctx.Err() == nil {
			a.st.failed(a.clock.Now(), err)
		}
		return cursor, fmt.Errorf("bootstrap: %w", err)
	}
	a.st.succeeded(a.clock.Now())
	if end > cursor {
		if err := a.store.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: end}); err != nil {
			return cursor, fmt.Errorf("apply catalog cursor %d: %w", end, err)
		}
		cursor = end
	}
	return cursor, nil
}
