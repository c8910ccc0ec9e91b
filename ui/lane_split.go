package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// splitTenders is the part of the cash panel that adds vouchers, gift cards,
// store credit and a card before the cash: a split payment. A card is
// charged last, after the other tenders were checked (see payCashSplit).
type splitTenders struct {
	box    fyne.CanvasObject
	method *widget.Select
	ref    *entry
	amount *entry
	add    *widget.Button
	list   *widget.Label
	reqs   []pos.TenderRequest
	names  map[string]string // label shown → tender method
}

func (s *LaneScreen) newSplitTenders() *splitTenders {
	t := &splitTenders{ref: s.tap.newEntry(), amount: s.tap.newEntry(), list: widget.NewLabel(""), names: map[string]string{}}
	methods := []string{pos.TenderVoucher, pos.TenderGiftCard, pos.TenderStoreCredit}
	if s.opts.Cards != nil {
		methods = append(methods, pos.TenderCard)
	}
	var labels []string
	for _, m := range methods {
		l := tenderName(s.lang, m)
		t.names[l] = m
		labels = append(labels, l)
	}
	t.method = widget.NewSelect(labels, func(string) { t.methodChosen() })
	t.ref.SetPlaceHolder(i18n.T(s.lang, "split.ref"))
	t.ref.OnSubmitted = func(string) { s.addTender() }
	t.amount.SetPlaceHolder(i18n.T(s.lang, "split.amount"))
	t.amount.OnSubmitted = func(string) { s.addTender() }
	t.add = widget.NewButton(i18n.T(s.lang, "split.add"), s.addTender)
	t.list.Wrapping = fyne.TextWrapWord
	// Two rows, so the code and the amount stay readable at 1024×768: the
	// method and the amount with Add, then the code at full width (gift card
	// and voucher codes are long).
	t.box = container.NewVBox(container.NewBorder(nil, nil, nil, t.add, container.NewGridWithColumns(2, t.method, t.amount)), t.ref, t.list)
	t.method.SetSelectedIndex(0)
	t.list.Hide()
	return t
}

// setList shows the tenders added so far; an empty list takes no room, so
// the cash panel fits 1024×768.
func (t *splitTenders) setList(text string) {
	t.list.SetText(text)
	if text == "" {
		t.list.Hide()
	} else {
		t.list.Show()
	}
}

// methodChosen disables the code field for a card (the terminal reads it).
func (t *splitTenders) methodChosen() {
	if t.names[t.method.Selected] == pos.TenderCard {
		t.ref.SetText("")
		t.ref.Disable()
		return
	}
	t.ref.Enable()
}

// addTender adds the voucher, gift card, account or card typed to the
// payment, with the amount to take from it (empty: as much as is due and
// the balance allows; for a card, the rest).
func (s *LaneScreen) addTender() {
	t, c := s.cash.split, s.basket.Currency
	m := t.names[t.method.Selected]
	ref := strings.TrimSpace(t.ref.Text)
	if ref == "" && m != pos.TenderCard {
		s.cash.setMessage(i18n.T(s.lang, "split.no_ref"))
		return
	}
	var amount pos.Money
	if a := strings.TrimSpace(t.amount.Text); a != "" && m != pos.TenderVoucher {
		v, err := c.ParseMoney(a)
		if err != nil || v <= 0 {
			s.cash.setMessage(i18n.T(s.lang, "err.amount", a))
			return
		}
		amount = v
	}
	for _, r := range t.reqs {
		if m == pos.TenderCard && r.Method == pos.TenderCard {
			s.cash.setMessage(i18n.T(s.lang, "split.one_card"))
			return
		}
	}
	t.reqs = append(t.reqs, pos.TenderRequest{Method: m, Ref: ref, Amount: amount})
	t.ref.SetText("")
	t.amount.SetText("")
	s.cash.setMessage("")
	s.showSplit()
}

// showSplit lists the tenders added so far.
func (s *LaneScreen) showSplit() {
	t, c := s.cash.split, s.basket.Currency
	var parts []string
	for _, r := range t.reqs {
		p := tenderName(s.lang, r.Method)
		if r.Ref != "" {
			p += " " + r.Ref
		}
		switch {
		case r.Amount > 0:
			p += " " + c.Format(r.Amount, s.lang)
		case r.Method == pos.TenderCard:
			p += " " + i18n.T(s.lang, "split.card_rest")
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		t.setList("")
	} else {
		t.setList(i18n.T(s.lang, "split.added", strings.Join(parts, ", ")))
	}
	s.showChange()
}

// splitHasCard reports a card among a split payment's tenders.
func splitHasCard(reqs []pos.TenderRequest) bool {
	for _, r := range reqs {
		if r.Method == pos.TenderCard {
			return true
		}
	}
	return false
}
