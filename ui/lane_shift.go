package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// shiftPanel opens a shift by counting the float into the drawer; the lane
// and the desk show it when their till has no open shift.
type shiftPanel struct {
	box     fyne.CanvasObject
	count   *countForm
	message *widget.Label
	open    *widget.Button
}

// newShiftPanel builds the float count in lang for cur, in pairs of
// label+field per row; open is called by the Open shift button.
func newShiftPanel(lang string, cur pos.Currency, pairs int, open func()) *shiftPanel {
	p := &shiftPanel{count: newCountForm(lang, cur, pairs), message: widget.NewLabel("")}
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Importance = widget.DangerImportance
	p.open = widget.NewButton(i18n.T(lang, "shift.open"), open)
	p.open.Importance = widget.HighImportance
	title := widget.NewLabel(i18n.T(lang, "shift.title"))
	title.TextStyle.Bold = true
	hint := widget.NewLabel(i18n.T(lang, "shift.hint"))
	hint.Wrapping = fyne.TextWrapWord
	p.box = container.NewBorder(container.NewVBox(title, hint), container.NewVBox(p.message, tall(p.open, 56)), nil, nil,
		container.NewVScroll(p.count.box))
	return p
}

// openShiftPane asks for the float count before the first sale.
func (s *LaneScreen) openShiftPane() {
	s.shift = newShiftPanel(s.lang, s.basket.Currency, 1, s.openShift)
	s.setPane(s.shift.box)
	s.say(i18n.T(s.lang, "err.no_shift"), true)
}

// openShift opens the till's shift with the counted float.
func (s *LaneScreen) openShift() {
	p := s.shift
	c, bad, ok := p.count.count()
	if !ok {
		p.message.SetText(i18n.T(s.lang, "err.amount", bad))
		return
	}
	s.jobs.do(func() func() {
		_, err := s.lane.Till().Open(context.Background(), c, nil)
		return func() {
			if err != nil {
				p.message.SetText(ErrorMessage(s.lang, err))
				return
			}
			s.setPane(s.sellPane)
			s.say(i18n.T(s.lang, "shift.opened", s.basket.Currency.Format(c.Total(), s.lang)), false)
			s.focusCode()
		}
	})
}
