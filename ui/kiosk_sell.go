package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// kioskSell is the customer's basket: scan field, lines, total, pay by
// card and call for help.
type kioskSell struct {
	box        fyne.CanvasObject
	code       *entry
	list       *widget.List
	message    *widget.Label
	total      *canvas.Text
	pay        *widget.Button
	helpBtn    *widget.Button
	searchBtn  *widget.Button
	help       *widget.Label
	stillThere *fyne.Container
	paying     *fyne.Container
	right      *fyne.Container
}

// relayout lays the side panel out again after a part of it was shown or hidden.
func (s *kioskSell) relayout() { s.right.Refresh() }

func (k *KioskScreen) newSell() *kioskSell {
	s := &kioskSell{code: k.tap.newScanEntry(), message: widget.NewLabel(""), help: widget.NewLabel(""), total: bigText("", 64)}
	s.code.SetPlaceHolder(i18n.T(k.lang, "kiosk.scan"))
	s.code.OnSubmitted = func(string) { k.scan() }
	s.message.Wrapping = fyne.TextWrapWord
	s.message.TextStyle.Bold = true
	s.help.Importance = widget.WarningImportance
	s.help.TextStyle.Bold = true
	s.help.Wrapping = fyne.TextWrapWord
	s.help.Hide()
	s.list = widget.NewList(
		func() int { return len(k.basket.Lines) },
		func() fyne.CanvasObject {
			name, amount := widget.NewLabel("name"), widget.NewLabel("0,00 €")
			name.Truncation = fyne.TextTruncateEllipsis
			amount.TextStyle.Bold = true
			return container.NewBorder(nil, nil, nil, amount, name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(k.basket.Lines) {
				return
			}
			l, c := k.basket.Lines[id], o.(*fyne.Container)
			name := lineName(k.lang, l)
			if l.Qty != 1 {
				name = i18n.T(k.lang, "lane.qty_detail", l.Qty, k.basket.Currency.Format(l.UnitPrice, k.lang)) + "  " + name
			}
			if l.Voided {
				name = i18n.T(k.lang, "lane.voided") + " · " + name
			}
			c.Objects[0].(*widget.Label).SetText(name)
			c.Objects[1].(*widget.Label).SetText(k.basket.Currency.Format(l.Amount, k.lang))
		},
	)
	s.pay = widget.NewButton(i18n.T(k.lang, "kiosk.pay"), k.payCard)
	s.pay.Importance = widget.HighImportance
	s.searchBtn = widget.NewButton(i18n.T(k.lang, "kiosk.search"), k.openSearch)
	searchRow := tall(s.searchBtn, 80)
	if k.opts.Catalog == nil {
		searchRow.Hide()
	}
	s.helpBtn = widget.NewButton(i18n.T(k.lang, "kiosk.help"), func() { k.touch(); k.callHelp() })
	s.helpBtn.Importance = widget.WarningImportance
	still := widget.NewLabel(i18n.T(k.lang, "kiosk.still_there"))
	still.TextStyle.Bold = true
	still.Wrapping = fyne.TextWrapWord
	s.stillThere = container.NewVBox(still, tall(widget.NewButton(i18n.T(k.lang, "kiosk.continue"), k.touch), 70))
	s.stillThere.Hide()
	payingText := widget.NewLabel(i18n.T(k.lang, "kiosk.paying"))
	payingText.Wrapping = fyne.TextWrapWord
	payingText.TextStyle.Bold = true
	s.paying = container.NewVBox(payingText, widget.NewProgressBarInfinite())
	s.paying.Hide()

	title := widget.NewLabel(i18n.T(k.lang, "lane.total"))
	title.TextStyle.Bold = true
	s.right = container.NewVBox(title, s.total, s.stillThere, s.paying, tall(s.pay, 100), searchRow, tall(s.helpBtn, 80), s.help)
	left := container.NewBorder(container.NewVBox(s.code, s.message), nil, nil, nil, s.list)
	s.box = container.New(sideLayout{share: 0.38}, left, container.NewPadded(s.right))
	return s
}

// showBasket shows k.basket.
func (k *KioskScreen) showBasket() {
	s, b := k.sell, k.basket
	s.list.Refresh()
	s.list.ScrollToBottom()
	s.total.Text = b.Currency.Format(b.Totals.Total, k.lang)
	s.total.Refresh()
	if b.Totals.Items == 0 {
		s.pay.Disable()
	} else {
		s.pay.Enable()
	}
}

// scan adds what the scanner (or the customer) typed.
func (k *KioskScreen) scan() {
	s := k.sell
	code := strings.TrimSpace(s.code.Text)
	s.code.SetText("")
	k.touch()
	k.window.Canvas().Focus(s.code)
	k.ring(code)
}

// ring adds code to the customer's basket and shows the answer (and the
// age check it may need); it leaves the focus where it is.
func (k *KioskScreen) ring(code string) {
	s := k.sell
	if code == "" {
		return
	}
	k.jobs.do(func() func() {
		ctx := context.Background()
		line, err := k.lane.Scan(ctx, code)
		restricted := err == nil && ageUnchecked(line)
		basket := k.lane.Basket()
		return func() {
			k.basket = basket
			k.showBasket()
			if errors.Is(err, pos.ErrSoldByWeight) {
				k.startWeighKiosk(code)
				return
			}
			if err != nil {
				k.opts.Log.Info("kiosk scan refused", "code", code, "err", err)
				s.message.Importance = widget.DangerImportance
				s.message.SetText(kioskScanError(k.lang, code, err))
				return
			}
			s.message.Importance = widget.MediumImportance
			s.message.SetText(lineName(k.lang, line) + "  " + k.basket.Currency.Format(line.Amount, k.lang))
			if restricted {
				k.askAge(line)
			}
		}
	})
}

// kioskScanError is what a customer reads when a scan fails: plain words,
// and staff for anything that is not a bad scan.
func kioskScanError(lang, code string, err error) string {
	switch pos.ErrorCode(err) {
	case pos.ENOTFOUND, pos.EINVALID:
		return i18n.T(lang, "kiosk.not_found")
	}
	return i18n.T(lang, "kiosk.staff")
}

// wedgeScan rings a keyboard-wedge burst caught outside the scan field (the
// search, or nothing focused): on the attract or thank-you screen it starts
// a new customer's visit in the default language first. While paying or
// waiting for an age check the kiosk takes no scans. It runs on the UI
// goroutine.
func (k *KioskScreen) wedgeScan(code string) {
	switch k.state {
	case stateAttract, stateDone:
		k.showAttract()
		k.start(i18n.Default)
	case stateSelling:
	default:
		k.opts.Log.Info("kiosk: scan ignored while paying or checking age", "code", code)
		return
	}
	k.touch()
	k.ring(code)
}
