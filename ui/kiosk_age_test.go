package ui

import (
	"context"
	"encoding/json"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

// TestKioskAgeCheckApproved: the wine is age-restricted (pos marks the
// line; the kiosk has no catalog). Scanning it pauses the kiosk and calls
// staff; pos refuses payment meanwhile; neither an empty credential nor
// the kiosk's own badge approves; the cashier's code and PIN do,
// journalled by pos with the override; the customer carries on and pays.
func TestKioskAgeCheckApproved(t *testing.T) {
	calls := 0
	k, db, _ := newTestKiosk(t, pos.CardApproved, KioskOptions{CallHelp: func() { calls++ }})
	ctx := context.Background()
	test.Tap(k.attract.buttons["en"])
	kioskScan(t, k, coffeeCode)
	if k.state != stateSelling {
		t.Fatal("coffee is not age-restricted but paused the kiosk")
	}
	kioskScan(t, k, wineCode)
	if k.state != stateAgeCheck || k.age == nil || k.Window().Content() == nil {
		t.Fatalf("the wine does not pause the kiosk: state %d", k.state)
	}
	if k.age.title.Text != "Staff will check your age" || calls != 1 {
		t.Errorf("age panel: %q, help calls %d", k.age.title.Text, calls)
	}
	contains(t, "age hint", k.age.hint.Text, "Red wine needs an age check")
	if k.Window().Canvas().Focused() != k.age.id {
		t.Error("the staff code field is not focused for a badge scan")
	}
	// The idle timer never sends a paused customer away.
	k.checkIdle(k.opts.Now().Add(10 * k.opts.IdleAfter))
	if k.state != stateAgeCheck {
		t.Fatal("the age check idled out")
	}
	if _, err := k.lane.PayCard(ctx, k.opts.Cards); pos.ErrorCode(err) != pos.EAGECHECK {
		t.Fatalf("pos took payment for an unchecked wine: %v", err)
	}
	test.Tap(k.age.approve)
	if k.age.message.Text != "Staff: type your code and PIN, or scan your badge first." {
		t.Errorf("approve with no staff: %q", k.age.message.Text)
	}
	test.Type(k.age.id, "DEMO-8001") // the kiosk's own badge
	test.Tap(k.age.approve)
	k.jobs.wait()
	if k.state != stateAgeCheck || k.age.message.Text != "This code or badge cannot approve age checks." {
		t.Fatalf("kiosk badge: state %d, %q", k.state, k.age.message.Text)
	}
	k.age.id.SetText("1001")
	for _, d := range []string{"1", "2", "3", "4"} { // the PIN from the on-screen pad
		k.Window().Canvas().Focus(k.age.pin)
		tapButton(t, k.age.box, d)
	}
	test.Tap(k.age.approve)
	k.jobs.wait()
	if k.state != stateSelling || k.sell.message.Text != "Age checked. You can carry on." {
		t.Fatalf("approved: state %d, message %q, panel %q", k.state, k.sell.message.Text, k.age.message.Text)
	}
	if len(k.basket.Lines) != 2 || k.sell.total.Text != "€12.48" {
		t.Errorf("basket after approval: %d lines, %q", len(k.basket.Lines), k.sell.total.Text)
	}
	evs, err := db.EventsAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	last, prev := evs[len(evs)-1], evs[len(evs)-2]
	if last.Type != pos.EventAgeChecked || last.Operator != "8001" || prev.Type != pos.EventOverrideGranted {
		t.Fatalf("journal ends %s by %s after %s", last.Type, last.Operator, prev.Type)
	}
	var check struct {
		Line     int    `json:"line"`
		Approved bool   `json:"approved"`
		Approver string `json:"approver"`
	}
	if err := json.Unmarshal(last.Payload, &check); err != nil || check.Line != 2 || !check.Approved || check.Approver != "1001" {
		t.Errorf("age check journalled as %+v, %v", check, err)
	}
	// The manager's journal view names it in both languages.
	contains(t, "journal view (en)", eventText("en", last), "Age check")
	contains(t, "journal view (es)", eventText("es", last), "Comprobación de edad")
	var ov pos.Override
	if err := json.Unmarshal(prev.Payload, &ov); err != nil || ov.GrantedBy != "1001" || ov.AskedBy != "8001" {
		t.Errorf("override %+v, %v", ov, err)
	}
	// Once checked, the same customer is not stopped again.
	kioskScan(t, k, wineCode)
	if k.state != stateSelling {
		t.Error("a second restricted item paused an already checked customer")
	}
	test.Tap(k.sell.pay)
	k.jobs.wait()
	if k.state != stateDone {
		t.Fatalf("pay after the check: %q", k.sell.message.Text)
	}
}

// TestKioskAgeCheckRefused: staff refuse by badge; the wine is voided
// through the lane under their override and the customer keeps shopping.
func TestKioskAgeCheckRefused(t *testing.T) {
	calls := 0
	k, db, _ := newTestKiosk(t, pos.CardApproved, KioskOptions{CallHelp: func() { calls++ }})
	test.Tap(k.attract.buttons["es"])
	kioskScan(t, k, wineCode)
	if k.state != stateAgeCheck {
		t.Fatal("no age check")
	}
	// Call for help stays available on the pause.
	test.Tap(k.age.helpBtn)
	if k.age.help.Text != "Un empleado viene a ayudarle." {
		t.Errorf("help on the age panel: %q", k.age.help.Text)
	}
	test.Type(k.age.id, "DEMO-2001")
	test.Tap(k.age.refuse)
	k.jobs.wait()
	if k.state != stateSelling || k.sell.message.Text != "Se ha quitado Vino tinto de su cesta." {
		t.Fatalf("refused: state %d, %q / %q", k.state, k.sell.message.Text, k.age.message.Text)
	}
	if k.basket.Totals.Items != 0 || k.sell.total.Text != "0,00 €" || !k.sell.pay.Disabled() {
		t.Errorf("basket after refusal: %d items, %q", k.basket.Totals.Items, k.sell.total.Text)
	}
	evs, err := db.EventsAfter(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if ev, prev := evs[len(evs)-1], evs[len(evs)-2]; ev.Type != pos.EventLineVoided || ev.Operator != "8001" || prev.Type != pos.EventAgeChecked {
		t.Errorf("refusal journalled as %s after %s by %s", ev.Type, prev.Type, ev.Operator)
	}
	// Not checked: the next restricted item asks again.
	kioskScan(t, k, wineCode)
	if k.state != stateAgeCheck {
		t.Error("a refused customer is not checked again")
	}
}

// TestKioskPayRefusedUntilAgeChecked: a restricted line the kiosk did not
// pause for (rung on the lane directly, as a weighed item is) cannot be
// paid: pos refuses, no sale is recorded and the kiosk pauses on that item
// for staff; once a supervisor's badge approves it, the customer pays.
func TestKioskPayRefusedUntilAgeChecked(t *testing.T) {
	k, db, _ := newTestKiosk(t, pos.CardApproved, KioskOptions{})
	ctx := context.Background()
	test.Tap(k.attract.buttons["en"])
	kioskScan(t, k, coffeeCode)
	if _, err := k.lane.Scan(ctx, wineCode); err != nil {
		t.Fatal(err)
	}
	k.basket = k.lane.Basket()
	k.showBasket()
	test.Tap(k.sell.pay)
	k.jobs.wait()
	if k.state != stateAgeCheck || k.age == nil || k.age.line.No != 2 {
		t.Fatalf("pay with an unchecked wine: state %d, %q", k.state, k.sell.message.Text)
	}
	evs, err := db.EventsAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == pos.EventSaleCompleted {
			t.Fatal("pos recorded a sale with an unchecked wine")
		}
	}
	test.Type(k.age.id, "DEMO-2001")
	test.Tap(k.age.approve)
	k.jobs.wait()
	if k.state != stateSelling {
		t.Fatalf("approved: state %d, %q", k.state, k.age.message.Text)
	}
	test.Tap(k.sell.pay)
	k.jobs.wait()
	if k.state != stateDone {
		t.Fatalf("pay after the check: %q", k.sell.message.Text)
	}
}
