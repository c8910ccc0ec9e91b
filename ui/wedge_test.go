package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

// Held keys are released by the tests' own ticks on their own clocks, not
// by a timer (see wedgeAfter).
func init() { wedgeAfter = func(time.Duration, func()) {} }

// testWedge is a burst detector with the contract of devices/scan.Wedge
// (which ui may not import): keys closer than gap and ending in '\r' with at
// least 4 before it are a scan; anything slower is typing.
type testWedge struct {
	gap  time.Duration
	buf  []rune
	last time.Time
}

func (w *testWedge) Key(r rune, t time.Time) (string, []rune) {
	var typed []rune
	if len(w.buf) > 0 && t.Sub(w.last) > w.gap {
		typed, w.buf = w.buf, nil
	}
	w.last = t
	if r != '\r' {
		w.buf = append(w.buf, r)
		return "", typed
	}
	if len(w.buf) >= 4 {
		code := string(w.buf)
		w.buf = nil
		return code, typed
	}
	typed = append(append(typed, w.buf...), r)
	w.buf = nil
	return "", typed
}

func (w *testWedge) Tick(now time.Time) []rune {
	if len(w.buf) > 0 && now.Sub(w.last) > w.gap {
		typed := w.buf
		w.buf = nil
		return typed
	}
	return nil
}

// testClock is a clock tests move by hand.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time          { return c.t }
func (c *testClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newTestClock() *testClock               { return &testClock{t: time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC)} }

// keys types s key by key on c (into the focused widget, or the canvas when
// nothing has the focus), every after apart; '\n' is Enter.
func keys(c fyne.Canvas, clk func(time.Duration), every time.Duration, s string) {
	for _, r := range s {
		clk(every)
		f := c.Focused()
		switch {
		case r == '\n' && f != nil:
			f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		case r == '\n':
			c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
		case f != nil:
			f.TypedRune(r)
		default:
			c.OnTypedRune()(r)
		}
	}
}

// newWedgeLane is a lane screen with a wedge on a test clock, coffee in
// the basket and the cash panel open (focus on the amount received).
func newWedgeLane(t *testing.T) (*LaneScreen, *testClock) {
	t.Helper()
	clk := newTestClock()
	s, _ := newTestScreen(t, "en", LaneOptions{Wedge: &testWedge{gap: 30 * time.Millisecond}, Now: clk.now})
	scan(t, s, coffeeCode)
	s.openCash()
	if s.Window().Canvas().Focused() != s.cash.received {
		t.Fatal("the cash amount is not focused")
	}
	return s, clk
}

func TestWedgeBurstInCashEntryRingsAndLeavesItAlone(t *testing.T) {
	s, clk := newWedgeLane(t)
	c := s.Window().Canvas()
	keys(c, clk.advance, 300*time.Millisecond, "20")
	clk.advance(100 * time.Millisecond)
	s.tap.tick()
	if s.cash.received.Text != "20" {
		t.Fatalf("typed 20 slowly, the cash entry holds %q", s.cash.received.Text)
	}
	keys(c, clk.advance, 5*time.Millisecond, coffeeCode+"\n")
	s.jobs.wait()
	if s.cash.received.Text != "20" {
		t.Errorf("after a scan burst the cash entry holds %q, want 20", s.cash.received.Text)
	}
	if c.Focused() != s.cash.received {
		t.Error("the scan moved the focus away from the cash entry")
	}
	if s.basket.Totals.Items != 2 || len(s.basket.Lines) != 2 {
		t.Fatalf("basket after the burst: %d items in %d lines, want 2 in 2", s.basket.Totals.Items, len(s.basket.Lines))
	}
	if s.cash.due != 698 || s.cash.dueText.Text != "€6.98" {
		t.Errorf("cash due %d shown as %q, want 698 shown as €6.98", s.cash.due, s.cash.dueText.Text)
	}
	contains(t, "message", s.message.Text, "Ground coffee")
	if s.code.Text != "" {
		t.Errorf("code entry holds %q", s.code.Text)
	}
}

func TestWedgeSlowTypingStaysInCashEntry(t *testing.T) {
	s, clk := newWedgeLane(t)
	c := s.Window().Canvas()
	keys(c, clk.advance, 150*time.Millisecond, "157")
	// Backspace gives back the held 7 before it deletes it.
	clk.advance(10 * time.Millisecond)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	keys(c, clk.advance, 200*time.Millisecond, "0")
	clk.advance(100 * time.Millisecond)
	s.tap.tick()
	s.jobs.wait()
	if s.cash.received.Text != "150" {
		t.Errorf("cash entry holds %q, want 150", s.cash.received.Text)
	}
	if s.basket.Totals.Items != 1 {
		t.Errorf("slow typing changed the basket: %d items", s.basket.Totals.Items)
	}
	contains(t, "change", s.cash.change.Text, "146.51")
	// A slow Enter is the cashier's: it pays.
	keys(c, clk.advance, 200*time.Millisecond, "\n")
	s.jobs.wait()
	if !s.done.shown {
		t.Error("Enter typed by the cashier did not pay")
	}
}

