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

// wedgeScan rings a keyboard-wedge burst caught outside the code entry
// (the cash amount, the search…), leaving that field and the focus as they
// were; while nobody is signed in it is a badge for the sign-in. It runs on
// the UI goroutine.
func (s *LaneScreen) wedgeScan(code string) {
	if !s.signedIn {
		s.signin.id.SetText(code)
		s.signin.pin.SetText("")
		s.signin.signIn()
		return
	}
	s.opts.Log.Debug("wedge scan", "code", code)
	s.ring(code)
}
