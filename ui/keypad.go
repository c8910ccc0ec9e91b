package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/ui/i18n"
)

// newKeypad is a numeric keypad that types into target: digits, "00", the
// decimal separator of lang, and a key that clears the entry.
func newKeypad(lang string, target *widget.Entry) *fyne.Container {
	dec := "."
	if lang == "es" {
		dec = ","
	}
	grid := container.NewGridWithColumns(3)
	for _, k := range []string{"7", "8", "9", "4", "5", "6", "1", "2", "3", "0", "00", dec} {
		grid.Add(widget.NewButton(k, func() { target.SetText(target.Text + k) }))
	}
	clear := widget.NewButton(i18n.T(lang, "cash.clear"), func() { target.SetText("") })
	return container.NewVBox(grid, clear)
}
