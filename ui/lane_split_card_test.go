package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/devices/terminal/nexo"
	"github.com/omnilane/omnilane/devices/terminal/nexo/nexosim"
	"github.com/omnilane/omnilane/pos"
)

// simPort is the least of a nexo client seen through pos's payment port,
// enough for this test to talk to the real simulator over TCP (cmd's
// cardport is the port the lane uses; ui may not import it).
type simPort struct{ c *nexo.Client }

func (p simPort) TerminalID() string { return p.c.POIID }

func (p simPort) Pay(ctx context.Context, req pos.CardRequest) (pos.CardResult, error) {
	resp, err := p.c.Payment(ctx, nexo.PaymentParams{ServiceID: req.Ref.ServiceID, SaleTransactionID: req.TransactionRef,
		Minor: int64(req.Amount), Currency: req.Currency.Code, OperatorID: req.Operator})
	if errors.Is(err, nexo.ErrNotSent) {
		return pos.CardResult{}, fmt.Errorf("%w: %w", pos.ErrCardNotSent, err)
	}
	if err != nil {
		return pos.CardResult{}, err
	}
	return simResult(resp)
}

func simResult(resp *nexo.PaymentResponse) (pos.CardResult, error) {
	r := pos.CardResult{Currency: "EUR", TerminalTxID: resp.POIData.POITransactionID.TransactionID}
	if resp.Response.Result == nexo.ResultFailure {
		r.Outcome, r.Reason = pos.CardCancelled, resp.Response.ErrorCondition
		if resp.Response.ErrorCondition == nexo.ErrRefusal {
			r.Outcome = pos.CardDeclined
		}
		return r, nil
	}
	if resp.PaymentResult == nil || resp.PaymentResult.AmountsResp == nil {
		return r, errors.New("approved without amounts")
	}
	minor, err := resp.PaymentResult.AmountsResp.AuthorizedAmount.Minor(2)
	r.Outcome, r.Amount = pos.CardApproved, pos.Money(minor)
	return r, err
}

func (p simPort) Refund(context.Context, pos.CardRequest) (pos.CardResult, error) {
	return pos.CardResult{}, errors.New("no refunds in this test")
}

func (p simPort) Abort(ctx context.Context, own, target pos.CardRef) error {
	return p.c.Abort(ctx, own.ServiceID, nexo.MessageReference{MessageCategory: nexo.CategoryPayment, ServiceID: target.ServiceID}, "MerchantAbort")
}

func (p simPort) Status(ctx context.Context, own, target pos.CardRef) (pos.CardStatus, error) {
	resp, err := p.c.TransactionStatus(ctx, own.ServiceID, nexo.MessageReference{MessageCategory: nexo.CategoryPayment, ServiceID: target.ServiceID})
	if err != nil {
		return pos.CardStatus{}, err
	}
	if resp.Response.Result == nexo.ResultSuccess && resp.RepeatedMessageResponse != nil && resp.RepeatedMessageResponse.RepeatedResponseMessageBody.PaymentResponse != nil {
		r, err := simResult(resp.RepeatedMessageResponse.RepeatedResponseMessageBody.PaymentResponse)
		return pos.CardStatus{State: pos.CardStatusDone, Result: r}, err
	}
	if resp.Response.ErrorCondition == nexo.ErrInProgress {
		return pos.CardStatus{State: pos.CardStatusInProgress}, nil
	}
	return pos.CardStatus{State: pos.CardStatusNotFound}, nil
}

func (p simPort) Totals(context.Context, pos.CardRef, bool) ([]pos.CardTotals, error) {
	return nil, nil
}

