package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// watchTyping makes typing in every entry under o count as the clerk's
// activity for idle sign-out, as taps do (a tap runs an action, which
// tells pos the clerk is there; typing a receipt code, quantities or a
// reason does not reach pos). Entries seen before are left as they are;
// entries no longer on screen are forgotten. Call it whenever the desk's
// content changes (relayout does).
func (d *DeskScreen) watchTyping(objs ...fyne.CanvasObject) {
	seen := make(map[*widget.Entry]bool, len(d.typing))
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Entry:
			d.countTyping(o, seen)
		case *widget.SelectEntry:
			d.countTyping(&o.Entry, seen)
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
	d.typing = seen
}

// countTyping chains a touch of the access idle timer in front of e's
// OnChanged, once.
func (d *DeskScreen) countTyping(e *widget.Entry, seen map[*widget.Entry]bool) {
	seen[e] = true
	if d.typing[e] {
		return
	}
	next := e.OnChanged
	e.OnChanged = func(s string) {
		d.lane.Access().Touch()
		if next != nil {
			next(s)
		}
	}
}
