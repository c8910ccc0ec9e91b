package ui

import (
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// testTerminal stands in for the card terminal behind pos's CardTerminal
// port (ui may not import devices): it answers every payment with outcome.
type testTerminal struct {
	mu      sync.Mutex
	outcome string
	results map[string]pos.CardResult
}

func (t *testTerminal) TerminalID() string { return "T1" }

func (t *testTerminal) Pay(_ context.Context, req pos.CardRequest) (pos.CardResult, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := pos.CardResult{Outcome: t.outcome, Currency: req.Currency.Code, TerminalTxID: "TX" + req.Ref.ServiceID}
	if t.outcome == pos.CardApproved {
		r.Amount, r.MaskedPAN, r.Brand, r.AuthCode = req.Amount, "411111******1111", "VISA", "A1B2C3"
	} else {
		r.Reason = "declined by issuer"
	}
	if t.results == nil {
		t.results = map[string]pos.CardResult{}
	}
	t.results[req.Ref.ServiceID] = r
	return r, nil
}

func (t *testTerminal) Refund(ctx context.Context, req pos.CardRequest) (pos.CardResult, error) {
	return t.Pay(ctx, req)
}

func (t *testTerminal) Abort(context.Context, pos.CardRef, pos.CardRef) error { return nil }

func (t *testTerminal) Status(_ context.Context, _, target pos.CardRef) (pos.CardStatus, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r, ok := t.results[target.ServiceID]; ok {
		return pos.CardStatus{State: pos.CardStatusDone, Result: r}, nil
	}
	return pos.CardStatus{State: pos.CardStatusNotFound}, nil
}

func (t *testTerminal) Totals(context.Context, pos.CardRef, bool) ([]pos.CardTotals, error) {
	return nil, nil
}

// newTestKiosk is a kiosk on a real SQLite lane with the kiosk operator
// signed in, a shift open and a test terminal answering outcome.
func newTestKiosk(t *testing.T, outcome string, opts KioskOptions) (*KioskScreen, *sqlite.DB, *time.Time) {
	t.Helper()
	a := test.NewTempApp(t)
	lane, db := newTestLane(t)
	if _, err := lane.Access().SignIn(context.Background(), "8001", "8001"); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC)
	opts.Now = func() time.Time { return now }
	opts.Cards = pos.NewCardPayments(&testTerminal{outcome: outcome}, db, pos.SystemClock{}, quiet, pos.CardPayConfig{})
	k := NewKioskScreen(a, lane, opts)
	k.Window().Show()
	t.Cleanup(k.Window().Close)
	return k, db, &now
}

// kioskScan types code into the kiosk's scan field and presses Enter.
func kioskScan(t *testing.T, k *KioskScreen, code string) {
	t.Helper()
	c := k.Window().Canvas()
	if c.Focused() != k.sell.code {
		t.Fatal("the scan field is not focused")
	}
	for _, r := range code {
		c.Focused().TypedRune(r)
	}
	pressEnter(c)
	k.jobs.wait()
}

func TestKioskScanPayByCardAndBackToAttract(t *testing.T) {
	k, db, _ := newTestKiosk(t, pos.CardApproved, KioskOptions{})
	if k.state != stateAttract {
		t.Fatal("the kiosk does not start on the attract screen")
	}
	test.Tap(k.attract.buttons["en"])
	if k.state != stateSelling || k.sell.pay.Text != "Pay by card" || !k.sell.pay.Disabled() {
		t.Fatalf("after choosing English: state %d, pay %q", k.state, k.sell.pay.Text)
	}
	kioskScan(t, k, coffeeCode)
	kioskScan(t, k, "2*1") // not a code: plain words, nothing added
	if k.sell.message.Text != "We do not recognise this item. Scan it again or call for help." {
		t.Errorf("bad scan: %q", k.sell.message.Text)
	}
	if k.sell.total.Text != "€3.49" || len(k.basket.Lines) != 1 {
		t.Fatalf("basket: total %q lines %d", k.sell.total.Text, len(k.basket.Lines))
	}
	test.Tap(k.sell.pay)
	k.jobs.wait()
	if k.state != stateDone || k.done.detail.Text != "Paid €3.49. Your receipt: lane-1-000001" {
		t.Fatalf("after paying: state %d, %q, message %q", k.state, k.done.detail.Text, k.sell.message.Text)
	}
	sale, err := db.SaleByNumber(context.Background(), 1)
	if err != nil || len(sale.Tenders) != 1 || sale.Tenders[0].Method != pos.TenderCard || sale.Operator != "8001" {
		t.Errorf("recorded sale %+v, %v", sale, err)
	}
	test.Tap(k.done.next)
	if k.state != stateAttract {
		t.Error("Finish does not bring the attract screen back")
	}
}

