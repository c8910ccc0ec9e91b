package ui

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// kioskWeighEvery is how often the weighing screen reads the scale, and
// kioskWeighWait how long one reading may wait for the scale to settle.
const (
	kioskWeighEvery = 300 * time.Millisecond
	kioskWeighWait  = 800 * time.Millisecond
)

// kioskWeigh is the customer's weighing screen: the item, its price per
// kilogram, the weight and price live from the scale, what to do
// ("Place the item on the scale"), Add once the weight is stable, and a
// way back to the basket that always works.
type kioskWeigh struct {
	box     fyne.CanvasObject
	title   *canvas.Text
	perKg   *widget.Label
	weight  *canvas.Text
	price   *canvas.Text
	message *widget.Label
	add     *widget.Button
	back    *widget.Button
	helpBtn *widget.Button

	code    string
	product pos.Product
	grams   int64 // the last stable weight, 0 while there is none
	closed  atomic.Bool
}

func (k *KioskScreen) newWeigh(code string, p pos.Product) *kioskWeigh {
	w := &kioskWeigh{title: bigText(p.DisplayName(k.lang), 40),
		perKg:  widget.NewLabel(i18n.T(k.lang, "weigh.per_kg", k.basket.Currency.Format(p.Price, k.lang))),
		weight: bigText("—", 72), price: bigText("", 56), message: widget.NewLabel(i18n.T(k.lang, "kiosk.weigh.place")),
		code: code, product: p}
	w.title.Alignment = fyne.TextAlignCenter
	w.weight.Alignment = fyne.TextAlignCenter
	w.price.Alignment = fyne.TextAlignCenter
	w.perKg.Alignment = fyne.TextAlignCenter
	w.message.Alignment = fyne.TextAlignCenter
	w.message.Wrapping = fyne.TextWrapWord
	w.message.TextStyle.Bold = true
	w.message.Importance = widget.WarningImportance
	w.add = widget.NewButton(i18n.T(k.lang, "kiosk.weigh.add"), k.addWeighedKiosk)
	w.add.Importance = widget.HighImportance
	w.add.Disable()
	w.back = widget.NewButton(i18n.T(k.lang, "kiosk.weigh.cancel"), func() { k.touch(); k.closeWeighKiosk() })
	w.helpBtn = widget.NewButton(i18n.T(k.lang, "kiosk.help"), func() { k.touch(); k.callHelp() })
	w.helpBtn.Importance = widget.WarningImportance
	body := container.NewVBox(w.title, w.perKg, w.weight, w.price, w.message,
		tall(w.add, 100), container.NewGridWithColumns(2, tall(w.back, 80), tall(w.helpBtn, 80)))
	w.box = container.NewCenter(container.New(fixedWidth{w: 760}, body))
	return w
}

// startWeighKiosk looks code (a product sold by weight) up and shows the
// weighing screen, reading the scale until the customer adds or goes back.
func (k *KioskScreen) startWeighKiosk(code string) {
	k.jobs.do(func() func() {
		p, err := k.lane.Product(context.Background(), code)
		return func() {
			if k.state != stateSelling {
				return
			}
			if err != nil {
				k.sell.message.Importance = widget.DangerImportance
				k.sell.message.SetText(kioskScanError(k.lang, code, err))
				return
			}
			k.weigh = k.newWeigh(code, p)
			k.state = stateWeighing
			k.show(k.weigh.box)
			if k.opts.Scale == nil {
				k.weigh.message.Importance = widget.DangerImportance
				k.weigh.message.SetText(i18n.T(k.lang, "kiosk.weigh.broken"))
				return
			}
			k.pollScale(k.weigh)
		}
	})
}

// pollScale reads the scale once for w and shows it; the next reading is
// queued kioskWeighEvery later, until w is closed.
func (k *KioskScreen) pollScale(w *kioskWeigh) {
	k.jobs.do(func() func() {
		if w.closed.Load() {
			return nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), kioskWeighWait)
		grams, err := k.opts.Scale.Weigh(ctx)
		cancel()
		return func() {
			if k.weigh != w || w.closed.Load() {
				return
			}
			k.showReading(w, grams, err)
			time.AfterFunc(kioskWeighEvery, func() { k.pollScale(w) })
		}
	})
}

// showReading shows one reading of the scale.
func (k *KioskScreen) showReading(w *kioskWeigh, grams int64, err error) {
	if err != nil {
		w.grams = 0
		w.weight.Text = "—"
		w.price.Text = ""
		w.message.Importance = widget.WarningImportance
		if c := pos.ScaleConditionOf(err); c != pos.ScaleMotion && c != pos.ScaleEmpty {
			w.message.Importance = widget.DangerImportance
			k.opts.Log.Info("kiosk scale", "err", err)
		}
		w.message.SetText(kioskWeighMessage(k.lang, err))
		w.add.Disable()
	} else {
		w.grams = grams
		w.weight.Text = kgText(k.lang, grams)
		w.price.Text = k.basket.Currency.Format(weighedPrice(w.product, grams), k.lang)
		w.message.Importance = widget.MediumImportance
		w.message.SetText(i18n.T(k.lang, "kiosk.weigh.ready"))
		w.add.Enable()
	}
	w.weight.Refresh()
	w.price.Refresh()
}

// addWeighedKiosk adds the item at the weight shown and goes back to the basket.
func (k *KioskScreen) addWeighedKiosk() {
	k.touch()
	w := k.weigh
	if w == nil || w.grams <= 0 {
		return
	}
	grams := w.grams
	w.add.Disable()
	k.jobs.do(func() func() {
		line, err := k.lane.AddWeighed(context.Background(), w.code, grams)
		basket := k.lane.Basket()
		return func() {
			k.basket = basket
			if k.weigh != w {
				k.showBasket()
				return
			}
			k.closeWeighKiosk()
			if err != nil {
				k.opts.Log.Info("kiosk weighed line refused", "code", w.code, "grams", grams, "err", err)
				k.sell.message.Importance = widget.DangerImportance
				k.sell.message.SetText(i18n.T(k.lang, "kiosk.staff"))
				return
			}
			k.sell.message.Importance = widget.MediumImportance
			k.sell.message.SetText(i18n.T(k.lang, "kiosk.weigh.added", lineName(k.lang, line), kgText(k.lang, line.Grams),
				k.basket.Currency.Format(line.Amount, k.lang)))
		}
	})
}

// closeWeighKiosk stops reading the scale and shows the basket again.
func (k *KioskScreen) closeWeighKiosk() {
	if k.weigh == nil {
		return
	}
	k.weigh.closed.Store(true)
	k.weigh = nil
	k.backToSelling()
}
