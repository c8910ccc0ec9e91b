package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
	"github.com/omnilane/omnilane/sync/testchain"
)

// journal builds one device's journal event by event for a test.
type journal struct {
	t      testing.TB
	device string
	es     []pos.Event
}

// add seals the next event of the journal and returns it alone.
func (j *journal) add(typ string, payload any) []pos.Event {
	j.t.Helper()
	var prev *pos.Event
	if len(j.es) > 0 {
		prev = &j.es[len(j.es)-1]
	}
	e, err := testchain.Next(j.device, prev, typ, payload, T0.Add(time.Duration(len(j.es))*time.Second))
	if err != nil {
		j.t.Fatal(err)
	}
	j.es = append(j.es, e)
	return []pos.Event{e}
}

// giftSale is a sale at device of total cents paid amount from a gift card
// and the rest in cash.
func giftSale(device string, n int64, card string, total, fromCard pos.Money) pos.Sale {
	s := testchain.Sale(store, device, n, total, T0)
	s.Tenders = []pos.Tender{{Method: pos.TenderGiftCard, Amount: fromCard, Ref: card}}
	if total > fromCard {
		s.Tenders = append(s.Tenders, pos.Tender{Method: pos.TenderCash, Amount: total - fromCard, Received: total - fromCard})
	}
	return s
}

