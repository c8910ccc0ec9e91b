package main

import (
	"fmt"
	"log/slog"
	"time"
	"unicode/utf8"

	"github.com/omnilane/omnilane/devices/scan"
	"github.com/omnilane/omnilane/ui"
)

// wedge is a keyboard-wedge scanner as the lane and kiosk screens see it
// (ui.Wedge): the devices' burst detector, with each scan parsed as a device
// scan is (a GS1 element string or Digital Link rings by its GTIN).
type wedge struct {
	det *scan.Wedge
	opt scan.Options
	log *slog.Logger
}

var _ ui.Wedge = (*wedge)(nil)

// Key feeds one keystroke to the detector.
func (w *wedge) Key(r rune, t time.Time) (string, []rune) {
	ev := w.det.Key(r, t)
	if ev.Scan == "" {
		return "", ev.Typed
	}
	return w.code(ev.Scan), ev.Typed
}

// Tick gives back the keys held longer than the gap.
func (w *wedge) Tick(now time.Time) []rune { return w.det.Tick(now).Typed }

// code is what the lane looks a wedge scan up by. A scan that does not
// parse is rung as typed, so the cashier sees the lane's answer.
func (w *wedge) code(raw string) string {
	sc, err := scan.Parse(raw, w.opt)
	if err != nil {
		w.log.Info("wedge scan not parsed; ringing it as typed", "raw", raw, "err", err)
		return raw
	}
	return scanCode(sc)
}

// newWedge is the wedge of -wedge-suffix and -wedge-gap, or nil (no wedge)
// with -wedge-suffix off.
func (c *config) newWedge(opt scan.Options, log *slog.Logger) (ui.Wedge, error) {
	suffix, err := wedgeSuffix(c.WedgeSuffix)
	if err != nil || suffix == 0 {
		return nil, err
	}
	if c.WedgeGap <= 0 {
		return nil, fmt.Errorf("-wedge-gap %v: must be positive", c.WedgeGap)
	}
	return &wedge{det: scan.NewWedge(scan.WedgeConfig{Suffix: suffix, MaxGap: c.WedgeGap}), opt: opt, log: log}, nil
}

// wedgeSuffix reads -wedge-suffix: "enter", one character, or "off" (0).
func wedgeSuffix(s string) (rune, error) {
	switch s {
	case "off":
		return 0, nil
	case "enter", `\r`, "\r":
		return '\r', nil
	}
	if r, n := utf8.DecodeRuneInString(s); n > 0 && n == len(s) && r != utf8.RuneError && r >= ' ' {
		return r, nil
	}
	return 0, fmt.Errorf("-wedge-suffix %q: use enter, one character, or off", s)
}

// envDuration is OMNILANE_<name> as a duration, or def.
func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(env(name, "")); err == nil {
		return d
	}
	return def
}
