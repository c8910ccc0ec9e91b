package cardport_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/omnilane/omnilane/devices/terminal/nexo/nexosim"
	"github.com/omnilane/omnilane/pos"
)

// While a card payment for the basket is unresolved, the cashier cannot take
// cash (or a split without card) for the same goods: if the terminal did
// approve, recovery would record a second sale and the customer would pay
// twice. Once the terminal says it never took the card, cash goes through,
// once.
func TestNoCashWhileCardUnresolved(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	addr := inProcessSim(t, dir)
	e := openLane(t, filepath.Join(dir, "lane.db"), filepath.Join(dir, "lane.log"), addr, nil)
	defer e.close()
	e.signIn(t, false)
	if _, err := e.lane.Scan(ctx, plu(amtApprove)); err != nil {
		t.Fatal(err)
	}
	b := e.lane.Basket()
	// A request recorded in flight whose answer the lane never got.
	if _, err := e.cards.Begin(ctx, pos.CardPayment{Kind: pos.CardKindPayment, TransactionRef: "basket-1", Amount: b.Totals.Total, Currency: "EUR",
		Basket: &pos.CardBasket{Currency: b.Currency, Lines: b.Lines, Totals: b.Totals}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.lane.PayCash(ctx, b.Totals.Total+1000); pos.ErrorCode(err) != pos.ECARDUNKNOWN {
		t.Fatalf("cash while the card is unresolved: %v", err)
	}
	if _, err := e.lane.PayWith(ctx, []pos.TenderRequest{{Method: pos.TenderCash, Amount: b.Totals.Total}}); pos.ErrorCode(err) != pos.ECARDUNKNOWN {
		t.Fatalf("split without card while the card is unresolved: %v", err)
	}
	if len(e.lane.Basket().Lines) != 1 {
		t.Fatal("the refusal lost the basket")
	}
	// The terminal never saw it: resolved as not taken, and cash goes through.
	if got, err := e.lane.RecoverCardPayments(ctx, e.cards); err != nil || len(got) != 1 || got[0].State != pos.CardNotTaken {
		t.Fatalf("recover: %+v %v", got, err)
	}
	s, err := e.lane.PayCash(ctx, b.Totals.Total+1000)
	if err != nil || len(s.Tenders) != 1 || s.Tenders[0].Method != pos.TenderCash {
		t.Fatalf("cash after the card was resolved: %+v %v", s, err)
	}
	final, _ := nexosim.FinalLedger(filepath.Join(dir, "ledger.jsonl"))
	if len(final) != 0 {
		t.Fatalf("the terminal charged: %+v", final)
	}
}
