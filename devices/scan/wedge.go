package scan

import (
	"strings"
	"time"
)

// WedgeConfig tells a keyboard-wedge scanner's keystrokes from typing.
type WedgeConfig struct {
	Prefix    string        // characters the scanner sends first (removed), often ""
	Suffix    rune          // the key that ends a scan, usually '\r' (Enter); 0 means '\r'
	MaxGap    time.Duration // longest pause between keys of one scan; 0 means 30 ms
	MinLength int           // shortest scan (without prefix/suffix); 0 means 4
}

// Wedge is a keyboard-wedge burst detector: feed it every keystroke with its
// time; it returns scans (fast bursts ending in the suffix) and gives back
// everything else as typing. It is pure logic and not safe for concurrent use.
type Wedge struct {
	cfg  WedgeConfig
	buf  []rune
	last time.Time
}

// WedgeEvent is what a keystroke (or the passing of time) resolved to.
type WedgeEvent struct {
	Scan  string // a complete scan, prefix and suffix removed ("" if none)
	Typed []rune // keys that turned out to be typing, to hand to the focused field
}

// NewWedge returns a detector with cfg's defaults filled in.
func NewWedge(cfg WedgeConfig) *Wedge {
	if cfg.Suffix == 0 {
		cfg.Suffix = '\r'
	}
	if cfg.MaxGap == 0 {
		cfg.MaxGap = 30 * time.Millisecond
	}
	if cfg.MinLength == 0 {
		cfg.MinLength = 4
	}
	return &Wedge{cfg: cfg}
}

// Key feeds one keystroke typed at time t.
func (w *Wedge) Key(r rune, t time.Time) WedgeEvent {
	var ev WedgeEvent
	if len(w.buf) > 0 && t.Sub(w.last) > w.cfg.MaxGap {
		ev.Typed = w.take() // too slow: what we held was typing
	}
	w.last = t
	if r != w.cfg.Suffix {
		w.buf = append(w.buf, r)
		return ev
	}
	s := string(w.buf)
	if strings.HasPrefix(s, w.cfg.Prefix) && len([]rune(s))-len([]rune(w.cfg.Prefix)) >= w.cfg.MinLength {
		w.buf = w.buf[:0]
		ev.Scan = strings.TrimPrefix(s, w.cfg.Prefix)
		return ev
	}
	ev.Typed = append(ev.Typed, w.take()...)
	ev.Typed = append(ev.Typed, r)
	return ev
}

// Tick releases held keys as typing once no key has come for MaxGap; call
// it from a timer (e.g. every MaxGap) with the current time.
func (w *Wedge) Tick(now time.Time) WedgeEvent {
	if len(w.buf) > 0 && now.Sub(w.last) > w.cfg.MaxGap {
		return WedgeEvent{Typed: w.take()}
	}
	return WedgeEvent{}
}

func (w *Wedge) take() []rune {
	out := append([]rune(nil), w.buf...)
	w.buf = w.buf[:0]
	return out
}
