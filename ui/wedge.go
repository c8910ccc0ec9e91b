package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Wedge tells a keyboard-wedge scanner's keystrokes from a person typing:
// a scanner types a code as a fast burst of keys ending in its suffix
// (Enter by default). cmd implements it by wrapping the devices' burst
// detector with the configured suffix and gap; ui only feeds it keys.
type Wedge interface {
	// Key feeds one keystroke typed at t (Enter is '\r'). It returns a
	// complete scan (code != ""), and any keys that turned out to be typing,
	// to hand to the field they were typed into.
	Key(r rune, t time.Time) (code string, typed []rune)
	// Tick gives back as typing the keys held once now is more than the
	// scanner's gap after the last key.
	Tick(now time.Time) (typed []rune)
}

// wedgeRecheck is how often held keys are offered back to the detector
// while it holds some; with the usual 30 ms gap typing shows within ~50 ms.
const wedgeRecheck = 20 * time.Millisecond

// wedgeAfter runs f on the UI goroutine after d. Tests replace it (and
// tick by hand on their own clock), as they set inlineJobs.
var wedgeAfter = func(d time.Duration, f func()) {
	time.AfterFunc(d, func() { fyne.Do(f) })
}

// wedgeTap sits in front of a screen's entries (and its canvas, when
// nothing has the focus): every key goes through the detector first, a
// burst rings through ring, and typing reaches the field it was typed in.
// A nil *wedgeTap lets every key through untouched. It lives on the UI
// goroutine.
type wedgeTap struct {
	det     Wedge
	now     func() time.Time
	ring    func(code string)
	target  *entry // where the held keys were typed; nil: nothing had the focus
	held    int    // keys the detector holds
	waiting bool   // a recheck is scheduled
}

// newWedgeTap returns a tap on det, or nil when det is nil (no wedge scanner).
func newWedgeTap(det Wedge, now func() time.Time, ring func(code string)) *wedgeTap {
	if det == nil {
		return nil
	}
	if now == nil {
		now = time.Now
	}
	return &wedgeTap{det: det, now: now, ring: ring}
}

// listen sends the keys typed while nothing has the focus in c to the tap
// (they went nowhere before: typing is still dropped, a burst rings).
func (t *wedgeTap) listen(c fyne.Canvas) {
	if t == nil {
		return
	}
	c.SetOnTypedRune(func(r rune) { t.key(nil, r) })
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
			t.key(nil, '\r')
		}
	})
}

// key feeds r, typed into e (nil: the canvas with nothing focused).
func (t *wedgeTap) key(e *entry, r rune) {
	if t.held > 0 && e != t.target {
		t.flush() // the focus moved: what was held belongs to the old field
	}
	t.target = e
	code, typed := t.det.Key(r, t.now())
	t.held++
	if code != "" {
		t.held = 0
	} else {
		t.held -= len(typed)
	}
	give(e, typed)
	if code != "" {
		t.ring(code)
	}
	t.recheck()
}

// recheck schedules a tick while the detector holds keys.
func (t *wedgeTap) recheck() {
	if t.held <= 0 || t.waiting {
		return
	}
	t.waiting = true
	wedgeAfter(wedgeRecheck, func() {
		t.waiting = false
		t.tick()
	})
}

// tick gives back the keys held longer than the gap to the field they were typed in.
func (t *wedgeTap) tick() {
	if t == nil || t.held == 0 {
		return
	}
	typed := t.det.Tick(t.now())
	t.held -= len(typed)
	give(t.target, typed)
	t.recheck()
}

// flush gives back every held key at once, before a key that is not part
// of a scan (Backspace, arrows, a paste) or one typed in another field.
func (t *wedgeTap) flush() {
	if t == nil || t.held == 0 {
		return
	}
	typed := t.det.Tick(t.now().Add(time.Hour))
	t.held = 0
	give(t.target, typed)
}

// give types keys into e as the person typed them; nil drops them.
func give(e *entry, keys []rune) {
	if e == nil {
		return
	}
	for _, r := range keys {
		if r == '\r' || r == '\n' {
			e.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			continue
		}
		e.Entry.TypedRune(r)
	}
}

// entry is a widget.Entry whose keys go through the screen's wedge tap
// first, so a scanner's burst rings wherever the focus is and leaves no
// characters behind. An entry made with scans set (the code field, badge
// fields) takes bursts itself, as typing ended by Enter.
type entry struct {
	widget.Entry
	tap   *wedgeTap
	scans bool
}

// newEntry is an entry in front of t (t may be nil).
func (t *wedgeTap) newEntry() *entry {
	e := &entry{tap: t}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// newPasswordEntry is a password entry in front of t (t may be nil).
func (t *wedgeTap) newPasswordEntry() *entry {
	e := t.newEntry()
	e.Password = true // the revealer is added when the entry is first drawn
	return e
}

// newScanEntry is an entry that takes a scanner's bursts itself: the
// scan's characters and Enter arrive as typing, as without a tap.
func (t *wedgeTap) newScanEntry() *entry {
	e := t.newEntry()
	e.scans = true
	return e
}

// TypedRune lets the tap see r first.
func (e *entry) TypedRune(r rune) {
	if e.tap == nil || e.scans {
		e.tap.flush()
		e.Entry.TypedRune(r)
		return
	}
	e.tap.key(e, r)
}

// TypedKey lets the tap see Enter (a scan's usual suffix) first; keys that
// edit or move give back what the tap holds before they act.
func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	if e.tap == nil || e.scans {
		e.tap.flush()
		e.Entry.TypedKey(ev)
		return
	}
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		e.tap.key(e, '\r')
		return
	case fyne.KeyBackspace, fyne.KeyDelete, fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown,
		fyne.KeyHome, fyne.KeyEnd, fyne.KeyPageUp, fyne.KeyPageDown, fyne.KeyEscape, fyne.KeyInsert, fyne.KeyTab:
		e.tap.flush()
	}
	e.Entry.TypedKey(ev)
}

// TypedShortcut gives back what the tap holds before a paste or a copy.
func (e *entry) TypedShortcut(s fyne.Shortcut) {
	e.tap.flush()
	e.Entry.TypedShortcut(s)
}
