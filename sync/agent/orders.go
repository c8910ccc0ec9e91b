package agent

import (
	"context"
	"fmt"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// PullOrders brings the store's online orders to the lane when its store
// keeps orders (pos.OrderStore). The orders cursor is kept in the lane's
// store when it can (pos.OrdersCursorStore), so a restarted lane asks only
// for what changed since; otherwise it lives in memory and a restart
// fetches every order again, which UpsertOrders absorbs.
func (a *Agent) PullOrders(ctx context.Context) error {
	os, ok := a.store.(pos.OrderStore)
	if !ok {
		return nil
	}
	cs, persist := a.store.(pos.OrdersCursorStore)
	for {
		a.mu.Lock()
		cursor := a.ordersCursor
		a.mu.Unlock()
		if persist {
			c, err := cs.OrdersCursor(ctx)
			if err != nil {
				return fmt.Errorf("read orders cursor: %w", err)
			}
			cursor = c
		}
		rctx, cancel := context.WithTimeout(ctx, a.cfg.RequestTimeout)
		page, err := a.c.Orders(rctx, a.cfg.StoreID, cursor, a.cfg.PageSize)
		cancel()
		if protocol.CodeOf(err) == protocol.CodeNotFound {
			return nil // central keeps no orders
		}
		if err != nil {
			return fmt.Errorf("orders after %d: %w", cursor, err)
		}
		if len(page.Orders) > 0 {
			if err := os.UpsertOrders(ctx, page.Orders); err != nil {
				return fmt.Errorf("store orders: %w", err)
			}
		}
		if persist {
			if err := cs.SetOrdersCursor(ctx, page.Cursor); err != nil {
				return fmt.Errorf("record orders cursor %d: %w", page.Cursor, err)
			}
		}
		a.mu.Lock()
		a.ordersCursor = page.Cursor
		a.mu.Unlock()
		if !page.More {
			return nil
		}
	}
}

// LookupSale asks central for a sale rung anywhere (a return of another
// lane's or store's sale); offline, the lane falls back to its own and its
// peers' copies.
func (a *Agent) LookupSale(ctx context.Context, receiptCode string) (protocol.SaleLookup, error) {
	rctx, cancel := context.WithTimeout(ctx, a.cfg.RequestTimeout)
	defer cancel()
	return a.c.LookupSale(rctx, receiptCode)
}

// SaleByReceipt implements pos.SaleFinder through central (pos.SaleLookup's
// Central): a sale central does not hold is ENOTFOUND; central unreachable
// is another error, so the desk can tell "no such sale" from "cannot look".
func (a *Agent) SaleByReceipt(ctx context.Context, code string) (pos.Sale, error) {
	l, err := a.LookupSale(ctx, code)
	if protocol.CodeOf(err) == protocol.CodeNotFound {
		return pos.Sale{}, pos.Errorf(pos.ENOTFOUND, "central holds no sale %s", code)
	}
	if err != nil {
		return pos.Sale{}, fmt.Errorf("ask central for sale %s: %w", code, err)
	}
	return l.Sale, nil
}

var _ pos.SaleFinder = (*Agent)(nil)