// RunLedgers is the conformance case of the chain-wide ledgers
// (central.LedgerBook, central.LedgerFeed): credits, gift card tenders of
// sales and refunds to a gift card move the account's balance once per
// journal entry whatever is sent again; the feed gives every balance on
// bootstrap and only the changed ones after a position, page by page,
// with the heads of the devices asked about; an account spent below zero
// by lanes offline is listed as "overspent". Backends call it beside Run.
func RunLedgers(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := newDatabase(t)(t)
	lf, ok := st.(central.LedgerFeed)
	if !ok {
		t.Skipf("%T has no ledger feed (central.LedgerFeed)", st)
	}
	if err := st.EnsureStore(ctx, store); err != nil {
		t.Fatal(err)
	}
	devices := []string{"lane-1", "lane-2"}
	feed := func(what string, q protocol.LedgerQuery) protocol.LedgerPage {
		t.Helper()
		q.Devices = devices
		if q.Limit == 0 {
			q.Limit = 100
		}
		p, err := lf.LedgerChanges(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return p
	}
	balances := func(p protocol.LedgerPage) map[string]int64 {
		out := map[string]int64{}
		for _, b := range p.Balances {
			if b.Currency != "EUR" {
				t.Fatalf("%s %s in %q", b.Kind, b.Account, b.Currency)
			}
			out[b.Kind+" "+b.Account] = b.Balance
		}
		return out
	}
	send := func(device string, es []pos.Event) {
		t.Helper()
		if _, err := ingest(ctx, st, device, es); err != nil {
			t.Fatalf("%s: %v", device, err)
		}
	}

	if p := feed("empty", protocol.LedgerQuery{}); !p.Full || len(p.Balances) != 0 || len(p.Heads) != 2 || p.Position != 0 {
		t.Fatalf("empty chain: %+v", p)
	}

	// lane-1 loads 50 € on GC-1 and 10 € of store credit, then sells 20 €
	// from GC-1.
	l1, l2 := &journal{t: t, device: "lane-1"}, &journal{t: t, device: "lane-2"}
	l1.add(pos.EventLedgerCredited, pos.LedgerMovement{Kind: pos.LedgerGiftCard, Account: "GC-1", Delta: 5000, Currency: "EUR", Reason: "carga", At: T0})
	l1.add(pos.EventLedgerCredited, pos.LedgerMovement{Kind: pos.LedgerStoreCredit, Account: "C-9", Delta: 1000, Currency: "EUR", Reason: "carga", At: T0})
	l1.add(pos.EventSaleCompleted, giftSale("lane-1", 1, "GC-1", 2500, 2000))
	send("lane-1", l1.es)
	boot := feed("bootstrap", protocol.LedgerQuery{})
	if b := balances(boot); !boot.Full || len(b) != 2 || b["gift_card GC-1"] != 3000 || b["store_credit C-9"] != 1000 {
		t.Fatalf("bootstrap: %+v", boot)
	}
	if boot.Heads["lane-1"] != 3 || boot.Heads["lane-2"] != 0 || boot.Position == 0 {
		t.Fatalf("bootstrap position %d heads %v", boot.Position, boot.Heads)
	}
	// The whole journal again: nothing counted twice.
	send("lane-1", l1.es)
	if b := balances(feed("after a resend", protocol.LedgerQuery{})); b["gift_card GC-1"] != 3000 {
		t.Fatalf("a resent journal moved GC-1 again: %v", b)
	}
	if p := feed("nothing new", protocol.LedgerQuery{Since: boot.Position}); p.Full || len(p.Balances) != 0 || p.Position != boot.Position {
		t.Fatalf("no change since the bootstrap: %+v", p)
	}

	// Paging the bootstrap one account at a time, by kind then account.
	pg1 := feed("page 1", protocol.LedgerQuery{Limit: 1})
	if len(pg1.Balances) != 1 || !pg1.More || pg1.Balances[0].Account != "GC-1" {
		t.Fatalf("page 1: %+v", pg1)
	}
	pg2 := feed("page 2", protocol.LedgerQuery{Limit: 1, AfterKind: pg1.Balances[0].Kind, AfterAccount: pg1.Balances[0].Account})
	if len(pg2.Balances) != 1 || pg2.More || pg2.Balances[0].Account != "C-9" {
		t.Fatalf("page 2: %+v", pg2)
	}

	// Offline, lane-2 takes 20 € and lane-1 another 20 € from the 30 €
	// left: central counts both and lists the account as overspent.
	send("lane-2", l2.add(pos.EventSaleCompleted, giftSale("lane-2", 1, "GC-1", 2000, 2000)))
	if k := kinds(t, st); k["overspent"] != 0 {
		t.Fatalf("a debit within the balance was listed: %v", k)
	}
	send("lane-1", l1.add(pos.EventSaleCompleted, giftSale("lane-1", 2, "GC-1", 2000, 2000)))
	delta := feed("delta", protocol.LedgerQuery{Since: boot.Position})
	if b := balances(delta); delta.Full || len(b) != 1 || b["gift_card GC-1"] != -1000 {
		t.Fatalf("delta after the sales: %+v", delta)
	}
	if delta.Heads["lane-1"] != 4 || delta.Heads["lane-2"] != 1 || delta.Position <= boot.Position {
		t.Fatalf("delta position %d heads %v", delta.Position, delta.Heads)
	}
	if k := kinds(t, st); k["overspent"] != 1 {
		t.Fatalf("exceptions %v; want one overspent", k)
	}

	// A refund of 5 € to the card at lane-2 credits it.
	ret := pos.Return{ID: uuid.Must(uuid.NewV7()).String(), StoreID: store, DeviceID: "lane-2", Number: 1,
		OriginalSaleID: uuid.Must(uuid.NewV7()).String(), Currency: "EUR", At: T0,
		Tenders: []pos.Tender{{Method: pos.TenderGiftCard, Amount: 500, Ref: "GC-1"}}}
	send("lane-2", l2.add(pos.EventReturnCompleted, ret))
	after := feed("after the refund", protocol.LedgerQuery{Since: delta.Position})
	if b := balances(after); len(b) != 1 || b["gift_card GC-1"] != -500 || after.Heads["lane-2"] != 2 {
		t.Fatalf("after the refund: %+v", after)
	}
	if k := kinds(t, st); k["overspent"] != 1 {
		t.Fatalf("a credit was listed as overspent: %v", k)
	}

	// A position ahead of central's (a restored database) gets everything.
	if p := feed("restored", protocol.LedgerQuery{Since: after.Position + 1000}); !p.Full || len(p.Balances) != 2 {
		t.Fatalf("a position central does not know: %+v", p)
	}
}
