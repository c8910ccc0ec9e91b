package ui

import "fyne.io/fyne/v2"

// sideLayout puts a main area on the left and a side panel on the right that
// takes a share of the width (never less than its minimum), so the total and
// the pay buttons grow on a large screen instead of leaving it empty.
type sideLayout struct {
	// share of the width given to the side panel, e.g. 0.32.
	share float32
}

// Layout implements fyne.Layout: objs are the main area and the side panel.
func (l sideLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	main, side := objs[0], objs[1]
	w := max(side.MinSize().Width, size.Width*l.share)
	main.Move(fyne.NewPos(0, 0))
	main.Resize(fyne.NewSize(size.Width-w, size.Height))
	side.Move(fyne.NewPos(size.Width-w, 0))
	side.Resize(fyne.NewSize(w, size.Height))
}

// MinSize implements fyne.Layout.
func (l sideLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m, s := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(m.Width+s.Width, max(m.Height, s.Height))
}