// The cashier takes 5,00 € on a gift card and tries a card for 1,91 € with
// the rest in cash: the terminal declines, the lane says so and keeps the
// gift card listed; the cashier then adds the card for the rest after 3,00 €
// in cash, and the terminal approves. The screen, the sale recorded, its
// receipt and the terminal's own ledger agree.
func TestLaneSplitCashAndCardAgainstTheSimulator(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	sim, err := nexosim.New(nexosim.Config{POIID: "SIM-POI-1", Ledger: filepath.Join(dir, "terminal.jsonl"), Think: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	addr, err := sim.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	lane, db := newTestLane(t)
	cards := pos.NewCardPayments(simPort{&nexo.Client{Addr: addr, SaleID: "lane-1", POIID: "SIM-POI-1", DialTimeout: time.Second}}, db,
		pos.SystemClock{}, quiet, pos.CardPayConfig{PayTimeout: 5 * time.Second, StatusTimeout: time.Second, ResolveFor: 5 * time.Second, Poll: 50 * time.Millisecond})
	const gc = "6001234567"
	ov, err := lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: pos.PermRefund, Reason: "carga",
		Credential: pos.Credential{OperatorID: "2001", PIN: "9999"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lane.CreditLedger(ctx, pos.LedgerGiftCard, gc, 2000, "carga", ov); err != nil {
		t.Fatal(err)
	}
	s := NewLaneScreen(test.NewTempApp(t), lane, LaneOptions{Lang: "es", Cards: cards})
	s.Window().Show()
	s.jobs.wait()
	scan(t, s, wineCode)
	scan(t, s, coffeeCode) // 8,99 + 3,49 = 12,48 €
	test.Tap(s.cashBtn)
	sp := s.cash.split
	add := func(method, ref, amount string) {
		t.Helper()
		sp.method.SetSelected(method)
		if ref != "" {
			test.Type(sp.ref, ref)
		}
		if amount != "" {
			test.Type(sp.amount, amount)
		}
		test.Tap(sp.add)
	}
	add("Tarjeta regalo", gc, "5")
	add("Tarjeta", "", "1,91") // the simulator declines amounts ending in 91
	if sp.list.Text != "Además del efectivo: Tarjeta regalo 6001234567 5,00 €, Tarjeta 1,91 €" {
		t.Fatalf("split list %q", sp.list.Text)
	}
	if !sp.ref.Disabled() {
		t.Error("the code field is open for a card: the terminal reads the card")
	}
	test.Type(s.cash.received, "10")
	test.Tap(s.cash.confirm)
	if s.right.Objects[0] != s.card.box || s.card.amount.Text != "Con tarjeta: 1,91 €" {
		t.Fatalf("card panel not shown while the terminal works: %q", s.card.amount.Text)
	}
	s.jobs.wait()
	if s.right.Objects[0] != s.cash.box {
		t.Fatal("a declined card did not bring the cash panel back")
	}
	if s.cash.message.Text != "Tarjeta rechazada: no se ha cobrado nada. Los demás medios siguen anotados; cobre el resto de otra forma o vuelva a añadir la tarjeta." {
		t.Fatalf("decline message %q", s.cash.message.Text)
	}
	if sp.list.Text != "Además del efectivo: Tarjeta regalo 6001234567 5,00 €" {
		t.Fatalf("after the decline the list is %q", sp.list.Text)
	}
	if b, _ := lane.LedgerBalance(ctx, pos.LedgerGiftCard, gc); b != 2000 {
		t.Fatalf("a declined card spent the gift card: %d", b)
	}

	add("Tarjeta", "", "")
	if sp.list.Text != "Además del efectivo: Tarjeta regalo 6001234567 5,00 €, Tarjeta (el resto)" {
		t.Fatalf("split list %q", sp.list.Text)
	}
	s.cash.received.SetText("3")
	test.Tap(s.cash.confirm)
	if s.card.amount.Text != "Con tarjeta: (el resto)" {
		t.Errorf("card panel amount %q", s.card.amount.Text)
	}
	s.jobs.wait()
	if s.right.Objects[0] != s.done.box || s.done.change.Text != "0,00 €" {
		t.Fatalf("sale not done: message %q", s.cash.message.Text)
	}
	if s.message.Text != "Pagado: Tarjeta regalo ···4567 5,00 € + Tarjeta 4,48 € + Efectivo 3,00 €" {
		t.Errorf("shown %q", s.message.Text)
	}
	sale, err := db.SaleByNumber(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(sale.Tenders[0].Method, sale.Tenders[0].Amount, sale.Tenders[1].Method, sale.Tenders[1].Amount, sale.Tenders[2].Method, sale.Tenders[2].Amount); len(sale.Tenders) != 3 ||
		got != "gift_card500card448cash300" {
		t.Fatalf("recorded tenders %+v", sale.Tenders)
	}
	if b, _ := lane.LedgerBalance(ctx, pos.LedgerGiftCard, gc); b != 1500 {
		t.Errorf("gift card %d after the sale, want 15,00", b)
	}
	final, err := nexosim.FinalLedger(filepath.Join(dir, "terminal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var approved []string
	for _, tx := range final {
		if tx.Approved() {
			approved = append(approved, fmt.Sprint(tx.Minor, tx.TxID))
		}
	}
	if len(approved) != 1 || approved[0] != fmt.Sprint(448, sale.Tenders[1].Ref) {
		t.Errorf("terminal approved %v, the sale's card tender is %+v", approved, sale.Tenders[1])
	}
	r := pos.BuildReceipt(lane.Config().Store, sale, false)
	var lines []string
	for _, l := range r.Totals {
		lines = append(lines, strings.Join(strings.Fields(l.Left+" "+l.Detail+" "+l.Right), " "))
	}
	text := strings.Join(lines, "\n")
	for _, want := range []string{"Tarjeta regalo ···4567 5,00 €", "Tarjeta 4,48 €", "Efectivo 3,00 €"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, gc) {
		t.Errorf("receipt shows the whole gift card number:\n%s", text)
	}
}
