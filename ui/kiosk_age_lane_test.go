package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestLaneMarksAgeRestrictedLines: at a staffed lane the cashier is the one
// who checks ID, so the lane does not stop: the wine's row is marked +18
// (18+ in English) for the cashier to see, and it is paid like any other
// line, with the flag on the recorded sale.
func TestLaneMarksAgeRestrictedLines(t *testing.T) {
	s, db := newTestScreen(t, "es", LaneOptions{})
	scan(t, s, coffeeCode)
	scan(t, s, wineCode)
	got := rows(s)
	if len(got) != 2 {
		t.Fatalf("rows %q", got)
	}
	contains(t, "wine row", got[1], "+18 · Vino tinto")
	if strings.Contains(got[0], "+18") {
		t.Errorf("coffee marked as age-restricted: %q", got[0])
	}
	test.Tap(s.cashBtn)
	tapButton(t, s.cash.notes, "20,00 €")
	test.Tap(s.cash.confirm)
	s.jobs.wait()
	sale, err := db.SaleByNumber(context.Background(), 1)
	if err != nil {
		t.Fatalf("the cashier could not sell the wine: %v (%q)", err, s.cash.message.Text)
	}
	if !sale.Lines[1].AgeRestricted || sale.Lines[0].AgeRestricted {
		t.Errorf("recorded lines: %+v", sale.Lines)
	}
}
