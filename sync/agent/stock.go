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
// and its peers that the levels include. Pages of one snapshot or delta
// are applied as they come, but the position and heads move only with the
// last page, to those of the first: a cut resumes from the old position,
// and the next delta brings again whatever changed while the pages were
// read. A central without a stock feed is not an error.
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
	q := protocol.StockQuery{Moves: moves, Counts: counts, Limit: a.cfg.StockPageSize, Devices: devices}
	var first protocol.StockPage
	for n := 0; ; n++ {
		rctx, cancel := context.WithTimeout(ctx, a.cfg.RequestTimeout)
		page, err := a.c.StockFeed(rctx, a.cfg.StoreID, q)
		cancel()
		if protocol.CodeOf(err) == protocol.CodeNotFound {
			return nil // central keeps no stock feed
		}
		if err != nil {
			return fmt.Errorf("stock after %d/%d, SKU %q: %w", moves, counts, q.After, err)
		}
		if n == 0 {
			first = page
		}
		snap := pos.StockSnapshot{Moves: moves, Counts: counts, Full: n == 0 && page.Full, Levels: make([]pos.StockLevel, len(page.Levels))}
		if snap.Full {
			snap.Heads = page.Heads // a bootstrap starts from nothing: these heads fit its levels
		}
		for i, l := range page.Levels {
			snap.Levels[i] = pos.StockLevel{SKU: l.SKU, OnHand: l.OnHand, Counted: l.Counted, CountedAt: l.CountedAt}
		}
		if !page.More || len(page.Levels) == 0 {
			snap.Moves, snap.Counts, snap.Heads = first.Moves, first.Counts, first.Heads
		}
		if err := ss.ApplyStock(ctx, snap); err != nil {
			return fmt.Errorf("store stock snapshot: %w", err)
		}
		if !page.More || len(page.Levels) == 0 {
			a.log.Debug("stock applied", "moves", first.Moves, "counts", first.Counts, "pages", n+1, "full", first.Full)
			return nil
		}
		q.After = page.Levels[len(page.Levels)-1].SKU
	}
}