func TestKioskDeclinedCardKeepsBasket(t *testing.T) {
	k, _, _ := newTestKiosk(t, pos.CardDeclined, KioskOptions{})
	test.Tap(k.attract.buttons["es"])
	kioskScan(t, k, coffeeCode)
	test.Tap(k.sell.pay)
	k.jobs.wait()
	if k.state != stateSelling || k.sell.message.Text != "Tarjeta rechazada. Pruebe con otra tarjeta o pida ayuda." {
		t.Errorf("declined: state %d, %q", k.state, k.sell.message.Text)
	}
	if k.sell.total.Text != "3,49 €" || k.sell.pay.Disabled() {
		t.Errorf("basket after decline: %q", k.sell.total.Text)
	}
}

func TestKioskIdleAndHelp(t *testing.T) {
	calls := 0
	k, _, now := newTestKiosk(t, pos.CardApproved, KioskOptions{IdleAfter: time.Minute, CallHelp: func() { calls++ }})
	// An empty basket idles straight back to the attract screen.
	test.Tap(k.attract.buttons["es"])
	*now = now.Add(61 * time.Second)
	k.checkIdle(*now)
	if k.state != stateAttract {
		t.Fatal("an idle empty kiosk does not go back to the attract screen")
	}
	// With items, it asks first, then calls for help, and keeps the basket.
	test.Tap(k.attract.buttons["es"])
	kioskScan(t, k, coffeeCode)
	*now = now.Add(61 * time.Second)
	k.checkIdle(*now)
	if k.state != stateSelling || !k.sell.stillThere.Visible() {
		t.Fatal("no 'are you still there?' with items in the basket")
	}
	*now = now.Add(61 * time.Second)
	k.checkIdle(*now)
	if calls != 1 || k.sell.help.Text != "Un empleado viene a ayudarle." || k.state != stateSelling {
		t.Errorf("second idle: calls %d, help %q, state %d", calls, k.sell.help.Text, k.state)
	}
	// The customer comes back and pays; the thanks screen idles to attract.
	test.Tap(k.sell.pay)
	k.jobs.wait()
	if k.state != stateDone {
		t.Fatalf("payment after help: state %d, %q", k.state, k.sell.message.Text)
	}
	*now = now.Add(61 * time.Second)
	k.checkIdle(*now)
	if k.state != stateAttract {
		t.Error("the thanks screen does not idle back to the attract screen")
	}
	// Help on request.
	test.Tap(k.attract.buttons["en"])
	test.Tap(k.sell.helpBtn)
	if calls != 2 || k.sell.help.Text != "A member of staff is on the way." {
		t.Errorf("help button: calls %d, %q", calls, k.sell.help.Text)
	}
}

func TestKioskFindByName(t *testing.T) {
	a := test.NewTempApp(t)
	lane, db := newTestLane(t)
	if _, err := lane.Access().SignIn(context.Background(), "8001", "8001"); err != nil {
		t.Fatal(err)
	}
	k := NewKioskScreen(a, lane, KioskOptions{Catalog: db})
	k.Window().Show()
	test.Tap(k.attract.buttons["en"])
	test.Tap(k.sell.searchBtn)
	if k.Window().Canvas().Focused() != k.search.query {
		t.Fatal("search field not focused")
	}
	test.Type(k.search.query, "banana")
	k.jobs.wait()
	if len(k.search.results) != 1 || k.search.message.Text != "Touch the item to add it" {
		t.Fatalf("results %+v, %q", k.search.results, k.search.message.Text)
	}
	k.search.list.Select(0)
	k.jobs.wait()
	if len(k.basket.Lines) != 1 || k.sell.total.Text != "€1.99" {
		t.Errorf("after picking: lines %d total %q message %q", len(k.basket.Lines), k.sell.total.Text, k.sell.message.Text)
	}
}
