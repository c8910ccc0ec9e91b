package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// donePanel tells the cashier the sale is recorded and how much change to
// give, until the next scan starts a new sale.
type donePanel struct {
	box     fyne.CanvasObject
	title   *widget.Label
	change  *canvas.Text
	give    *widget.Label // "Cambio a devolver" over the amount
	paid    *widget.Label
	reprint *widget.Button
	shown   bool
}

func (s *LaneScreen) newDonePanel() *donePanel {
	p := &donePanel{title: widget.NewLabel(""), change: bigText("", 56), give: widget.NewLabel(i18n.T(s.lang, "sale.give"))}
	p.title.TextStyle.Bold = true
	p.title.Wrapping = fyne.TextWrapWord
	p.give.TextStyle.Bold = true
	next := widget.NewLabel(i18n.T(s.lang, "sale.next"))
	next.Wrapping = fyne.TextWrapWord
	p.paid = widget.NewLabel("")
	p.paid.Wrapping = fyne.TextWrapWord
	p.reprint = widget.NewButton(i18n.T(s.lang, "lane.reprint"), s.reprintLast)
	p.box = container.NewVBox(p.title, p.paid, widget.NewSeparator(), p.give, p.change, widget.NewSeparator(), next, layoutSpacer(), tall(p.reprint, 56))
	return p
}

// showDone shows the completed sale and its change.
func (s *LaneScreen) showDone(sale pos.Sale) {
	p, c := s.done, s.basket.Currency
	p.title.SetText(i18n.T(s.lang, "sale.done", sale.ReceiptCode()))
	p.change.Text = c.Format(sale.Change, s.lang)
	p.change.Refresh()
	var received pos.Money
	for _, t := range sale.Tenders {
		received += max(t.Received, t.Amount)
	}
	paid := i18n.T(s.lang, "sale.paid", c.Format(sale.Totals.Total, s.lang), c.Format(received, s.lang))
	p.reprint.SetText(i18n.T(s.lang, "lane.reprint"))
	if sale.NoReceipt {
		paid += "\n" + i18n.T(s.lang, "receipt.none.done")
		p.reprint.SetText(i18n.T(s.lang, "receipt.print_now"))
	}
	p.paid.SetText(paid)
	s.reprintBtn.Enable()
	p.shown = true
	s.setPane(p.box)
	s.say("", false)
	s.focusCode()
}

// reprintLast queues a copy of the last sale's receipt.
func (s *LaneScreen) reprintLast() {
	defer s.focusCode()
	sale := s.lastSale
	if sale.ID == "" {
		return
	}
	s.jobs.do(func() func() {
		err := s.lane.Reprint(context.Background(), sale.ID)
		return func() {
			if err != nil {
				s.say(ErrorMessage(s.lang, err), true)
				return
			}
			s.say(i18n.T(s.lang, "lane.reprint.done", sale.ReceiptCode()), false)
		}
	})
}

// newNoReceiptCheck is the "no receipt" choice of the open sale, kept by the
// lane (so the cash and card panels agree) until the sale completes.
func (s *LaneScreen) newNoReceiptCheck() *widget.Check {
	return widget.NewCheck(i18n.T(s.lang, "receipt.none"), func(on bool) { s.lane.SetNoReceipt(on) })
}
