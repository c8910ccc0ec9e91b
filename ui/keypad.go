package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// newKeypad is a numeric keypad that types into target: digits, "00" and
// the decimal separator of lang.
func newKeypad(lang string, target *widget.Entry) *fyne.Container {
	dec := "."
	if lang == "es" {
		dec = ","
	}
	grid := container.NewGridWithColumns(3)
	for _, k := range []string{"7", "8", "9", "4", "5", "6", "1", "2", "3", "0", "00", dec} {
		grid.Add(widget.NewButton(k, func() { target.SetText(target.Text + k) }))
	}
	return grid
}
