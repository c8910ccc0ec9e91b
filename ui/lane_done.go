package ui

import (
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
	box    fyne.CanvasObject
	title  *widget.Label
	change *canvas.Text
	give   *widget.Label // "Cambio a devolver" over the amount
	shown  bool
}

func (s *LaneScreen) newDonePanel() *donePanel {
	p := &donePanel{title: widget.NewLabel(""), change: bigText("", 56), give: widget.NewLabel(i18n.T(s.lang, "sale.give"))}
	p.title.TextStyle.Bold = true
	p.title.Wrapping = fyne.TextWrapWord
	p.give.TextStyle.Bold = true
	next := widget.NewLabel(i18n.T(s.lang, "sale.next"))
	next.Wrapping = fyne.TextWrapWord
	p.box = container.NewVBox(p.title, widget.NewSeparator(), p.give, p.change, widget.NewSeparator(), next)
	return p
}

// showDone shows the completed sale and its change.
func (s *LaneScreen) showDone(sale pos.Sale) {
	p, c := s.done, s.basket.Currency
	p.title.SetText(i18n.T(s.lang, "sale.done", sale.ReceiptCode()))
	p.change.Text = c.Format(sale.Change, s.lang)
	p.change.Refresh()
	p.shown = true
	s.setPane(p.box)
	s.say("", false)
	s.focusCode()
}
