package cardport_test

// Split tender with a card, against the simulator as a separate process: a
// gift card, a voucher and cash with the card last; a card for a part and
// cash for the rest; a declined card that leaves the other tenders usable;
// and the lane killed before sending and after the terminal approved, where
// recovery must complete the sale with all its tenders exactly once, or put
// the basket (manual discount included) back with nothing spent.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

const (
	giftCard = "6001000"
	voucher  = "VALE-SPLIT"
)

// killBeforeSend announces that the payment is about to be sent and hangs,
// so the parent kills the lane after the request was recorded in flight and
// before the terminal heard of it.
type killBeforeSend struct{ pos.CardTerminal }

func (k killBeforeSend) Pay(ctx context.Context, req pos.CardRequest) (pos.CardResult, error) {
	fmt.Printf("SENDING %s\n", req.Ref.ServiceID)
	os.Stdout.Sync()
	select {}
}

// splitHelper is the lane process of the split cases: 90,00 € less a 10 %
// manual discount, paid with 5,00 € on the gift card, (the voucher,) 3,00 €
// in cash and the rest by card.
func splitHelper(t *testing.T, mode string) {
	wrap := func(c pos.CardTerminal) pos.CardTerminal { return killAfterApproval{c} }
	reqs := []pos.TenderRequest{{Method: pos.TenderGiftCard, Ref: giftCard, Amount: 500}, {Method: pos.TenderVoucher, Ref: voucher},
		{Method: pos.TenderCash, Amount: 300}, {Method: pos.TenderCard}}
	if mode == "split-before-send" {
		wrap = func(c pos.CardTerminal) pos.CardTerminal { return killBeforeSend{c} }
		reqs = append(reqs[:1], reqs[2:]...) // no voucher
	}
	e := openLane(t, os.Getenv("OMNILANE_DB"), os.Getenv("OMNILANE_LOG"), os.Getenv("OMNILANE_SIM"), wrap)
	ctx := context.Background()
	e.signIn(t, false)
	if _, err := e.lane.Scan(ctx, plu(amtBig)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.lane.DiscountBasket(ctx, pos.ManualDiscount{Percent: 1000, Reason: "cliente habitual"}, nil); err != nil {
		t.Fatal(err)
	}
	_, err := e.lane.PaySplit(ctx, e.cards, reqs)
	fmt.Printf("DONE %v\n", err)
}

func balance(t *testing.T, e *laneEnv) pos.Money {
	t.Helper()
	b, err := e.db.LedgerBalance(context.Background(), pos.LedgerGiftCard, giftCard)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func countRows(t *testing.T, e *laneEnv, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.SQL().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func tendersString(ts []pos.Tender) string {
	s := ""
	for _, t := range ts {
		s += fmt.Sprintf("%s:%d ", t.Method, t.Amount)
	}
	return s
}

// checkSplitSale asserts a sale paid by card among other tenders: the
// terminal charged the card part once, the sale carries every tender once,
// each ledger debit and voucher redemption happened once, nothing is held.
func (m *matrix) checkSplitSale(t *testing.T, s pos.Sale, want string) {
	t.Helper()
	ctx := context.Background()
	if open, _ := m.e.cards.Open(ctx); len(open) != 0 {
		t.Fatalf("%d card requests left unresolved", len(open))
	}
	if got := tendersString(s.Tenders); got != want {
		t.Fatalf("tenders %q, want %q", got, want)
	}
	var paid pos.Money
	var card pos.Tender
	for _, tn := range s.Tenders {
		paid += tn.Amount
		if tn.Method == pos.TenderCard {
			card = tn
		}
	}
	if paid != s.Totals.Total {
		t.Fatalf("tenders pay %d of %d", paid, s.Totals.Total)
	}
	p := m.lastRequest(t, pos.CardKindPayment)
	tx, seen := m.sim.ledgerTxn(p.Ref.ServiceID)
	if !seen || !tx.Approved() || tx.Minor != int64(card.Amount) || tx.TxID != card.Ref || p.State != pos.CardRecorded || p.SaleID != s.ID {
		t.Fatalf("terminal %+v (seen %v), lane request %+v, card tender %+v", tx, seen, p, card)
	}
	if n := countCardSales(t, m.e.db, tx.TxID); n != 1 {
		t.Fatalf("terminal transaction on %d sales", n)
	}
	if n := countEvents(t, m.e.db, pos.EventCardPayment, p.ID); n != 1 {
		t.Fatalf("%d card.payment events", n)
	}
	if n := countRows(t, m.e, `SELECT count(*) FROM journal WHERE type = ? AND json_extract(payload, '$.id') = ?`, pos.EventSaleCompleted, s.ID); n != 1 {
		t.Fatalf("%d sale.completed events", n)
	}
	debits := 0
	for _, tn := range s.Tenders {
		if tn.Method == pos.TenderGiftCard {
			debits++
		}
	}
	if n := countRows(t, m.e, `SELECT count(*) FROM ledger_movements WHERE ref = ? AND delta < 0`, s.ID); n != debits {
		t.Fatalf("%d ledger debits for the sale, want %d", n, debits)
	}
	if len(m.e.lane.Basket().Lines) != 0 {
		t.Fatal("basket not cleared after the sale")
	}
}

func TestSplitTenderWithCard(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the simulator process")
	}
	ctx := context.Background()
	dir := t.TempDir()
	sim := &simProc{t: t, bin: buildSim(t), ledger: filepath.Join(dir, "terminal.jsonl"), log: filepath.Join(dir, "terminal.log")}
	sim.start("127.0.0.1:0")
	defer func() { sim.kill() }()
	m := &matrix{t: t, sim: sim, dir: dir, dbPath: filepath.Join(dir, "lane.db"), logLn: filepath.Join(dir, "lane.log")}
	m.reopen(true)
	defer func() { m.e.close() }()
	if _, err := m.e.lane.CreditLedger(ctx, pos.LedgerGiftCard, giftCard, 5000, "carga", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := m.e.lane.IssueVoucher(ctx, voucher, 1000, "gesto comercial", nil); err != nil {
		t.Fatal(err)
	}
	m.e.signIn(t, false)
	scan := func(t *testing.T) {
		t.Helper()
		if _, err := m.e.lane.Scan(ctx, plu(amtBig)); err != nil {
			t.Fatal(err)
		}
	}

	var first pos.Sale
	t.Run("gift-card-cash-then-card-for-the-rest", func(t *testing.T) {
		scan(t)
		s, err := m.e.lane.PaySplit(ctx, m.e.cards, []pos.TenderRequest{{Method: pos.TenderGiftCard, Ref: giftCard, Amount: 500},
			{Method: pos.TenderCash, Amount: 300}, {Method: pos.TenderCard}})
		if err != nil {
			t.Fatal(err)
		}
		m.checkSplitSale(t, s, "gift_card:500 card:8200 cash:300 ")
		if b := balance(t, m.e); b != 4500 {
			t.Fatalf("gift card balance %d", b)
		}
		first = s
	})

	t.Run("declined-card-leaves-the-other-tenders-usable", func(t *testing.T) {
		scan(t)
		_, err := m.e.lane.PaySplit(ctx, m.e.cards, []pos.TenderRequest{{Method: pos.TenderGiftCard, Ref: giftCard, Amount: 500},
			{Method: pos.TenderCard, Amount: amtDecline}, {Method: pos.TenderCash, Amount: 10000}})
		if pos.ErrorCode(err) != pos.ECARDDECLINED {
			t.Fatalf("got %v", err)
		}
		if b := balance(t, m.e); b != 4500 {
			t.Fatalf("a declined card spent the gift card: balance %d", b)
		}
		if bv := m.e.lane.Basket(); bv.Totals.Total != amtBig {
			t.Fatalf("basket not open: %+v", bv.Totals)
		}
		// The cashier takes the rest in cash instead; the whole balance is usable.
		s, err := m.e.lane.PayWith(ctx, []pos.TenderRequest{{Method: pos.TenderGiftCard, Ref: giftCard}, {Method: pos.TenderCash, Amount: 5000}})
		if err != nil {
			t.Fatal(err)
		}
		if got := tendersString(s.Tenders); got != "gift_card:4500 cash:4500 " || s.Change != 500 {
			t.Fatalf("tenders %q change %d", got, s.Change)
		}
		if _, err := m.e.lane.CreditLedger(ctx, pos.LedgerGiftCard, giftCard, 4500, "carga", nil); pos.ErrorCode(err) != pos.EOVERRIDE {
			t.Fatalf("a cashier credited a gift card: %v", err)
		}
	})

	// Top the card up again (a manager) for the crash cases.
	m.reopen(true)
	if _, err := m.e.lane.CreditLedger(ctx, pos.LedgerGiftCard, giftCard, 4500, "carga", nil); err != nil {
		t.Fatal(err)
	}
	m.e.signIn(t, false)

	t.Run("card-for-a-part-then-cash", func(t *testing.T) {
		scan(t)
		s, err := m.e.lane.PaySplit(ctx, m.e.cards, []pos.TenderRequest{{Method: pos.TenderCard, Amount: amtApprove}, {Method: pos.TenderCash, Amount: 10000}})
		if err != nil {
			t.Fatal(err)
		}
		m.checkSplitSale(t, s, "card:2000 cash:7000 ")
		if s.Change != 3000 || s.Tenders[1].Received != 10000 {
			t.Fatalf("change %d, cash %+v", s.Change, s.Tenders[1])
		}
	})

	t.Run("card-more-than-due-refused", func(t *testing.T) {
		scan(t)
		n := countRows(t, m.e, `SELECT count(*) FROM card_payments`)
		_, err := m.e.lane.PaySplit(ctx, m.e.cards, []pos.TenderRequest{{Method: pos.TenderGiftCard, Ref: giftCard, Amount: 500}, {Method: pos.TenderCard, Amount: amtBig}})
		if pos.ErrorCode(err) != pos.EINVALID || countRows(t, m.e, `SELECT count(*) FROM card_payments`) != n {
			t.Fatalf("got %v; a request was sent", err)
		}
		if _, err := m.e.lane.PayCash(ctx, amtBig); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("lane-killed-after-approval", func(t *testing.T) {
		before := balance(t, m.e)
		m.e.close()
		runLaneUntil(t, []string{"OMNILANE_LANE_HELPER=split", "OMNILANE_DB=" + m.dbPath, "OMNILANE_LOG=" + m.logLn,
			"OMNILANE_SIM=" + sim.addr}, "APPROVED ")
		m.e = openLane(t, m.dbPath, m.logLn, sim.addr, nil)
		open, _ := m.e.cards.Open(ctx)
		if len(open) != 1 || open[0].State != pos.CardInFlight || open[0].Basket == nil || len(open[0].Basket.Tenders) != 3 {
			t.Fatalf("the killed lane left %+v", open)
		}
		// While the card is unresolved its other tenders are held.
		m.e.signIn(t, false)
		if _, err := m.e.lane.Scan(ctx, plu(amtBig)); err != nil {
			t.Fatal(err)
		}
		if _, err := m.e.lane.PayWith(ctx, []pos.TenderRequest{{Method: pos.TenderVoucher, Ref: voucher}, {Method: pos.TenderCash, Amount: 10000}}); pos.ErrorCode(err) != pos.ECONFLICT {
			t.Fatalf("a held voucher was spent: %v", err)
		}
		if _, err := m.e.lane.PayWith(ctx, []pos.TenderRequest{{Method: pos.TenderGiftCard, Ref: giftCard, Amount: before}, {Method: pos.TenderCash, Amount: 5000}}); pos.ErrorCode(err) != pos.EINSUFFICIENT {
			t.Fatalf("a held gift card balance was spent: %v", err)
		}
		if _, err := m.e.lane.PayCash(ctx, amtBig); err != nil {
			t.Fatal(err)
		}
		done, err := m.e.lane.RecoverCardPayments(ctx, m.e.cards)
		if err != nil || len(done) != 1 || done[0].State != pos.CardRecorded {
			t.Fatalf("recovery %+v %v", done, err)
		}
		s, err := m.e.db.SaleByID(ctx, done[0].SaleID)
		if err != nil {
			t.Fatal(err)
		}
		// 90,00 − 10 % = 81,00: 5,00 gift card, 10,00 voucher, 63,00 card, 3,00 cash.
		m.checkSplitSale(t, s, "gift_card:500 voucher:1000 card:6300 cash:300 ")
		if s.Manual == nil || s.Manual.Percent != 1000 || s.Totals.Total != 8100 || s.Operator != "1001" {
			t.Fatalf("recovered sale lost its manual discount or cashier: %+v %+v", s.Manual, s.Totals)
		}
		if b := balance(t, m.e); b != before-500 {
			t.Fatalf("gift card %d, want %d", b, before-500)
		}
		if v, err := m.e.db.VoucherByCode(ctx, voucher); err != nil || v.RedeemedSale != s.ID {
			t.Fatalf("voucher %+v %v", v, err)
		}
		// Recovering again changes nothing.
		if again, err := m.e.lane.RecoverCardPayments(ctx, m.e.cards); err != nil || len(again) != 0 {
			t.Fatalf("second recovery %+v %v", again, err)
		}
		m.checkSplitSale(t, s, "gift_card:500 voucher:1000 card:6300 cash:300 ")
	})

	t.Run("lane-killed-before-send", func(t *testing.T) {
		before := balance(t, m.e)
		m.e.close()
		runLaneUntil(t, []string{"OMNILANE_LANE_HELPER=split-before-send", "OMNILANE_DB=" + m.dbPath, "OMNILANE_LOG=" + m.logLn,
			"OMNILANE_SIM=" + sim.addr}, "SENDING ")
		m.e = openLane(t, m.dbPath, m.logLn, sim.addr, nil)
		done, err := m.e.lane.RecoverCardPayments(ctx, m.e.cards)
		if err != nil || len(done) != 1 || done[0].State != pos.CardNotTaken {
			t.Fatalf("recovery %+v %v", done, err)
		}
		bv := m.e.lane.Basket()
		if bv.Manual == nil || bv.Manual.Percent != 1000 || bv.Totals.Total != 8100 {
			t.Fatalf("basket back without its manual discount: %+v %+v", bv.Manual, bv.Totals)
		}
		if b := balance(t, m.e); b != before {
			t.Fatalf("gift card %d, want %d untouched", b, before)
		}
		// Nothing is held any more: the cashier takes the same split again.
		m.e.signIn(t, false)
		s, err := m.e.lane.PaySplit(ctx, m.e.cards, []pos.TenderRequest{{Method: pos.TenderGiftCard, Ref: giftCard, Amount: 500},
			{Method: pos.TenderCash, Amount: 300}, {Method: pos.TenderCard}})
		if err != nil {
			t.Fatal(err)
		}
		m.checkSplitSale(t, s, "gift_card:500 card:7300 cash:300 ")
		if s.Manual == nil || balance(t, m.e) != before-500 {
			t.Fatalf("sale %+v, balance %d", s.Manual, balance(t, m.e))
		}
	})

	t.Run("return-to-the-original-tenders", func(t *testing.T) {
		m.reopen(true) // a manager refunds
		before := balance(t, m.e)
		r, err := m.e.lane.Return(ctx, pos.ReturnRequest{Original: first, Lines: []pos.ReturnLine{{LineNo: 1, Qty: 1}}, Reason: "defectuoso", Cards: m.e.cards})
		if err != nil {
			t.Fatal(err)
		}
		if got := tendersString(r.Tenders); got != "card:8200 gift_card:500 cash:300 " {
			t.Fatalf("refund tenders %q", got)
		}
		m.checkRefund(t, 8200, mustBeTaken)
		if r.Tenders[0].Ref == "" || r.Tenders[1].Ref != giftCard {
			t.Fatalf("refund refs %+v", r.Tenders)
		}
		if b := balance(t, m.e); b != before+500 {
			t.Fatalf("gift card %d after the refund, want %d", b, before+500)
		}
	})

	t.Run("reconciliation", func(t *testing.T) {
		rec, err := m.e.cards.Reconcile(ctx, false)
		if err != nil || !rec.Agree {
			t.Fatalf("reconciliation %v %v", rec.Differences, err)
		}
		if n, err := m.e.db.VerifyJournal(ctx); err != nil {
			t.Fatalf("journal after %d entries: %v", n, err)
		}
	})
}
