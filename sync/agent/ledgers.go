package agent

import (
	"context"
	"fmt"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// PullLedgers brings central's chain-wide gift card and store credit
// balances to the lane when its store keeps them (pos.LedgerSyncStore),
// exactly as PullStock brings the stock: the whole snapshot the first time,
// then the balances changed since, each with the journal heads of this
// lane and its peers that the balances include; pages applied as they
// come, position and heads moved only with the last page, to those of the
// first. A central without a ledger feed is not an error.
func (a *Agent) PullLedgers(ctx context.Context) error {
	ls, ok := a.store.(pos.LedgerSyncStore)
	if !ok {
		return nil
	}
	since, peers, err := ls.LedgerPosition(ctx)
	if err != nil {
		return fmt.Errorf("read ledger position: %w", err)
	}
	devices := append([]string{a.cfg.DeviceID}, peers...)
	if len(devices) > protocol.MaxLedgerDevices {
		devices = devices[:protocol.MaxLedgerDevices]
	}
	q := protocol.LedgerQuery{Since: since, Limit: a.cfg.StockPageSize, Devices: devices}
	var first protocol.LedgerPage
	for n := 0; ; n++ {
		rctx, cancel := context.WithTimeout(ctx, a.cfg.RequestTimeout)
		page, err := a.c.LedgerFeed(rctx, q)
		cancel()
		if protocol.CodeOf(err) == protocol.CodeNotFound {
			return nil // central keeps no ledger feed
		}
		if err != nil {
			return fmt.Errorf("ledgers after %d, account %q: %w", since, q.AfterAccount, err)
		}
		if n == 0 {
			first = page
		}
		snap := pos.LedgerSnapshot{Position: since, Full: n == 0 && page.Full, Balances: make([]pos.LedgerBalance, len(page.Balances))}
		if snap.Full {
			snap.Heads = page.Heads // a bootstrap starts from nothing: these heads fit its balances
		}
		for i, b := range page.Balances {
			snap.Balances[i] = pos.LedgerBalance{Kind: b.Kind, Account: b.Account, Currency: b.Currency, Balance: pos.Money(b.Balance)}
		}
		last := !page.More || len(page.Balances) == 0
		if last {
			snap.Position, snap.Heads = first.Position, first.Heads
		}
		if err := ls.ApplyLedgers(ctx, snap); err != nil {
			return fmt.Errorf("store ledger snapshot: %w", err)
		}
		if last {
			a.log.Debug("ledgers applied", "position", first.Position, "pages", n+1, "full", first.Full)
			return nil
		}
		b := page.Balances[len(page.Balances)-1]
		q.AfterKind, q.AfterAccount = b.Kind, b.Account
	}
}
