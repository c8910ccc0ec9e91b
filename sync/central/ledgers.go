package central

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// LedgerMove is one change of a gift card or store credit balance, as a
// lane journalled it: a ledger.credited event, a gift card or store credit
// tender of a sale (a debit) or a refund to one in a return (a credit).
type LedgerMove struct {
	// Kind is pos.LedgerGiftCard or pos.LedgerStoreCredit; Account the card
	// number or customer account.
	Kind, Account string
	// Delta in minor units: negative for a debit.
	Delta int64
	// Currency of the movement.
	Currency string
	// DeviceID and Seq of the journal entry; a movement is counted once
	// per (DeviceID, Seq, Kind, Account).
	DeviceID string
	Seq      int64
	// At is when it happened at the lane.
	At time.Time
}

// LedgerResult is what recording a LedgerMove did.
type LedgerResult struct {
	// Applied is false when the movement was already counted.
	Applied bool
	// Balance of the account after the movement.
	Balance int64
	// Currency of the account (that of its first movement).
	Currency string
}

// LedgerBook is implemented by a JournalTx that keeps the chain-wide
// gift card and store credit ledgers. Ingest collects a batch's movements
// and calls AddLedgers once, after the stock (so a backend that locks the
// ledgers takes that lock last, in its last round trips).
type LedgerBook interface {
	// AddLedgers records movements in order, each once per (device, seq,
	// kind, account), and returns what each did.
	AddLedgers(ctx context.Context, ms []LedgerMove) ([]LedgerResult, error)
}

// OverspentFormat is the detail of an overspent exception: kind, account
// and the balance after the movement.
const OverspentFormat = "%s %s was spent beyond its balance: balance now %d"

// ledgerMoves returns the ledger movements a projected entry records,
// one per account (a sale paying twice from one card debits it once, by
// the sum).
func ledgerMoves(e pos.Event, p *payload, saleFresh bool) []LedgerMove {
	var ms []LedgerMove
	add := func(kind, account, currency string, delta int64, at time.Time) {
		if kind != pos.LedgerGiftCard && kind != pos.LedgerStoreCredit || delta == 0 {
			return
		}
		account = strings.TrimSpace(account)
		for i := range ms {
			if ms[i].Kind == kind && ms[i].Account == account {
				ms[i].Delta += delta
				return
			}
		}
		ms = append(ms, LedgerMove{Kind: kind, Account: account, Delta: delta, Currency: currency, DeviceID: e.DeviceID, Seq: e.Seq, At: at})
	}
	switch e.Type {
	case pos.EventLedgerCredited:
		if c := p.credit; c != nil && p.err == nil && c.Delta > 0 {
			add(c.Kind, c.Account, c.Currency, int64(c.Delta), c.At)
		}
	case pos.EventSaleCompleted:
		if s := p.saleOK(e); s != nil && saleFresh {
			for _, t := range s.Tenders {
				add(t.Method, t.Ref, s.Currency, -int64(t.Amount), s.At)
			}
		}
	case pos.EventReturnCompleted:
		if r := p.returnOK(); r != nil {
			for _, t := range r.Tenders {
				add(t.Method, t.Ref, r.Currency, int64(t.Amount), r.At)
			}
		}
	}
	return ms
}

// book records the batch's held ledger movements and lists the overspent
// accounts and currency mismatches they cause.
func (g *ledger) book(ctx context.Context) error {
	if len(g.books) == 0 {
		return nil
	}
	lb, ok := g.tx.(LedgerBook)
	if !ok {
		g.books = nil
		return nil
	}
	ms := g.books
	g.books = nil
	res, err := lb.AddLedgers(ctx, ms)
	if err != nil {
		return fmt.Errorf("ledgers: %w", err)
	}
	for i, m := range ms {
		r := res[i]
		if !r.Applied {
			continue
		}
		ref := m.Kind + " " + m.Account
		if r.Currency != m.Currency {
			if err := g.tx.Exception(ctx, Exception{Kind: "ledger_currency", DeviceID: m.DeviceID, Seq: m.Seq, Ref: ref,
				Detail: fmt.Sprintf("%s %s is in %s but a movement is in %s", m.Kind, m.Account, r.Currency, m.Currency)}); err != nil {
				return err
			}
		}
		if m.Delta < 0 && r.Balance < 0 {
			if err := g.tx.Exception(ctx, Exception{Kind: "overspent", DeviceID: m.DeviceID, Seq: m.Seq, Ref: ref,
				Detail: fmt.Sprintf(OverspentFormat, m.Kind, m.Account, r.Balance)}); err != nil {
				return err
			}
		}
	}
	return nil
}
