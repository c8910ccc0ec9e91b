package ui

import (
	"context"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// newSignInScreen is the lane's sign-in (the shared signInForm): after a
// good sign-in it shows the selling screen, or the float count when no
// shift is open.
func (s *LaneScreen) newSignInScreen() *signInForm {
	return newSignInForm(s.lang, s.window, s.tap, &s.jobs, s.lane.Access(), func() { s.SetLang(otherLang(s.lang)) },
		func(ctx context.Context, op pos.Operator) func() {
			_, shiftErr := s.lane.Till().Current(ctx)
			return func() {
				s.signedIn = true
				s.opts.Operator = op.Name
				s.window.SetContent(s.main)
				s.refreshStatus()
				if pos.ErrorCode(shiftErr) == pos.ENOSHIFT {
					s.openShiftPane()
					return
				}
				s.say(i18n.T(s.lang, "signin.welcome", op.Name), false)
				s.focusCode()
			}
		})
}

// showSignIn replaces the selling screen with the sign-in screen.
func (s *LaneScreen) showSignIn(msg string) {
	s.signedIn = false
	s.opts.Operator = ""
	s.signin.show(msg)
}

// signOut signs the operator out and shows the sign-in screen.
func (s *LaneScreen) signOut() {
	s.jobs.do(func() func() {
		err := s.lane.Access().SignOut(context.Background())
		return func() {
			if err != nil {
				s.say(ErrorMessage(s.lang, err), true)
				return
			}
			s.showSignIn("")
		}
	})
}

// checkAccess shows the sign-in screen or the float count when the lane
// cannot sell yet; it runs off the UI goroutine.
func (s *LaneScreen) checkAccess() func() {
	ctx := context.Background()
	op, err := s.lane.Access().Current(ctx)
	if err != nil {
		return func() { s.showSignIn(i18n.T(s.lang, "signin.needed")) }
	}
	_, shiftErr := s.lane.Till().Current(ctx)
	return func() {
		s.signedIn = true
		s.opts.Operator = op.Name
		s.refreshStatus()
		if pos.ErrorCode(shiftErr) == pos.ENOSHIFT {
			s.openShiftPane()
		}
	}
}
