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

// signInForm is the sign-in every staff screen (lane, desk, manager) shows
// while nobody is signed in: operator code and PIN typed or tapped on the
// keypad, or a badge scanned into the code field.
type signInForm struct {
	box     fyne.CanvasObject
	id      *entry
	pin     *entry
	message *widget.Label
	submit  *widget.Button

	lang   string
	window fyne.Window
	jobs   *serial
	access *pos.Access
	// then runs off the UI goroutine after a good sign-in (e.g. to read the
	// shift); the func it returns runs on the UI goroutine.
	then func(ctx context.Context, op pos.Operator) func()
}

// newSignInForm builds the sign-in for a screen in window w, its fields in
// front of tap (nil: none). setLang, when
// not nil, is called by the language button.
func newSignInForm(lang string, w fyne.Window, tap *wedgeTap, jobs *serial, access *pos.Access, setLang func(), then func(context.Context, pos.Operator) func()) *signInForm {
	p := &signInForm{id: tap.newScanEntry(), pin: tap.newPasswordEntry(), message: widget.NewLabel(""),
		lang: lang, window: w, jobs: jobs, access: access, then: then}
	p.id.SetPlaceHolder(i18n.T(lang, "signin.id"))
	p.pin.SetPlaceHolder(i18n.T(lang, "signin.pin"))
	p.id.OnSubmitted = func(string) {
		if p.pin.Text == "" && strings.TrimSpace(p.id.Text) != "" && !allDigits(strings.TrimSpace(p.id.Text)) {
			p.signIn() // a badge: scanners type it and press Enter
			return
		}
		w.Canvas().Focus(p.pin)
	}
	p.pin.OnSubmitted = func(string) { p.signIn() }
	p.message.Importance = widget.DangerImportance
	p.message.Wrapping = fyne.TextWrapWord
	p.submit = widget.NewButton(i18n.T(lang, "signin.submit"), p.signIn)
	p.submit.Importance = widget.HighImportance
	title := widget.NewLabel(i18n.T(lang, "signin.title"))
	title.SizeName = theme.SizeNameHeadingText
	title.TextStyle.Bold = true
	hint := widget.NewLabel(i18n.T(lang, "signin.hint"))
	hint.Wrapping = fyne.TextWrapWord
	form := container.NewVBox(title, hint, p.id, p.pin, newPINPad(w, p.id, p.pin, p.signIn), tall(p.submit, 56), p.message)
	width := container.New(fixedWidth{w: 440}, form)
	bottom := container.NewHBox(layoutSpacer())
	if setLang != nil {
		b := widget.NewButton(i18n.T(lang, "lang.switch"), setLang)
		b.Importance = widget.LowImportance
		bottom.Add(b)
	}
	p.box = container.NewBorder(nil, bottom, nil, nil, container.NewCenter(width))
	return p
}

// newPINPad types digits into whichever of id and pin has the focus in w;
// ↵ moves from id to pin, and on pin calls enter (when not nil).
func newPINPad(w fyne.Window, id, pin *entry, enter func()) *fyne.Container {
	grid := container.NewGridWithColumns(3)
	target := func() *entry {
		if w.Canvas().Focused() == id {
			return id
		}
		return pin
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
				if e == id {
					w.Canvas().Focus(pin)
					return
				}
				if enter != nil {
					enter()
				}
				return
			default:
				e.SetText(e.Text + k)
			}
			w.Canvas().Focus(e)
		}))
	}
	return grid
}

// show puts the sign-in in the window, emptied, with msg under it.
func (p *signInForm) show(msg string) {
	p.id.SetText("")
	p.pin.SetText("")
	p.message.SetText(msg)
	p.submit.Enable()
	p.window.SetContent(p.box)
	p.window.Canvas().Focus(p.id)
}

// signIn checks the code and PIN (or badge) with the access control.
func (p *signInForm) signIn() {
	id, pin := strings.TrimSpace(p.id.Text), p.pin.Text
	if id == "" {
		p.message.SetText(i18n.T(p.lang, "signin.missing"))
		p.window.Canvas().Focus(p.id)
		return
	}
	p.submit.Disable()
	p.jobs.do(func() func() {
		ctx := context.Background()
		var op pos.Operator
		var err error
		if pin == "" {
			op, err = p.access.SignInBadge(ctx, id)
		} else {
			op, err = p.access.SignIn(ctx, id, pin)
		}
		var then func()
		if err == nil && p.then != nil {
			then = p.then(ctx, op)
		}
		return func() {
			p.submit.Enable()
			if err != nil {
				p.pin.SetText("")
				p.message.SetText(ErrorMessage(p.lang, err))
				p.window.Canvas().Focus(p.pin)
				return
			}
			if then != nil {
				then()
			}
		}
	})
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

// staffBar is the line at the bottom of the desk and manager screens: who
// is signed in and the sign-out button.
type staffBar struct {
	box      fyne.CanvasObject
	operator *widget.Label
	signOut  *widget.Button
}

func newStaffBar(lang string, signOut func()) *staffBar {
	b := &staffBar{operator: widget.NewLabel("")}
	b.operator.TextStyle.Bold = true
	b.signOut = widget.NewButton(i18n.T(lang, "signin.out"), signOut)
	b.signOut.Importance = widget.LowImportance
	b.box = container.NewVBox(widget.NewSeparator(), container.NewHBox(layoutSpacer(), b.operator, b.signOut))
	return b
}

// set shows who is signed in.
func (b *staffBar) set(lang string, op pos.Operator) {
	b.operator.SetText(i18n.T(lang, "staff.operator", op.Name))
}
