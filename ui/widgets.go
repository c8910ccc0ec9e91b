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
