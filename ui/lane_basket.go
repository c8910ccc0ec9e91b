package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// newBasketList is the basket as a virtualised list: only the rows on screen
// exist, so a basket of hundreds of lines scrolls smoothly.
func (s *LaneScreen) newBasketList() *widget.List {
	l := widget.NewList(
		func() int { return len(s.basket.Lines) },
		func() fyne.CanvasObject { return newBasketRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(s.basket.Lines) {
				o.(*basketRow).show(s.lang, s.basket.Currency, s.basket.Lines[id])
			}
		},
	)
	l.OnSelected = func(id widget.ListItemID) { s.selected = id }
	l.OnUnselected = func(id widget.ListItemID) {
		if s.selected == id {
			s.selected = -1
		}
	}
	return l
}

// showBasket shows s.basket: lines, total and item count.
func (s *LaneScreen) showBasket() {
	b := s.basket
	s.list.UnselectAll()
	s.selected = -1
	s.list.Refresh()
	if len(b.Lines) == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	s.total.Text = b.Currency.Format(b.Totals.Total, s.lang)
	s.total.Refresh()
	s.items.SetText(itemsText(s.lang, b.Totals.Items))
	s.savings.SetText(savingsText(s.lang, b))
	if s.savings.Text == "" {
		s.savings.Hide()
	} else {
		s.savings.Show()
	}
	if c, ok := s.sellPane.(*fyne.Container); ok {
		c.Refresh()
	}
	s.cash.due = b.Currency.RoundCash(b.Totals.Total)
	if len(s.right.Objects) == 1 && s.right.Objects[0] == s.cash.box {
		// an item rang (a scanner) while the cash panel is open
		s.cash.dueText.Text = b.Currency.Format(s.cash.due, s.lang)
		s.cash.dueText.Refresh()
		s.showChange()
	}
}

// itemsText says how many units the basket holds.
func itemsText(lang string, n int64) string {
	if n == 1 {
		return i18n.T(lang, "lane.items.one")
	}
	return i18n.T(lang, "lane.items", n)
}

// lineDetail is "2 × 1,50 €", "0,350 kg × 2,99 €/kg", or "" for one unit.
func lineDetail(lang string, c pos.Currency, l pos.Line) string {
	switch {
	case l.Grams > 0:
		sep := "."
		if lang == "es" {
			sep = ","
		}
		kg := fmt.Sprintf("%d%s%03d", l.Grams/1000, sep, l.Grams%1000)
		return i18n.T(lang, "lane.weight_detail", kg, c.Format(l.UnitPrice, lang))
	case l.Qty != 1:
		return i18n.T(lang, "lane.qty_detail", l.Qty, c.Format(l.UnitPrice, lang))
	}
	return ""
}

// savingsText explains the promotions the basket gets, one per line with
// what each saves, in the customer's language ("" when there are none).
func savingsText(lang string, b pos.BasketView) string {
	var lines []string
	for _, p := range b.Promotions {
		name := p.ES
		if lang == "en" && p.EN != "" {
			name = p.EN
		}
		if name == "" {
			name = p.PromotionID
		}
		lines = append(lines, name+"  −"+b.Currency.Format(p.Amount, lang))
	}
	if len(lines) == 0 {
		return ""
	}
	return i18n.T(lang, "lane.savings") + "\n" + strings.Join(lines, "\n")
}
