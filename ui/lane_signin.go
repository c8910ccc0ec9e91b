package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// signInScreen fills the window while nobody is signed in: operator code
// and PIN, or a badge scanned into the code field.
type signInScreen struct {
	box     fyne.CanvasObject
	id      *widget.Entry
	pin     *widget.Entry
	message *widget.Label
	submit  *widget.Button
}

func (s *LaneScreen) newSignInScreen() *signInScreen {
	p := &signInScreen{id: widget.NewEntry(), pin: widget.NewPasswordEntry(), message: widget.NewLabel("")}
	p.id.SetPlaceHolder(i18n.T(s.lang, "signin.id"))
	p.pin.SetPlaceHolder(i18n.T(s.lang, "signin.pin"))
	p.id.OnSubmitted = func(string) {
		if p.pin.Text == "" && strings.TrimSpace(p.id.Text) != "" && !allDigits(strings.TrimSpace(p.id.Text)) {
			s.signIn() // a badge: scanners type it and press Enter
			return
		}
		s.window.Canvas().Focus(p.pin)
	}
	p.pin.OnSubmitted = func(string) { s.signIn() }
	p.message.Importance = widget.DangerImportance
	p.message.Wrapping = fyne.TextWrapWord
	p.submit = widget.NewButton(i18n.T(s.lang, "signin.submit"), s.signIn)
	p.submit.Importance = widget.HighImportance
	title := widget.NewLabel(i18n.T(s.lang, "signin.title"))
	title.SizeName = theme.SizeNameHeadingText
	title.TextStyle.Bold = true
	hint := widget.NewLabel(i18n.T(s.lang, "signin.hint"))
	hint.Wrapping = fyne.TextWrapWord
	lang := widget.NewButton(i18n.T(s.lang, "lang.switch"), func() { s.SetLang(otherLang(s.lang)) })
	lang.Importance = widget.LowImportance
	form := container.NewVBox(title, hint, p.id, p.pin, newPINPad(s, p), tall(p.submit, 56), p.message)
	width := container.New(fixedWidth{w: 440}, form)
	p.box = container.NewBorder(nil, container.NewHBox(layoutSpacer(), lang), nil, nil, container.NewCenter(width))
	return p
}

// newPINPad types digits into whichever sign-in field has the focus.
func newPINPad(s *LaneScreen, p *signInScreen) *fyne.Container {
	grid := container.NewGridWithColumns(3)
	target := func() *widget.Entry {
		if s.window.Canvas().Focused() == p.id {
			return p.id
		}
		return p.pin
	}
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "↵"} {
		grid.Add(widget.NewButton(k, func() {
			e := target()
			switch k {
			case "⌫":
				if r := []rune(e.Text); len(r) > 0 {
					e.SetText(string(r[:len(r)-1]))
				}
			case "↵":
				if e == p.id {
					s.window.Canvas().Focus(p.pin)
					return
				}
				s.signIn()
				return
			default:
				e.SetText(e.Text + k)
			}
			s.window.Canvas().Focus(e)
		}))
	}
	return grid
}

// showSignIn replaces the selling screen with the sign-in screen.
func (s *LaneScreen) showSignIn(msg string) {
	p := s.signin
	p.id.SetText("")
	p.pin.SetText("")
	p.message.SetText(msg)
	s.signedIn = false
	s.opts.Operator = ""
	s.window.SetContent(p.box)
	s.window.Canvas().Focus(p.id)
}

// signIn checks the code and PIN (or badge) with the lane's access control.
func (s *LaneScreen) signIn() {
	p := s.signin
	id, pin := strings.TrimSpace(p.id.Text), p.pin.Text
	if id == "" {
		p.message.SetText(i18n.T(s.lang, "signin.missing"))
		s.window.Canvas().Focus(p.id)
		return
	}
	p.submit.Disable()
	s.jobs.do(func() func() {
		ctx := context.Background()
		var op pos.Operator
		var err error
		if pin == "" {
			op, err = s.lane.Access().SignInBadge(ctx, id)
		} else {
			op, err = s.lane.Access().SignIn(ctx, id, pin)
		}
		var shiftErr error
		if err == nil {
			_, shiftErr = s.lane.Till().Current(ctx)
		}
		return func() {
			p.submit.Enable()
			if err != nil {
				p.pin.SetText("")
				p.message.SetText(ErrorMessage(s.lang, err))
				s.window.Canvas().Focus(p.pin)
				return
			}
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

// allDigits reports whether t is made of digits only.
func allDigits(t string) bool {
	for _, r := range t {
		if r < '0' || r > '9' {
			return false
		}
	}
	return t != ""
}
