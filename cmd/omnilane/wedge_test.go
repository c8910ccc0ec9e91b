package main

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/scan"
)

// burst types s into w every apart from t0 and returns the scans and typing.
func burst(w interface {
	Key(rune, time.Time) (string, []rune)
}, t0 time.Time, every time.Duration, s string) (codes []string, typed string) {
	for i, r := range []rune(s) {
		code, back := w.Key(r, t0.Add(time.Duration(i)*every))
		if code != "" {
			codes = append(codes, code)
		}
		typed += string(back)
	}
	return codes, typed
}

func TestWedgeFlags(t *testing.T) {
	fs := newFlagSet()
	var c config
	c.bind(fs)
	if err := fs.Parse([]string{"-wedge-suffix", "#", "-wedge-gap", "50ms"}); err != nil {
		t.Fatal(err)
	}
	w, err := c.newWedge(scan.Options{CurrencyDigits: 2}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil || w == nil {
		t.Fatalf("newWedge: %v, %v", w, err)
	}
	t0 := time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC)
	if codes, typed := burst(w, t0, 40*time.Millisecond, "8410001000015#"); len(codes) != 1 || codes[0] != "8410001000015" || typed != "" {
		t.Errorf("a 40 ms burst ending in # with a 50 ms gap: scans %q, typed %q", codes, typed)
	}
	if codes, typed := burst(w, t0.Add(time.Minute), 80*time.Millisecond, "12#"); len(codes) != 0 || typed != "12#" {
		t.Errorf("slow typing: scans %q, typed %q", codes, typed)
	}
	for _, bad := range [][]string{{"-wedge-suffix", "ab"}, {"-wedge-gap", "0s"}} {
		var c config
		fs := newFlagSet()
		c.bind(fs)
		if err := fs.Parse(bad); err != nil {
			t.Fatal(err)
		}
		if _, err := c.newWedge(scan.Options{}, slog.Default()); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	c.WedgeSuffix = "off"
	if w, err := c.newWedge(scan.Options{}, slog.Default()); w != nil || err != nil {
		t.Errorf("-wedge-suffix off: %v, %v", w, err)
	}
}

func TestWedgeRingsGS1ByGTIN(t *testing.T) {
	var c config
	c.bind(newFlagSet())
	w, err := c.newWedge(scan.Options{CurrencyDigits: 2}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC)
	// A GS1 element string (AIM ]C1: GTIN, batch) rings by its GTIN.
	codes, typed := burst(w, t0, 5*time.Millisecond, "]C101084100010000151012AB\r")
	if len(codes) != 1 || codes[0] != "8410001000015" || typed != "" {
		t.Errorf("GS1 burst: scans %q, typed %q", codes, typed)
	}
	// Held keys come back with Tick once the gap has passed.
	w.Key('4', t0.Add(time.Minute))
	if got := string(w.Tick(t0.Add(time.Minute + 10*time.Millisecond))); got != "" {
		t.Errorf("Tick within the gap gave back %q", got)
	}
	if got := string(w.Tick(t0.Add(time.Minute + time.Second))); got != "4" {
		t.Errorf("Tick after the gap gave back %q, want 4", got)
	}
}
