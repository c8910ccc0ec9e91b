package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"image/color"
)

// bigText is bold text at a fixed size, for totals and change.
func bigText(s string, size float32) *canvas.Text {
	t := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
	t.TextSize = size
	t.TextStyle.Bold = true
	return t
}

// tall gives o at least height h, for buttons a thumb can hit.
func tall(o fyne.CanvasObject, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, h))
	return container.NewStack(r, o)
}

// layoutSpacer pushes what follows it in a box to the far end.
func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// fixedWidth lays its one object out at width w and as tall as the object
// needs at that width, so wrapped text inside it measures right.
type fixedWidth struct{ w float32 }

// Layout implements fyne.Layout.
func (l fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (l fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		o.Resize(fyne.NewSize(l.w, o.Size().Height))
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.w, h)
}
