package agent

import (
	"context"
	"fmt"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// PullStock brings central's stock snapshot of the store to the lane when
// its store keeps one (pos.StockStore): the whole snapshot the first time,
// then the levels changed since, each with the journal heads of this lane
// and its peers that the levels include. A central without a stock feed
// is not an error.
func (a *Agent) PullStock(ctx context.Context) error {
	ss, ok := a.store.(pos.StockStore)
	if !ok {
		return nil
	}
	moves, counts, peers, err := ss.StockPosition(ctx)
	if err != nil {
		return fmt.Errorf("read stock position: %w", err)
	}
	devices := append([]string{a.cfg.DeviceID}, peers...)
	if len(devices) > protocol.MaxStockDevices {
		devices = devices[:protocol.MaxStockDevices]
	}
	rctx, cancel := context.WithTimeout(ctx, a.cfg.RequestTimeout)
	page, err := a.c.StockFeed(rctx, a.cfg.StoreID, moves, counts, devices)
	cancel()
	if protocol.CodeOf(err) == protocol.CodeNotFound {
		return nil // central keeps no stock feed
	}
	if err != nil {
		return fmt.Errorf("stock after %d/%d: %w", moves, counts, err)
	}
	snap := pos.StockSnapshot{Moves: page.Moves, Counts: page.Counts, Full: page.Full, Heads: page.Heads, Levels: make([]pos.StockLevel, len(page.Levels))}
	for i, l := range page.Levels {
		snap.Levels[i] = pos.StockLevel{SKU: l.SKU, OnHand: l.OnHand, Counted: l.Counted, CountedAt: l.CountedAt}
	}
	if err := ss.ApplyStock(ctx, snap); err != nil {
		return fmt.Errorf("store stock snapshot: %w", err)
	}
	a.log.Debug("stock applied", "moves", page.Moves, "counts", page.Counts, "levels", len(page.Levels), "full", page.Full)
	return nil
}
