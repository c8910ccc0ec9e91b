package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

// TestDeskTypingKeepsClerkSignedIn: a clerk typing at the desk (a receipt
// code, a quantity to return, a pickup search) is active: each key puts
// idle sign-out off, as a tap does. Once they stop, the idle time signs
// them out as before.
func TestDeskTypingKeepsClerkSignedIn(t *testing.T) {
	a := test.NewTempApp(t)
	now := time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC)
	lane, _ := newBareLaneAt(t, pos.ClockFunc(func() time.Time { return now }))
	ctx := context.Background()
	if err := lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}
	sale := pos.Sale{ID: "s-1", DeviceID: "lane-2", Number: 7, Currency: "EUR", At: now,
		Lines:   []pos.Line{{No: 1, SKU: "CAF", Name: "Café molido 250 g", Qty: 2, UnitPrice: 349, Amount: 698, TaxRate: 1000}},
		Tenders: []pos.Tender{{Method: pos.TenderCash, Amount: 698}}}
	sale.Totals = pos.ComputeTotals(sale.Lines)
	find := func(context.Context, string) (pos.Sale, error) { return sale, nil }
	d := NewDeskScreen(a, lane, DeskOptions{Lang: "es", FindSale: find})
	d.Window().Show()
	d.jobs.wait()
	if d.Window().Content() != d.main {
		t.Fatal("signed-in cashier does not see the desk")
	}
	idle := lane.Access().Policy().IdleSignOut
	// typeAfter waits almost the whole idle time, then types into e.
	typeAfter := func(what string, e interface{ TypedRune(rune) }) {
		t.Helper()
		now = now.Add(idle - time.Second)
		e.TypedRune('1')
		now = now.Add(2 * time.Second)
		d.checkIdle(ctx)
		if d.Window().Content() != d.main {
			t.Fatalf("signed out while typing in %s", what)
		}
	}
	typeAfter("the receipt code", d.code)
	d.code.SetText("lane-2-000007")
	d.findSale()
	d.jobs.wait()
	if len(d.qty) != 1 {
		t.Fatalf("sale lines shown: %d", len(d.qty))
	}
	typeAfter("a quantity to return", d.qty[1]) // an entry made after the desk was built
	typeAfter("the return reason", d.reason)
	d.tabs.SelectIndex(1)
	typeAfter("the pickup search", d.pickup.query)
	// No more typing: signed out after the idle time.
	now = now.Add(idle + time.Second)
	d.checkIdle(ctx)
	if d.Window().Content() != d.signin.box {
		t.Fatal("not signed out after the idle time without typing")
	}
}

// TestLaneTypingKeepsCashierSignedIn: a cashier typing a code, an amount
// received or a search is active, as one who taps is; once they stop, the
// idle time signs them out as before. Entries of panes shown later count too.
func TestLaneTypingKeepsCashierSignedIn(t *testing.T) {
	a := test.NewTempApp(t)
	now := time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC)
	lane, _ := newBareLaneAt(t, pos.ClockFunc(func() time.Time { return now }))
	ctx := context.Background()
	if err := lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}
	s := NewLaneScreen(a, lane, LaneOptions{Lang: "es"})
	s.Window().Show()
	t.Cleanup(s.Window().Close)
	s.jobs.wait()
	idle := lane.Access().Policy().IdleSignOut
	typeAfter := func(what string, e interface{ TypedRune(rune) }) {
		t.Helper()
		now = now.Add(idle - time.Second)
		e.TypedRune('1')
		now = now.Add(2 * time.Second)
		if idled, err := lane.Access().CheckIdle(ctx); idled || err != nil {
			t.Fatalf("signed out while typing in %s (%v)", what, err)
		}
	}
	typeAfter("the code entry", s.code)
	s.code.SetText("")
	scan(t, s, coffeeCode)
	test.Tap(s.cashBtn)
	typeAfter("the amount received", s.cash.received)
	test.Tap(s.cash.cancel)
	test.Tap(s.searchBtn)
	typeAfter("the search", s.search.query)
	s.SetLang("en") // a rebuilt screen still counts
	typeAfter("the code entry after a language change", s.code)
	now = now.Add(idle + time.Second)
	if idled, _ := lane.Access().CheckIdle(ctx); !idled {
		t.Fatal("not signed out after the idle time without typing")
	}
}
