package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// splitTenders is the part of the cash panel that adds vouchers, gift cards
// and store credit before the cash: a split payment.
type splitTenders struct {
	box    fyne.CanvasObject
	method *widget.Select
	ref    *entry
	add    *widget.Button
	list   *widget.Label
	reqs   []pos.TenderRequest
	names  map[string]string // label shown → tender method
}

func (s *LaneScreen) newSplitTenders() *splitTenders {
	t := &splitTenders{ref: s.tap.newEntry(), list: widget.NewLabel(""), names: map[string]string{}}
	var labels []string
	for _, m := range []string{pos.TenderVoucher, pos.TenderGiftCard, pos.TenderStoreCredit} {
		l := tenderName(s.lang, m)
		t.names[l] = m
		labels = append(labels, l)
	}
	t.method = widget.NewSelect(labels, nil)
	t.method.SetSelectedIndex(0)
	t.ref.SetPlaceHolder(i18n.T(s.lang, "split.ref"))
	t.ref.OnSubmitted = func(string) { s.addTender() }
	t.add = widget.NewButton(i18n.T(s.lang, "split.add"), s.addTender)
	t.list.Wrapping = fyne.TextWrapWord
	t.box = container.NewVBox(container.NewBorder(nil, nil, t.method, t.add, t.ref), t.list)
	return t
}

// addTender adds the voucher, gift card or account typed to the payment.
func (s *LaneScreen) addTender() {
	t := s.cash.split
	ref := strings.TrimSpace(t.ref.Text)
	if ref == "" {
		s.cash.message.SetText(i18n.T(s.lang, "split.no_ref"))
		return
	}
	m := t.names[t.method.Selected]
	t.reqs = append(t.reqs, pos.TenderRequest{Method: m, Ref: ref})
	t.ref.SetText("")
	s.cash.message.SetText("")
	s.showSplit()
}

// showSplit lists the tenders added so far.
func (s *LaneScreen) showSplit() {
	t := s.cash.split
	var parts []string
	for _, r := range t.reqs {
		parts = append(parts, tenderName(s.lang, r.Method)+" "+r.Ref)
	}
	if len(parts) == 0 {
		t.list.SetText("")
	} else {
		t.list.SetText(i18n.T(s.lang, "split.added", strings.Join(parts, ", ")))
	}
	s.showChange()
}
