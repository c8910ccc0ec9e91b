package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// cashPanel asks for the cash received and shows the change before the
// cashier confirms.
type cashPanel struct {
	box      fyne.CanvasObject
	due      pos.Money
	dueText  *canvas.Text
	received *entry
	change   *canvas.Text
	message  *widget.Label
	exact    *widget.Button
	notes    *fyne.Container
	confirm  *widget.Button
	cancel   *widget.Button
	split    *splitTenders
	// noReceipt: the customer does not want a printed receipt.
	noReceipt *widget.Check
}

func (s *LaneScreen) newCashPanel() *cashPanel {
	p := &cashPanel{}
	p.dueText = bigText("", 40)
	p.received = s.tap.newEntry()
	p.received.SetPlaceHolder(i18n.T(s.lang, "cash.received"))
	p.received.OnChanged = func(string) { s.showChange() }
	p.received.OnSubmitted = func(string) { s.payCash() }
	p.change = bigText("", 30)
	p.message = widget.NewLabel("")
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Importance = widget.DangerImportance
	p.message.Hide()
	p.exact = widget.NewButton(i18n.T(s.lang, "cash.exact"), func() { s.setReceived(p.due) })
	p.notes = container.NewGridWithColumns(3)
	clear := widget.NewButton(i18n.T(s.lang, "cash.clear"), func() { p.received.SetText("") })
	p.confirm = widget.NewButton(i18n.T(s.lang, "cash.confirm"), s.payCash)
	p.confirm.Importance = widget.HighImportance
	p.cancel = widget.NewButton(i18n.T(s.lang, "cash.cancel"), s.closeCash)
	p.split = s.newSplitTenders()
	p.noReceipt = s.newNoReceiptCheck()
	p.box = container.NewVBox(
		// The amount due shares its row with "no receipt": a separate title
		// row would push the panel past 1024×768 once split tenders are listed.
		container.NewBorder(nil, nil, widget.NewLabel(i18n.T(s.lang, "cash.due")), container.NewCenter(p.noReceipt), p.dueText),
		container.NewBorder(nil, nil, widget.NewLabel(i18n.T(s.lang, "cash.received")), nil, p.received),
		container.NewGridWithColumns(2, p.exact, clear), p.notes,
		newKeypad(s.lang, &p.received.Entry),
		p.split.box,
		p.change, p.message,
		tall(container.NewGridWithColumns(2, p.cancel, p.confirm), 56),
	)
	return p
}

// openCash shows the cash panel for the basket's total.
func (s *LaneScreen) openCash() {
	if s.basket.Totals.Items == 0 {
		s.say(i18n.T(s.lang, "err.empty_basket"), true)
		s.focusCode()
		return
	}
	p, c := s.cash, s.basket.Currency
	p.due = c.RoundCash(s.basket.Totals.Total)
	p.dueText.Text = c.Format(p.due, s.lang)
	p.dueText.Refresh()
	p.received.SetText("")
	p.setMessage("")
	p.split.reqs = nil
	p.split.setList("")
	p.notes.Objects = nil
	for _, n := range nextNotes(c, p.due, 3) {
		p.notes.Add(widget.NewButton(c.Format(n, s.lang), func() { s.setReceived(n) }))
	}
	p.notes.Refresh()
	p.noReceipt.SetChecked(s.lane.NoReceipt())
	s.showChange()
	s.setPane(p.box)
	s.window.Canvas().Focus(p.received)
}

// closeCash goes back to selling without paying.
func (s *LaneScreen) closeCash() {
	s.setPane(s.sellPane)
	s.focusCode()
}

// setReceived fills the amount received with m, in the cashier's notation.
func (s *LaneScreen) setReceived(m pos.Money) {
	s.cash.received.SetText(plainLocal(s.basket.Currency, m, s.lang))
	s.window.Canvas().Focus(s.cash.received)
}

