package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// approvalPanel asks why an action is done and, when the cashier's role
// does not allow it, for a supervisor's code and PIN (or badge) on the spot.
type approvalPanel struct {
	box        *fyne.Container
	what       *widget.Label
	reason     *entry
	supervisor *fyne.Container
	id         *entry
	pin        *entry
	message    *widget.Label
	confirm    *widget.Button
	cancel     *widget.Button

	perm pos.Permission
	need bool
	act  func(ctx context.Context, reason string, ov *pos.Override) error
	done string
}

func (s *LaneScreen) newApprovalPanel() *approvalPanel {
	p := &approvalPanel{what: widget.NewLabel(""), reason: s.tap.newEntry(), id: s.tap.newScanEntry(), pin: s.tap.newPasswordEntry(), message: widget.NewLabel("")}
	p.what.TextStyle.Bold = true
	p.what.Wrapping = fyne.TextWrapWord
	p.id.SetPlaceHolder(i18n.T(s.lang, "signin.id"))
	p.pin.SetPlaceHolder(i18n.T(s.lang, "signin.pin"))
	p.pin.OnSubmitted = func(string) { s.approve() }
	p.message.Importance = widget.DangerImportance
	p.message.Wrapping = fyne.TextWrapWord
	sup := widget.NewLabel(i18n.T(s.lang, "approve.supervisor"))
	sup.Wrapping = fyne.TextWrapWord
	p.supervisor = container.NewVBox(sup, p.id, p.pin)
	p.confirm = widget.NewButton(i18n.T(s.lang, "approve.confirm"), s.approve)
	p.confirm.Importance = widget.DangerImportance
	p.cancel = widget.NewButton(i18n.T(s.lang, "cash.cancel"), s.closeApproval)
	p.box = container.NewVBox(p.what, widget.NewLabel(i18n.T(s.lang, "approve.reason")), p.reason, p.supervisor, p.message,
		tall(container.NewGridWithColumns(2, p.cancel, p.confirm), 56))
	return p
}

// askApproval shows the approval panel for an action needing perm. act does
// it with the reason and the override (nil when the role allows it); done
// is the message shown after it worked.
func (s *LaneScreen) askApproval(what string, perm pos.Permission, act func(ctx context.Context, reason string, ov *pos.Override) error, done string) {
	s.jobs.do(func() func() {
		ctx := context.Background()
		op, err := s.lane.Access().Current(ctx)
		return func() {
			if err != nil {
				s.say(ErrorMessage(s.lang, err), true)
				s.staffNeeded(err)
				return
			}
			p := s.approval
			p.perm, p.act, p.done = perm, act, done
			p.need = !s.lane.Access().Can(op.Role, perm)
			p.what.SetText(what)
			p.reason.SetText("")
			p.id.SetText("")
			p.pin.SetText("")
			p.message.SetText("")
			if p.need {
				p.supervisor.Show()
			} else {
				p.supervisor.Hide()
			}
			p.box.Refresh()
			s.setPane(p.box)
			s.window.Canvas().Focus(p.reason)
		}
	})
}

// approve gets the override if one is needed and does the action.
func (s *LaneScreen) approve() {
	p := s.approval
	reason := strings.TrimSpace(p.reason.Text)
	if reason == "" {
		p.message.SetText(i18n.T(s.lang, "approve.no_reason"))
		s.window.Canvas().Focus(p.reason)
		return
	}
	cred := pos.Credential{OperatorID: strings.TrimSpace(p.id.Text), PIN: p.pin.Text}
	if cred.PIN == "" {
		cred = pos.Credential{Badge: strings.TrimSpace(p.id.Text)}
	}
	if p.need && cred.OperatorID == "" && cred.Badge == "" {
		p.message.SetText(i18n.T(s.lang, "approve.no_supervisor"))
		s.window.Canvas().Focus(p.id)
		return
	}
	perm, need, act, done := p.perm, p.need, p.act, p.done
	p.confirm.Disable()
	s.jobs.do(func() func() {
		ctx := context.Background()
		var ov *pos.Override
		var err error
		if need {
			ov, err = s.lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: perm, Reason: reason, Credential: cred})
		}
		if err == nil {
			err = act(ctx, reason, ov)
		}
		basket := s.lane.Basket()
		return func() {
			p.confirm.Enable()
			s.basket = basket
			s.showBasket()
			if err != nil {
				p.pin.SetText("")
				p.message.SetText(ErrorMessage(s.lang, err))
				return
			}
			s.closeApproval()
			s.say(done, false)
		}
	})
}

// closeApproval goes back to selling.
func (s *LaneScreen) closeApproval() {
	s.setPane(s.sellPane)
	s.focusCode()
}

// voidSale abandons the whole basket, with a reason and, for a cashier, a
// supervisor's approval.
func (s *LaneScreen) voidSale() {
	if s.basket.Totals.Items == 0 {
		s.say(i18n.T(s.lang, "err.empty_basket"), true)
		s.focusCode()
		return
	}
	s.askApproval(i18n.T(s.lang, "approve.void_sale", s.basket.Currency.Format(s.basket.Totals.Total, s.lang)), pos.PermVoidSale,
		func(ctx context.Context, reason string, ov *pos.Override) error {
			return s.lane.VoidSale(ctx, reason, ov)
		},
		i18n.T(s.lang, "lane.void_sale.done"))
}
