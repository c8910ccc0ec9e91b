package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// payCashSplit takes a split payment with a card: the other tenders and the
// cash received are checked first, then the card panel follows the
// terminal (progress, cancel) until it answers. Approved: the sale is done
// and the status line says how it was paid. Declined or cancelled: back to
// the cash panel with the other tenders still listed and the card taken off,
// so the cashier takes the rest another way (or adds the card again).
func (s *LaneScreen) payCashSplit(split []pos.TenderRequest, received pos.Money) {
	reqs := append([]pos.TenderRequest(nil), split...)
	if received > 0 {
		reqs = append(reqs, pos.TenderRequest{Method: pos.TenderCash, Amount: received})
	}
	c := s.basket.Currency
	p := s.openCardPanel()
	for _, r := range reqs {
		if r.Method == pos.TenderCard && r.Amount > 0 {
			p.amount.SetText(i18n.T(s.lang, "split.card_pays", c.Format(r.Amount, s.lang)))
		} else if r.Method == pos.TenderCard {
			p.amount.SetText(i18n.T(s.lang, "split.card_pays", i18n.T(s.lang, "split.card_rest")))
		}
	}
	ctx := pos.WithCardProgress(context.Background(), func(pr pos.CardProgress) {
		fyne.Do(func() { p.step.SetText(cardStepText(s.lang, pr)) })
	})
	s.cash.confirm.Disable()
	s.jobs.do(func() func() {
		sale, err := s.lane.PaySplit(ctx, s.opts.Cards, reqs)
		basket := s.lane.Basket()
		return func() {
			p.progress.Stop()
			s.cash.confirm.Enable()
			s.basket = basket
			s.showBasket()
			if err != nil {
				s.opts.Log.Warn("split payment with card not taken", "err", err)
				s.splitCardFailed(err)
				return
			}
			s.lastSale = sale
			s.showDone(sale)
			s.say(i18n.T(s.lang, "split.paid", paidText(s.lang, c, sale.Tenders)), false)
		}
	})
}

// splitCardFailed shows why a split payment with a card did not complete.
func (s *LaneScreen) splitCardFailed(err error) {
	p := s.cash
	msg := cardErrorMessage(s.lang, err)
	switch pos.ErrorCode(err) {
	case pos.ECARDDECLINED, pos.ECARDCANCELLED:
		var kept []pos.TenderRequest
		for _, r := range p.split.reqs {
			if r.Method != pos.TenderCard {
				kept = append(kept, r)
			}
		}
		p.split.reqs = kept
		s.showSplit()
		msg = i18n.T(s.lang, "split.card_cancelled")
		if pos.ErrorCode(err) == pos.ECARDDECLINED {
			msg = i18n.T(s.lang, "split.card_declined")
		}
	case pos.EINSUFFICIENT:
		msg = i18n.T(s.lang, "split.short")
	case pos.ECONFLICT:
		msg = i18n.T(s.lang, "split.used")
	case pos.ENOTFOUND:
		msg = i18n.T(s.lang, "split.unknown")
	case pos.EEMPTY, pos.EJOURNAL:
		s.closeCash()
		s.say(msg, true)
		return
	}
	s.setPane(p.box)
	p.setMessage(msg)
	s.staffNeeded(err)
}

// paidText says how a sale was paid, with amounts: "Tarjeta regalo ···4567
// 5,00 € + Tarjeta 82,00 € + Efectivo 3,00 €".
func paidText(lang string, cur pos.Currency, ts []pos.Tender) string {
	var parts []string
	for _, t := range ts {
		name := tenderLabel(lang, t)
		if t.Method == pos.TenderVoucher && t.Ref != "" {
			name += " " + pos.MaskRef(t.Ref)
		}
		parts = append(parts, name+" "+cur.Format(t.Amount, lang))
	}
	return strings.Join(parts, " + ")
}
