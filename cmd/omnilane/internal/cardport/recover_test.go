package cardport_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/omnilane/omnilane/devices/terminal/nexo/nexosim"
	"github.com/omnilane/omnilane/pos"
)

// A lane that dies after recording a payment in flight but before sending
// it: recovery learns from the terminal that it never saw the request, and
// the basket comes back on the lane, the sale still open.
func TestRecoverPaymentNeverSent(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	addr := inProcessSim(t, dir)
	dbPath, logPath := filepath.Join(dir, "lane.db"), filepath.Join(dir, "lane.log")
	e := openLane(t, dbPath, logPath, addr, nil)
	e.signIn(t, false)
	if _, err := e.lane.Scan(ctx, plu(amtApprove)); err != nil {
		t.Fatal(err)
	}
	b := e.lane.Basket()
	p, err := e.cards.Begin(ctx, pos.CardPayment{Kind: pos.CardKindPayment, TransactionRef: "basket-1", Amount: b.Totals.Total, Currency: "EUR",
		Basket: &pos.CardBasket{Currency: b.Currency, Lines: b.Lines, Totals: b.Totals}})
	if err != nil {
		t.Fatal(err)
	}
	e.close() // the lane dies here

	e = openLane(t, dbPath, logPath, addr, nil)
	defer e.close()
	if len(e.lane.Basket().Lines) != 0 {
		t.Fatal("a fresh lane starts with a basket")
	}
	got, err := e.lane.RecoverCardPayments(ctx, e.cards)
	if err != nil || len(got) != 1 || got[0].ID != p.ID || got[0].State != pos.CardNotTaken {
		t.Fatalf("recovered %+v %v", got, err)
	}
	if bv := e.lane.Basket(); bv.Totals.Total != amtApprove || len(bv.Lines) != 1 {
		t.Fatalf("basket not back on the lane: %+v", bv)
	}
	// And it can now be paid, once.
	e.signIn(t, false)
	s, err := e.lane.PayCard(ctx, e.cards)
	if err != nil || s.Totals.Total != amtApprove {
		t.Fatalf("%+v %v", s, err)
	}
	final, _ := nexosim.FinalLedger(filepath.Join(dir, "ledger.jsonl"))
	if len(final) != 1 || !final[0].Approved() {
		t.Fatalf("terminal ledger %+v", final)
	}
}
