package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// typingWatch makes typing in the entries of a screen count as the staff
// member's activity for idle sign-out, as taps do (a tap runs an action,
// which tells pos someone is there; typing a code, a quantity or a reason
// does not reach pos until it is submitted).
type typingWatch struct {
	// touch records activity (pos.Access.Touch).
	touch func()
	// seen holds the entries whose typing already counts.
	seen map[*widget.Entry]bool
}

// watch makes every entry under objs count. Entries seen before are left as
// they are; entries no longer on screen are forgotten. Call it whenever the
// screen's content changes.
func (w *typingWatch) watch(objs ...fyne.CanvasObject) {
	seen := make(map[*widget.Entry]bool, len(w.seen))
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Entry:
			w.count(o, seen)
		case *entry:
			w.count(&o.Entry, seen)
		case *widget.SelectEntry:
			w.count(&o.Entry, seen)
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(o.Content)
		case *container.AppTabs:
			for _, it := range o.Items {
				walk(it.Content)
			}
		case *container.ThemeOverride:
			walk(o.Content)
		}
	}
	for _, o := range objs {
		if o != nil {
			walk(o)
		}
	}
	w.seen = seen
}

// count chains a touch of the idle timer in front of e's OnChanged, once.
func (w *typingWatch) count(e *widget.Entry, seen map[*widget.Entry]bool) {
	seen[e] = true
	if w.seen[e] {
		return
	}
	next := e.OnChanged
	e.OnChanged = func(s string) {
		w.touch()
		if next != nil {
			next(s)
		}
	}
}