// showChange shows the change (or what is still missing) as the amount is typed.
func (s *LaneScreen) showChange() {
	p, c := s.cash, s.basket.Currency
	got, err := c.ParseMoney(p.received.Text)
	switch {
	case len(p.split.reqs) > 0:
		p.change.Text = "" // the other tenders' worth is known when paying
	case p.received.Text == "" || err != nil:
		p.change.Text = ""
	case got >= p.due:
		p.change.Color = theme.Color(theme.ColorNameForeground)
		p.change.Text = i18n.T(s.lang, "cash.change") + ": " + c.Format(got-p.due, s.lang)
	default:
		p.change.Color = theme.Color(theme.ColorNameError)
		p.change.Text = i18n.T(s.lang, "cash.short", c.Format(p.due-got, s.lang))
	}
	p.change.Refresh()
}

// payCash completes the sale with the amount received.
func (s *LaneScreen) payCash() {
	p, c := s.cash, s.basket.Currency
	received, err := c.ParseMoney(p.received.Text)
	split := append([]pos.TenderRequest(nil), p.split.reqs...)
	if len(split) > 0 && strings.TrimSpace(p.received.Text) == "" {
		received, err = 0, nil
	}
	if err != nil {
		p.setMessage(i18n.T(s.lang, "err.amount", p.received.Text))
		return
	}
	if splitHasCard(split) {
		s.payCashSplit(split, received)
		return
	}
	due := p.due
	p.confirm.Disable()
	s.jobs.do(func() func() {
		var sale pos.Sale
		var err error
		if len(split) == 0 {
			sale, err = s.lane.PayCash(context.Background(), received)
		} else {
			if received > 0 {
				split = append(split, pos.TenderRequest{Method: pos.TenderCash, Amount: received})
			}
			sale, err = s.lane.PayWith(context.Background(), split)
		}
		basket := s.lane.Basket()
		return func() {
			p.confirm.Enable()
			s.basket = basket
			s.showBasket()
			if err != nil {
				s.opts.Log.Warn("cash payment refused", "err", err)
				msg := ErrorMessage(s.lang, err)
				switch {
				case len(split) > 0 && pos.ErrorCode(err) == pos.EINSUFFICIENT:
					msg = i18n.T(s.lang, "split.short")
				case len(split) > 0 && pos.ErrorCode(err) == pos.ECONFLICT:
					msg = i18n.T(s.lang, "split.used")
				case len(split) > 0 && pos.ErrorCode(err) == pos.ENOTFOUND:
					msg = i18n.T(s.lang, "split.unknown")
				case pos.ErrorCode(err) == pos.EINSUFFICIENT:
					msg = i18n.T(s.lang, "err.insufficient_tender", c.Format(received, s.lang), c.Format(due, s.lang))
				case pos.ErrorCode(err) == pos.ECARDUNKNOWN:
					msg = i18n.T(s.lang, "card.pending_first")
				}
				p.setMessage(msg)
				if pos.ErrorCode(err) == pos.EEMPTY || pos.ErrorCode(err) == pos.EJOURNAL {
					s.closeCash()
					s.say(msg, true)
				}
				return
			}
			s.lastSale = sale
			s.showDone(sale)
		}
	})
}

// nextNotes suggests up to n banknotes the customer may hand over for due:
// the smallest common notes above it.
func nextNotes(c pos.Currency, due pos.Money, n int) []pos.Money {
	unit := pos.Money(1)
	for range c.Digits {
		unit *= 10
	}
	var out []pos.Money
	for _, v := range []pos.Money{5, 10, 20, 50, 100, 200, 500} {
		note := v * unit
		if note > due && len(out) < n {
			out = append(out, note)
		}
	}
	return out
}

// plainLocal is m as a bare number in lang's notation ("12,50" in Spanish).
func plainLocal(c pos.Currency, m pos.Money, lang string) string {
	s := c.Plain(m)
	if lang == "es" {
		b := []byte(s)
		for i := range b {
			if b[i] == '.' {
				b[i] = ','
			}
		}
		s = string(b)
	}
	return s
}

// setMessage tells the cashier why a payment was refused; with nothing to
// say the line takes no room, so the cash panel fits 1024×768.
func (p *cashPanel) setMessage(msg string) {
	p.message.SetText(msg)
	if msg == "" {
		p.message.Hide()
	} else {
		p.message.Show()
	}
}
