package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/ui/i18n"
)

// newPLUKeypad is the selling keypad: digits type into the code entry (for
// PLUs and codes that will not scan), "×" turns what was typed into a
// quantity for the next scan, and Enter adds.
func (s *LaneScreen) newPLUKeypad() *fyne.Container {
	grid := container.NewGridWithColumns(4)
	key := func(label string, tap func()) *widget.Button {
		b := widget.NewButton(label, func() { tap(); s.focusCode() })
		grid.Add(b)
		return b
	}
	digit := func(d string) func() { return func() { s.code.SetText(s.code.Text + d) } }
	for _, row := range [][]string{{"7", "8", "9"}, {"4", "5", "6"}, {"1", "2", "3"}} {
		for _, d := range row {
			key(d, digit(d))
		}
		switch row[0] {
		case "7":
			key("⌫", s.backspaceCode)
		case "4":
			key(i18n.T(s.lang, "lane.key.clear"), func() { s.code.SetText("") })
		case "1":
			s.qtyBtn = key("×", s.quantityKey)
		}
	}
	key("0", digit("0"))
	key("00", digit("00"))
	s.enterBtn = key(i18n.T(s.lang, "lane.key.enter"), s.submitCode)
	s.enterBtn.Importance = widget.HighImportance
	s.enterBtn.Refresh()
	return grid
}

// quantityKey makes the digits typed so far the quantity of the next item:
// "3" becomes "3*", and the next scan or PLU adds three.
func (s *LaneScreen) quantityKey() {
	t := strings.TrimSpace(s.code.Text)
	if t == "" || strings.ContainsAny(t, "*xX") {
		s.say(i18n.T(s.lang, "lane.qty.how"), false)
		return
	}
	if q, _, ok := parseQtyCode(t + "*"); !ok || q == 0 {
		s.code.SetText("")
		s.say(i18n.T(s.lang, "err.qty"), true)
		return
	}
	s.code.SetText(t + "*")
	s.say(i18n.T(s.lang, "lane.qty.next", t), false)
}

// backspaceCode removes the last character typed.
func (s *LaneScreen) backspaceCode() {
	if r := []rune(s.code.Text); len(r) > 0 {
		s.code.SetText(string(r[:len(r)-1]))
	}
}
