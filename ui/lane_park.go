package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// parkPanel puts the open basket aside under a label, and lists the parked
// baskets to resume one.
type parkPanel struct {
	box     fyne.CanvasObject
	label   *entry
	park    *widget.Button
	list    *widget.List
	message *widget.Label
	back    *widget.Button
	parked  []pos.ParkedBasket
}

func (s *LaneScreen) newParkPanel() *parkPanel {
	p := &parkPanel{label: s.tap.newEntry(), message: widget.NewLabel("")}
	p.label.SetPlaceHolder(i18n.T(s.lang, "park.label"))
	p.label.OnSubmitted = func(string) { s.parkBasket() }
	p.park = widget.NewButton(i18n.T(s.lang, "park.park"), s.parkBasket)
	p.park.Importance = widget.HighImportance
	p.message.Wrapping = fyne.TextWrapWord
	p.list = widget.NewList(
		func() int { return len(p.parked) },
		func() fyne.CanvasObject {
			l, r := widget.NewLabel("label"), widget.NewLabel("0,00 €")
			l.Truncation = fyne.TextTruncateEllipsis
			r.TextStyle.Bold = true
			return container.NewBorder(nil, nil, nil, r, l)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.parked) {
				return
			}
			b, c := p.parked[id], o.(*fyne.Container)
			text := b.ParkedAt.Local().Format("15:04") + "  " + itemsText(s.lang, b.Items)
			if b.Label != "" {
				text += " · " + b.Label
			}
			c.Objects[0].(*widget.Label).SetText(text)
			c.Objects[1].(*widget.Label).SetText(s.basket.Currency.Format(b.Total, s.lang))
		},
	)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		if id < len(p.parked) {
			s.resumeBasket(p.parked[id].ID)
		}
	}
	p.back = widget.NewButton(i18n.T(s.lang, "cash.cancel"), func() { s.setPane(s.sellPane); s.focusCode() })
	title := widget.NewLabel(i18n.T(s.lang, "park.title"))
	title.TextStyle.Bold = true
	resume := widget.NewLabel(i18n.T(s.lang, "park.resume"))
	resume.TextStyle.Bold = true
	top := container.NewVBox(title, p.label, p.park, widget.NewSeparator(), resume, p.message)
	p.box = container.NewBorder(top, tall(p.back, 56), nil, nil, p.list)
	return p
}

// openPark shows the park panel with the baskets parked at this lane.
func (s *LaneScreen) openPark() {
	p := s.park
	p.label.SetText("")
	p.message.SetText("")
	if s.basket.Totals.Items == 0 {
		p.park.Disable()
	} else {
		p.park.Enable()
	}
	s.setPane(p.box)
	s.window.Canvas().Focus(p.label)
	s.jobs.do(func() func() {
		parked, err := s.lane.ParkedBaskets(context.Background())
		return func() {
			p.parked = parked
			p.list.Refresh()
			switch {
			case err != nil:
				p.message.SetText(ErrorMessage(s.lang, err))
			case len(parked) == 0:
				p.message.SetText(i18n.T(s.lang, "park.none"))
			}
		}
	})
}

// parkBasket puts the open basket aside and empties the lane for the next customer.
func (s *LaneScreen) parkBasket() {
	p := s.park
	label := p.label.Text
	s.jobs.do(func() func() {
		b, err := s.lane.Park(context.Background(), label)
		basket := s.lane.Basket()
		return func() {
			s.basket = basket
			s.showBasket()
			if err != nil {
				p.message.SetText(ErrorMessage(s.lang, err))
				return
			}
			s.setPane(s.sellPane)
			s.say(i18n.T(s.lang, "park.done", s.basket.Currency.Format(b.Total, s.lang)), false)
			s.focusCode()
		}
	})
}

// resumeBasket brings a parked basket back onto the lane.
func (s *LaneScreen) resumeBasket(id string) {
	p := s.park
	s.jobs.do(func() func() {
		view, err := s.lane.Resume(context.Background(), id)
		return func() {
			if err != nil && view.Lines == nil {
				msg := ErrorMessage(s.lang, err)
				if pos.ErrorCode(err) == pos.ECONFLICT {
					msg = i18n.T(s.lang, "park.busy")
				}
				p.message.SetText(msg)
				return
			}
			s.basket = s.lane.Basket()
			s.showBasket()
			s.setPane(s.sellPane)
			s.say(i18n.T(s.lang, "park.resumed", s.basket.Currency.Format(s.basket.Totals.Total, s.lang)), false)
			s.focusCode()
		}
	})
}
