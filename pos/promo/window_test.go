package promo

import (
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
)

func TestWindows(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		madrid = time.FixedZone("CET", 3600)
	}
	from := time.Date(2026, 12, 1, 0, 0, 0, 0, madrid)
	to := time.Date(2027, 1, 1, 0, 0, 0, 0, madrid)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, madrid) }
	cases := []struct {
		name string
		w    Window
		at   time.Time
		open bool
	}{
		{"always", Window{}, at(2026, 1, 1, 0, 0), true},
		{"before", Window{From: from, To: to}, at(2026, 11, 30, 23, 59), false},
		{"at from", Window{From: from, To: to}, from, true},
		{"inside", Window{From: from, To: to}, at(2026, 12, 15, 10, 0), true},
		{"at to", Window{From: from, To: to}, to, false},
		{"after", Window{From: from, To: to}, at(2027, 1, 2, 0, 0), false},
		{"open end", Window{From: from}, at(2030, 1, 1, 0, 0), true},
		{"weekday in", Window{Weekdays: []time.Weekday{time.Saturday, time.Sunday}}, at(2026, 12, 5, 10, 0), true},
		{"weekday out", Window{Weekdays: []time.Weekday{time.Saturday, time.Sunday}}, at(2026, 12, 7, 10, 0), false},
		{"hours before", Window{StartMinute: 9 * 60, EndMinute: 14 * 60}, at(2026, 12, 7, 8, 59), false},
		{"hours start", Window{StartMinute: 9 * 60, EndMinute: 14 * 60}, at(2026, 12, 7, 9, 0), true},
		{"hours end", Window{StartMinute: 9 * 60, EndMinute: 14 * 60}, at(2026, 12, 7, 14, 0), false},
		{"night late", Window{StartMinute: 22 * 60, EndMinute: 2 * 60}, at(2026, 12, 7, 23, 30), true},
		{"night early", Window{StartMinute: 22 * 60, EndMinute: 2 * 60}, at(2026, 12, 7, 1, 59), true},
		{"night day", Window{StartMinute: 22 * 60, EndMinute: 2 * 60}, at(2026, 12, 7, 12, 0), false},
		{"local time read in the store zone", Window{StartMinute: 9 * 60, EndMinute: 10 * 60}, time.Date(2026, 12, 7, 8, 30, 0, 0, time.UTC).In(madrid), true},
	}
	for _, c := range cases {
		if got := c.w.Open(c.at); got != c.open {
			t.Errorf("%s: Open(%v) = %v, want %v", c.name, c.at, got, c.open)
		}
	}

	// The engine honours windows: a December promotion before, inside, after.
	e := mustEngine(t, Promotion{ID: "DIC", Type: PercentOff, Name: named("Diciembre"), Percent: 1000, Window: Window{From: from, To: to}})
	for _, c := range []struct {
		at    time.Time
		saved pos.Money
	}{{at(2026, 11, 30, 12, 0), 0}, {at(2026, 12, 24, 12, 0), 100}, {at(2027, 1, 1, 0, 0), 0}} {
		res, err := e.Apply(Input{Lines: []pos.Line{ln(1, "PAN", 1, 1000)}, At: c.at})
		if err != nil || res.Saved != c.saved {
			t.Errorf("at %v: saved %d (%v), want %d", c.at, res.Saved, err, c.saved)
		}
	}
}