func TestWedgeStalledBurstIsTyping(t *testing.T) {
	s, clk := newWedgeLane(t)
	c := s.Window().Canvas()
	keys(c, clk.advance, 5*time.Millisecond, "1234")
	if s.cash.received.Text != "" {
		t.Fatalf("keys of a possible scan shown at once: %q", s.cash.received.Text)
	}
	clk.advance(10 * time.Millisecond)
	s.tap.tick() // within the gap: still held
	if s.cash.received.Text != "" {
		t.Fatalf("held keys given back within the gap: %q", s.cash.received.Text)
	}
	clk.advance(50 * time.Millisecond)
	s.tap.tick()
	s.jobs.wait()
	if s.cash.received.Text != "1234" {
		t.Errorf("a stalled burst left %q in the cash entry, want 1234", s.cash.received.Text)
	}
	if s.basket.Totals.Items != 1 {
		t.Errorf("a stalled burst rang something: %d items", s.basket.Totals.Items)
	}
}

func TestWedgeCodeEntryKeepsQuantity(t *testing.T) {
	clk := newTestClock()
	s, _ := newTestScreen(t, "en", LaneOptions{Wedge: &testWedge{gap: 30 * time.Millisecond}, Now: clk.now})
	c := s.Window().Canvas()
	keys(c, clk.advance, 300*time.Millisecond, "3*")
	keys(c, clk.advance, 5*time.Millisecond, coffeeCode+"\n")
	s.jobs.wait()
	if s.basket.Totals.Items != 3 {
		t.Errorf("3* then a burst in the code entry: %d items, want 3", s.basket.Totals.Items)
	}
}

func TestWedgeBadgeSignsIn(t *testing.T) {
	clk := newTestClock()
	a := test.NewTempApp(t)
	lane, _ := newBareLane(t)
	s := NewLaneScreen(a, lane, LaneOptions{Lang: "en", Wedge: &testWedge{gap: 30 * time.Millisecond}, Now: clk.now})
	s.Window().Show()
	t.Cleanup(s.Window().Close)
	s.jobs.wait()
	if s.signedIn {
		t.Fatal("signed in before anyone did")
	}
	c := s.Window().Canvas()
	c.Focus(s.signin.pin)
	keys(c, clk.advance, 5*time.Millisecond, "NOBADGE1\n")
	s.jobs.wait()
	if s.signedIn || s.signin.pin.Text != "" {
		t.Errorf("unknown badge: signed in %v, pin %q", s.signedIn, s.signin.pin.Text)
	}
	if s.signin.message.Text == "" {
		t.Error("an unknown badge says nothing")
	}
	c.Focus(s.signin.pin)
	clk.advance(time.Second)
	keys(c, clk.advance, 5*time.Millisecond, "DEMO-1001\n")
	s.jobs.wait()
	if !s.signedIn {
		t.Errorf("a badge burst in the PIN field did not sign in: %q", s.signin.message.Text)
	}
}

func TestWedgeKioskBurstAddsItem(t *testing.T) {
	k, db, now := newTestKiosk(t, pos.CardApproved, KioskOptions{Wedge: &testWedge{gap: 30 * time.Millisecond}})
	k.opts.Catalog = db
	c := k.Window().Canvas()
	step := func(d time.Duration) { *now = now.Add(d) }
	// On the attract screen nothing has the focus: the burst reaches the canvas.
	if c.Focused() != nil {
		t.Fatal("something is focused on the attract screen")
	}
	keys(c, step, 5*time.Millisecond, coffeeCode+"\n")
	k.jobs.wait()
	if k.state != stateSelling || k.basket.Totals.Items != 1 {
		t.Fatalf("a burst on the attract screen: state %d, %d items", k.state, k.basket.Totals.Items)
	}
	// In the search field: the item is added, the query is left as typed.
	k.openSearch()
	keys(c, step, 300*time.Millisecond, "c")
	step(300 * time.Millisecond) // the customer stops typing; the scanner starts
	keys(c, step, 5*time.Millisecond, coffeeCode+"\n")
	k.jobs.wait()
	if k.basket.Totals.Items != 2 {
		t.Errorf("a burst in the search field: %d items, want 2", k.basket.Totals.Items)
	}
	if k.search.query.Text != "c" {
		t.Errorf("search field holds %q, want c", k.search.query.Text)
	}
	if c.Focused() != k.search.query {
		t.Error("the burst moved the focus out of the search field")
	}
	// In the scan field it rings as before.
	k.closeSearch()
	keys(c, step, 5*time.Millisecond, coffeeCode+"\n")
	k.jobs.wait()
	if k.basket.Totals.Items != 3 || k.sell.code.Text != "" {
		t.Errorf("a burst in the scan field: %d items, field %q", k.basket.Totals.Items, k.sell.code.Text)
	}
}
