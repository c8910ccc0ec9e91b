package ui

import "fyne.io/fyne/v2"

// Scanned rings a code read by a device scanner (serial or USB HID) as if
// the cashier had typed it and pressed Enter. It is safe to call from any
// goroutine: the screen is updated through fyne.Do.
func (s *LaneScreen) Scanned(code string) {
	fyne.Do(func() {
		s.code.SetText(code)
		s.submitCode()
	})
}
