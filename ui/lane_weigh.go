package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// laneWeighTimeout bounds one weighing at the lane (the scale waits for a
// stable weight within it).
const laneWeighTimeout = 8 * time.Second

// weighPanel weighs an item sold by weight at the lane: it asks the scale
// and adds the line as soon as the weight is stable; when there is no
// scale, or it gives no weight, it says why and the cashier weighs again
// or types the weight.
type weighPanel struct {
	box      fyne.CanvasObject
	title    *widget.Label
	perKg    *widget.Label
	weight   *canvas.Text
	price    *widget.Label
	message  *widget.Label
	progress *widget.ProgressBarInfinite
	keyed    *entry
	addBtn   *widget.Button
	againBtn *widget.Button
	cancel   *widget.Button

	code    string
	product pos.Product
	// stop cancels the weighing under way; gen tells its answer from a
	// later one's.
	stop context.CancelFunc
	gen  int
}

func (s *LaneScreen) newWeighPanel(code string, p pos.Product) *weighPanel {
	w := &weighPanel{title: widget.NewLabel(i18n.T(s.lang, "weigh.title", p.DisplayName(s.lang))),
		perKg:  widget.NewLabel(i18n.T(s.lang, "weigh.per_kg", s.basket.Currency.Format(p.Price, s.lang))),
		weight: bigText("—", 48), price: widget.NewLabel(""), message: widget.NewLabel(""),
		progress: widget.NewProgressBarInfinite(), keyed: s.tap.newEntry(), code: code, product: p}
	w.title.TextStyle.Bold = true
	w.title.Wrapping = fyne.TextWrapWord
	w.price.TextStyle.Bold = true
	w.price.SizeName = theme.SizeNameSubHeadingText
	w.message.Wrapping = fyne.TextWrapWord
	w.message.TextStyle.Bold = true
	w.progress.Hide()
	w.keyed.SetPlaceHolder(i18n.T(s.lang, "weigh.keyed"))
	w.keyed.OnSubmitted = func(string) { s.addKeyedWeight() }
	w.addBtn = widget.NewButton(i18n.T(s.lang, "weigh.add"), s.addKeyedWeight)
	w.addBtn.Importance = widget.HighImportance
	w.againBtn = widget.NewButton(i18n.T(s.lang, "weigh.again"), s.weighNow)
	w.cancel = widget.NewButton(i18n.T(s.lang, "weigh.cancel"), s.closeWeigh)
	if s.opts.Scale == nil {
		w.againBtn.Disable()
	}
	w.box = container.NewVBox(w.title, w.perKg, w.weight, w.price, w.progress, w.message, widget.NewSeparator(),
		w.keyed, tall(w.addBtn, 60), container.NewGridWithColumns(2, w.againBtn, w.cancel))
	return w
}

// startWeigh opens the weighing pane for code, a product sold by weight
// the cashier scanned or keyed, and weighs it.
func (s *LaneScreen) startWeigh(code string) {
	s.jobs.do(func() func() {
		p, err := s.lane.Product(context.Background(), code)
		return func() {
			if err != nil {
				s.say(scanErrorMessage(s.lang, code, err), true)
				return
			}
			s.closeWeigh()
			s.weigh = s.newWeighPanel(code, p)
			s.setPane(s.weigh.box)
			if s.opts.Scale == nil {
				s.weighSay(i18n.T(s.lang, "weigh.no_scale"), true)
				s.window.Canvas().Focus(s.weigh.keyed)
				return
			}
			s.weighNow()
		}
	})
}

// weighNow asks the scale; a stable weight adds the line at once.
func (s *LaneScreen) weighNow() {
	w := s.weigh
	if w == nil || s.opts.Scale == nil {
		return
	}
	if w.stop != nil {
		w.stop()
	}
	ctx, stop := context.WithTimeout(context.Background(), laneWeighTimeout)
	w.stop = stop
	w.gen++
	gen := w.gen
	s.weighSay(i18n.T(s.lang, "weigh.weighing"), false)
	w.progress.Show()
	w.progress.Start()
	w.againBtn.Disable()
	s.jobs.do(func() func() {
		grams, err := s.opts.Scale.Weigh(ctx)
		stop()
		return func() {
			if s.weigh != w || w.gen != gen {
				return // cancelled, or weighed again
			}
			w.progress.Stop()
			w.progress.Hide()
			w.againBtn.Enable()
			if err != nil {
				s.opts.Log.Info("weighing failed", "code", w.code, "err", err)
				s.weighSay(weighMessage(s.lang, err), true)
				s.window.Canvas().Focus(w.keyed)
				return
			}
			s.showWeight(grams)
			s.addWeighed(grams)
		}
	})
}

// showWeight shows grams and what they cost.
func (s *LaneScreen) showWeight(grams int64) {
	w := s.weigh
	w.weight.Text = kgText(s.lang, grams)
	w.weight.Refresh()
	w.price.SetText(s.basket.Currency.Format(weighedPrice(w.product, grams), s.lang))
}

// addKeyedWeight adds the line at the weight the cashier typed.
func (s *LaneScreen) addKeyedWeight() {
	w := s.weigh
	if w == nil {
		return
	}
	grams, ok := parseKg(w.keyed.Text)
	if !ok {
		s.weighSay(i18n.T(s.lang, "weigh.keyed.bad"), true)
		s.window.Canvas().Focus(w.keyed)
		return
	}
	if w.stop != nil {
		w.stop()
	}
	w.gen++
	s.showWeight(grams)
	s.addWeighed(grams)
}

// addWeighed adds the weighed line and goes back to selling.
func (s *LaneScreen) addWeighed(grams int64) {
	w := s.weigh
	w.addBtn.Disable()
	s.jobs.do(func() func() {
		line, err := s.lane.AddWeighed(context.Background(), w.code, grams)
		basket := s.lane.Basket()
		return func() {
			s.basket = basket
			s.showBasket()
			if s.weigh == w {
				w.addBtn.Enable()
			}
			if err != nil {
				s.opts.Log.Info("weighed line refused", "code", w.code, "grams", grams, "err", err)
				if s.weigh == w {
					s.weighSay(ErrorMessage(s.lang, err), true)
				} else {
					s.say(ErrorMessage(s.lang, err), true)
				}
				s.staffNeeded(err)
				return
			}
			if s.weigh == w {
				s.closeWeigh()
			}
			s.say(i18n.T(s.lang, "weigh.added", lineName(s.lang, line), kgText(s.lang, line.Grams),
				s.basket.Currency.Format(line.UnitPrice, s.lang), s.basket.Currency.Format(line.Amount, s.lang)), false)
			s.list.ScrollToBottom()
		}
	})
}

// weighSay shows a message on the weighing pane.
func (s *LaneScreen) weighSay(text string, danger bool) {
	m := s.weigh.message
	m.Importance = widget.MediumImportance
	if danger {
		m.Importance = widget.DangerImportance
	}
	m.SetText(text)
	s.weigh.box.Refresh() // a wrapped message may take another line
}

// closeWeigh stops any weighing and goes back to selling.
func (s *LaneScreen) closeWeigh() {
	if s.weigh == nil {
		return
	}
	if s.weigh.stop != nil {
		s.weigh.stop()
	}
	s.weigh = nil
	s.setPane(s.sellPane)
	s.focusCode()
}
