package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// kioskAge pauses the kiosk after an age-restricted item: the customer is
// told staff will check their age; staff enter their code and PIN (or scan
// their badge) and approve, or refuse and the item is removed. Call for
// help stays on screen.
type kioskAge struct {
	box     fyne.CanvasObject
	title   *canvas.Text
	hint    *widget.Label
	id      *entry
	pin     *entry
	message *widget.Label
	approve *widget.Button
	refuse  *widget.Button
	helpBtn *widget.Button
	help    *widget.Label
	line    pos.Line
}

func (k *KioskScreen) newAge(line pos.Line) *kioskAge {
	a := &kioskAge{title: bigText(i18n.T(k.lang, "kiosk.age.title"), 40), hint: widget.NewLabel(i18n.T(k.lang, "kiosk.age.hint", lineName(k.lang, line))),
		id: k.tap.newScanEntry(), pin: k.tap.newPasswordEntry(), message: widget.NewLabel(""), help: widget.NewLabel(""), line: line}
	a.title.Alignment = fyne.TextAlignCenter
	a.hint.Wrapping = fyne.TextWrapWord
	a.hint.Alignment = fyne.TextAlignCenter
	a.id.SetPlaceHolder(i18n.T(k.lang, "kiosk.age.id"))
	a.pin.SetPlaceHolder(i18n.T(k.lang, "signin.pin"))
	a.id.OnSubmitted = func(string) { k.window.Canvas().Focus(a.pin) }
	a.message.Importance = widget.DangerImportance
	a.message.Wrapping = fyne.TextWrapWord
	a.approve = widget.NewButton(i18n.T(k.lang, "kiosk.age.approve"), func() { k.decideAge(true) })
	a.approve.Importance = widget.HighImportance
	a.refuse = widget.NewButton(i18n.T(k.lang, "kiosk.age.refuse"), func() { k.decideAge(false) })
	a.refuse.Importance = widget.DangerImportance
	a.helpBtn = widget.NewButton(i18n.T(k.lang, "kiosk.help"), func() { k.touch(); k.callHelp() })
	a.helpBtn.Importance = widget.WarningImportance
	a.help.Importance = widget.WarningImportance
	a.help.TextStyle.Bold = true
	a.help.Wrapping = fyne.TextWrapWord
	a.help.Alignment = fyne.TextAlignCenter
	if k.helpAsked {
		a.help.SetText(i18n.T(k.lang, "kiosk.help.coming"))
	}
	staff := widget.NewLabel(i18n.T(k.lang, "kiosk.age.staff"))
	staff.Wrapping = fyne.TextWrapWord
	staff.TextStyle.Bold = true
	a.message.Hide()
	staffBox := container.NewVBox(staff, container.NewGridWithColumns(2, a.id, a.pin), a.message, tall(a.approve, 76), tall(a.refuse, 76))
	pad := newPINPad(k.window, a.id, a.pin, nil)
	customer := container.NewVBox(a.title, a.hint, tall(a.helpBtn, 76), a.help)
	a.box = container.NewBorder(container.NewCenter(container.New(fixedWidth{w: 940}, customer)), nil, nil, nil,
		container.NewCenter(container.NewHBox(container.New(fixedWidth{w: 500}, staffBox), container.New(fixedWidth{w: 400}, pad))))
	return a
}

// say shows msg to staff (the line takes no room while empty).
func (a *kioskAge) say(msg string) {
	a.message.SetText(msg)
	a.message.Show()
	a.box.Refresh()
}

// ageUnchecked reports whether line needs staff to check the customer's
// age before it can be paid: pos marks restricted lines, and approves those
// rung after an earlier check of the same basket.
func ageUnchecked(line pos.Line) bool {
	return line.AgeRestricted && !line.AgeApproved && !line.Voided
}

// askAgeAfter pauses for an age check when pos refused to take payment
// because a restricted line is unchecked (one rung where the kiosk did not
// ask, say a weighed item), so staff can check it there and then. It
// reports whether it did.
func (k *KioskScreen) askAgeAfter(err error) bool {
	if pos.ErrorCode(err) != pos.EAGECHECK {
		return false
	}
	for _, l := range k.basket.Lines {
		if ageUnchecked(l) {
			k.askAge(l)
			return true
		}
	}
	return false
}

// askAge pauses the kiosk on line until staff check the customer's age.
// Staff are called at once.
func (k *KioskScreen) askAge(line pos.Line) {
	k.state = stateAgeCheck
	if !k.helpAsked {
		k.callHelp()
	}
	k.age = k.newAge(line)
	k.show(k.age.box)
	k.window.Canvas().Focus(k.age.id)
}

// decideAge records staff's decision through the lane: approve keeps the
// item (pos.Lane.ApproveAge), refuse voids it (pos.Lane.RefuseAge), under
// an age-check override granted by the member of staff, who identifies
// themselves; the kiosk's own operator cannot.
func (k *KioskScreen) decideAge(approve bool) {
	a := k.age
	id := strings.TrimSpace(a.id.Text)
	cred := pos.Credential{OperatorID: id, PIN: a.pin.Text}
	if a.pin.Text == "" {
		cred = pos.Credential{Badge: id}
	}
	if id == "" {
		a.say(i18n.T(k.lang, "kiosk.age.no_staff"))
		k.window.Canvas().Focus(a.id)
		return
	}
	line := a.line
	reason := i18n.T(k.lang, "kiosk.age.reason") + ": " + line.SKU
	if !approve {
		reason = i18n.T(k.lang, "kiosk.age.refuse_reason") + ": " + line.SKU
	}
	a.approve.Disable()
	a.refuse.Disable()
	k.jobs.do(func() func() {
		ctx := context.Background()
		ov, err := k.lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: pos.PermAgeCheck, Reason: reason, Credential: cred})
		if err == nil {
			if approve {
				err = k.lane.ApproveAge(ctx, line.No, ov)
			} else {
				err = k.lane.RefuseAge(ctx, line.No, ov)
			}
		}
		basket := k.lane.Basket()
		return func() {
			a.approve.Enable()
			a.refuse.Enable()
			a.pin.SetText("")
			if err != nil {
				msg := ErrorMessage(k.lang, err)
				if pos.ErrorCode(err) == pos.EFORBIDDEN {
					msg = i18n.T(k.lang, "kiosk.age.not_staff")
				}
				a.say(msg)
				k.window.Canvas().Focus(a.id)
				return
			}
			k.basket = basket
			k.backToSelling()
			k.sell.message.Importance = widget.MediumImportance
			if approve {
				k.sell.message.SetText(i18n.T(k.lang, "kiosk.age.approved"))
			} else {
				k.sell.message.SetText(i18n.T(k.lang, "kiosk.age.refused", lineName(k.lang, line)))
			}
		}
	})
}

// backToSelling shows the basket again after a pause.
func (k *KioskScreen) backToSelling() {
	k.state = stateSelling
	k.age = nil
	k.show(k.sell.box)
	k.showBasket()
	k.touch()
	k.window.Canvas().Focus(k.sell.code)
}
