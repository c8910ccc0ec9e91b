package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

// TestDeskSignInOpenShiftReturnAndSignOut starts a desk as in production:
// nobody signed in, no shift. The supervisor signs in with code and PIN,
// counts the float, takes a cash return (their role may refund), signs out;
// a badge signs the next clerk in.
func TestDeskSignInOpenShiftReturnAndSignOut(t *testing.T) {
	a := test.NewTempApp(t)
	ctx := context.Background()
	// A sale rung at another lane is what the desk takes back.
	shop, _ := newTestLane(t)
	if _, err := shop.AddByCode(ctx, wineCode, 2); err != nil {
		t.Fatal(err)
	}
	sale, err := shop.PayCash(ctx, 1798)
	if err != nil {
		t.Fatal(err)
	}
	lane, db := newBareLane(t)
	find := func(context.Context, string) (pos.Sale, error) { return sale, nil }
	d := NewDeskScreen(a, lane, DeskOptions{Lang: "en", FindSale: find})
	d.Window().Show()
	d.jobs.wait()
	c := d.Window().Canvas()
	if d.Window().Content() != d.signin.box || c.Focused() != d.signin.id {
		t.Fatal("the desk does not start on the sign-in with the code focused")
	}
	// A wrong PIN, then the right one from the keypad.
	test.Type(d.signin.id, "2001")
	pressEnter(c)
	test.Type(d.signin.pin, "1111")
	pressEnter(c)
	d.jobs.wait()
	if d.signin.message.Text != "Wrong code, PIN or badge." {
		t.Errorf("wrong PIN: %q", d.signin.message.Text)
	}
	for _, k := range []string{"9", "9", "9", "9", "↵"} {
		tapButton(t, d.signin.box, k)
	}
	d.jobs.wait()
	if d.shift == nil || d.Window().Content() == d.signin.box {
		t.Fatalf("no float count after sign-in: %q", d.signin.message.Text)
	}
	if d.bar.operator.Text != "Signed in: Sergio (supervisor)" {
		t.Errorf("staff bar %q", d.bar.operator.Text)
	}
	contains(t, "float count", d.shift.message.Text, "No shift is open at this desk")
	d.shift.count.set(2000, 2)
	test.Tap(d.shift.open)
	d.jobs.wait()
	if d.Window().Content() != d.main || c.Focused() != d.code {
		t.Fatalf("desk not shown after opening: %q", d.shift.message.Text)
	}
	if d.result.Text != "Shift open with a float of €40.00. The desk is ready." {
		t.Errorf("after opening: %q", d.result.Text)
	}
	sh, err := lane.Till().Current(ctx)
	if err != nil || sh.Float != 4000 || sh.OpenedBy != "2001" {
		t.Fatalf("desk shift %+v, %v", sh, err)
	}

	// The supervisor may refund alone: no second person asked.
	test.Type(d.code, sale.ReceiptCode())
	pressEnter(c)
	d.jobs.wait()
	d.qty[1].SetText("1")
	d.reason.SetText("Faulty")
	d.method.SetSelected("In cash")
	test.Tap(d.confirm)
	d.jobs.wait()
	contains(t, "return", d.result.Text, "€8.99 refunded")
	ev, err := db.LastEvent(ctx)
	if err != nil || ev.Type != pos.EventReturnCompleted || ev.Operator != "2001" {
		t.Errorf("journal: %s by %s, %v", ev.Type, ev.Operator, err)
	}

	// Sign out; the next clerk scans a badge.
	test.Tap(d.bar.signOut)
	d.jobs.wait()
	if d.Window().Content() != d.signin.box {
		t.Fatal("sign out does not show the sign-in")
	}
	if _, err := lane.Access().Current(ctx); pos.ErrorCode(err) != pos.ENOOPERATOR {
		t.Errorf("still signed in after sign-out: %v", err)
	}
	test.Type(d.signin.id, "DEMO-1001")
	pressEnter(c)
	d.jobs.wait()
	if d.Window().Content() != d.main || d.bar.operator.Text != "Signed in: Ana (cajera)" {
		t.Errorf("badge sign-in: main %v, bar %q, message %q", d.Window().Content() == d.main, d.bar.operator.Text, d.signin.message.Text)
	}
}

// TestDeskIdleSignOut: a clerk who leaves the desk is signed out after the
// policy's idle time (journalled); an action that finds nobody signed in
// brings the sign-in back instead of failing on its own.
func TestDeskIdleSignOut(t *testing.T) {
	a := test.NewTempApp(t)
	now := time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC)
	lane, db := newBareLaneAt(t, pos.ClockFunc(func() time.Time { return now }))
	ctx := context.Background()
	if err := lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}
	d := NewDeskScreen(a, lane, DeskOptions{Lang: "es"})
	d.Window().Show()
	d.jobs.wait()
	if d.Window().Content() != d.main {
		t.Fatal("signed-in cashier does not see the desk")
	}
	now = now.Add(lane.Access().Policy().IdleSignOut - time.Second)
	d.checkIdle(ctx)
	if d.Window().Content() != d.main {
		t.Fatal("signed out before the idle time")
	}
	now = now.Add(2 * time.Second)
	d.checkIdle(ctx)
	if d.Window().Content() != d.signin.box || d.signin.message.Text != "Sesión cerrada por inactividad. Vuelva a entrar." {
		t.Fatalf("idle: sign-in shown %v, %q", d.Window().Content() == d.signin.box, d.signin.message.Text)
	}
	ev, err := db.LastEvent(ctx)
	if err != nil || ev.Type != pos.EventOperatorSignedOut {
		t.Errorf("idle sign-out not journalled: %s %v", ev.Type, err)
	}

	// Signed in again; signed out behind the screen's back (another
	// window): releasing a pickup brings the sign-in back.
	test.Type(d.signin.id, "DEMO-1001")
	pressEnter(d.Window().Canvas())
	d.jobs.wait()
	if d.Window().Content() != d.main {
		t.Fatalf("badge sign-in: %q", d.signin.message.Text)
	}
	if err := db.UpsertOrders(ctx, []pos.Order{{ID: "W-1", StoreID: "s1", PickupCode: "PK1", CustomerName: "Eva", Status: pos.OrderReady,
		Currency: "EUR", Paid: 349, Lines: []pos.OrderLine{{No: 1, SKU: "CAF", Name: "Café", Qty: 1, Amount: 349}}}}); err != nil {
		t.Fatal(err)
	}
	d.tabs.SelectIndex(1)
	d.pickup.query.SetText("PK1")
	d.findOrders()
	d.jobs.wait()
	if err := lane.Access().SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	test.Tap(d.pickup.all)
	d.jobs.wait()
	if d.Window().Content() != d.signin.box {
		t.Errorf("release with nobody signed in: %q", d.pickup.message.Text)
	}
}
