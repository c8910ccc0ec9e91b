package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// cardPanel shows the card terminal's progress while the customer pays and
// lets the cashier cancel at the terminal.
type cardPanel struct {
	box    fyne.CanvasObject
	amount *widget.Label
	// step is what the terminal reports the customer is doing.
	step     *widget.Label
	progress *widget.ProgressBarInfinite
	abort    *widget.Button
	// noReceipt may be ticked while the customer pays.
	noReceipt *widget.Check
}

func (s *LaneScreen) newCardPanel() *cardPanel {
	p := &cardPanel{amount: widget.NewLabel(""), step: widget.NewLabel(""), progress: widget.NewProgressBarInfinite()}
	p.progress.Stop()
	p.amount.TextStyle.Bold = true
	p.amount.SizeName = theme.SizeNameSubHeadingText
	p.step.TextStyle.Bold = true
	p.step.SizeName = theme.SizeNameSubHeadingText
	p.step.Wrapping = fyne.TextWrapWord
	p.step.Importance = widget.HighImportance
	hint := widget.NewLabel(i18n.T(s.lang, "card.follow"))
	hint.Wrapping = fyne.TextWrapWord
	p.abort = widget.NewButton(i18n.T(s.lang, "card.abort"), s.abortCard)
	p.noReceipt = s.newNoReceiptCheck()
	p.box = container.NewVBox(widget.NewLabel(i18n.T(s.lang, "card.title")), p.amount, p.step, p.progress, hint, p.noReceipt, tall(p.abort, 56))
	return p
}

// openCardPanel puts the card panel on screen for the basket's total,
// waiting for the terminal's first report.
func (s *LaneScreen) openCardPanel() *cardPanel {
	p := s.card
	p.amount.SetText(s.basket.Currency.Format(s.basket.Totals.Total, s.lang))
	p.step.SetText(i18n.T(s.lang, "card.step.waiting"))
	p.noReceipt.SetChecked(s.lane.NoReceipt())
	p.progress.Start()
	p.abort.Enable()
	s.setPane(p.box)
	return p
}

// payCard takes the basket's total on the card terminal, off the UI
// goroutine, showing progress until the terminal answers.
func (s *LaneScreen) payCard() {
	if s.basket.Totals.Items == 0 {
		s.say(i18n.T(s.lang, "err.empty_basket"), true)
		s.focusCode()
		return
	}
	p := s.openCardPanel()
	// The terminal's progress reaches the panel through fyne.Do while the
	// payment job waits for its answer.
	ctx := pos.WithCardProgress(context.Background(), func(pr pos.CardProgress) {
		fyne.Do(func() { p.step.SetText(cardStepText(s.lang, pr)) })
	})
	s.jobs.do(func() func() {
		sale, err := s.lane.PayCard(ctx, s.opts.Cards)
		basket := s.lane.Basket()
		return func() {
			p.progress.Stop()
			s.basket = basket
			s.showBasket()
			if err != nil {
				s.opts.Log.Warn("card payment not taken", "err", err)
				s.setPane(s.sellPane)
				s.say(cardErrorMessage(s.lang, err), true)
				s.staffNeeded(err)
				s.focusCode()
				return
			}
			s.lastSale = sale
			s.showDone(sale)
		}
	})
}

// abortCard asks the terminal to cancel the payment in progress. It runs
// beside the payment job, not after it.
func (s *LaneScreen) abortCard() {
	s.card.abort.Disable()
	go func() {
		if err := s.opts.Cards.Abort(context.Background()); err != nil {
			s.opts.Log.Warn("card abort", "err", err)
		}
	}()
}

// cardStepText tells the cashier what the terminal is doing.
func cardStepText(lang string, p pos.CardProgress) string {
	if p.Step == pos.CardStepOther || p.Step == "" {
		if p.TerminalText == "" {
			return i18n.T(lang, "card.follow")
		}
		return i18n.T(lang, "card.step.other", p.TerminalText)
	}
	return i18n.T(lang, "card.step."+string(p.Step))
}

// cardErrorMessage tells the cashier what a card failure means for them.
func cardErrorMessage(lang string, err error) string {
	switch pos.ErrorCode(err) {
	case pos.ECARDDECLINED:
		return i18n.T(lang, "card.declined")
	case pos.ECARDCANCELLED:
		return i18n.T(lang, "card.cancelled")
	case pos.ECARDUNKNOWN:
		return i18n.T(lang, "card.unknown")
	}
	return ErrorMessage(lang, err)
}
