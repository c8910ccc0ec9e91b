package agent

import (
	"context"
	"fmt"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// PullCustomers brings the store's customer summaries to the lane when its
// store keeps them (pos.CustomerStore), page by page from the cursor the
// lane recorded. A central without customers is not an error.
func (a *Agent) PullCustomers(ctx context.Context) error {
	cs, ok := a.store.(pos.CustomerStore)
	if !ok {
		return nil
	}
	for {
		cursor, err := cs.CustomersCursor(ctx)
		if err != nil {
			return fmt.Errorf("read customers cursor: %w", err)
		}
		rctx, cancel := context.WithTimeout(ctx, a.cfg.RequestTimeout)
		page, err := a.c.Customers(rctx, a.cfg.StoreID, cursor, a.cfg.PageSize)
		cancel()
		if protocol.CodeOf(err) == protocol.CodeNotFound {
			return nil // central keeps no customers
		}
		if err != nil {
			return fmt.Errorf("customers after %d: %w", cursor, err)
		}
		if page.Cursor > cursor {
			if err := cs.ApplyCustomers(ctx, pos.CustomerDelta{Cursor: page.Cursor, Customers: page.Customers, Removed: page.Removed}); err != nil {
				return fmt.Errorf("store customers to %d: %w", page.Cursor, err)
			}
		}
		if !page.More {
			return nil
		}
	}
}
