package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
	"github.com/omnilane/omnilane/ui/qr"
)

// kioskDone thanks the customer after a paid sale and tells them the
// receipt code, with the receipt as a QR code beside the printed one; any
// touch (or the idle timer) brings the attract screen.
type kioskDone struct {
	box    fyne.CanvasObject
	thanks *canvas.Text
	detail *widget.Label
	next   *widget.Button
	qr     *fyne.Container
	qrHint *widget.Label
	// qrText is what the QR code on screen encodes.
	qrText string
	// paperless lets the customer, while paying, do without the printed
	// receipt and keep only the QR code; it shows in the paying box.
	paperless *widget.Button
}

// ReceiptQRPrefix starts the text of a receipt's QR code; the returns desk
// accepts a receipt code scanned with or without it.
const ReceiptQRPrefix = "omnilane:receipt:"

func (k *KioskScreen) newDone() *kioskDone {
	d := &kioskDone{thanks: bigText(i18n.T(k.lang, "kiosk.thanks"), 56), detail: widget.NewLabel(""), qr: container.NewCenter(),
		qrHint: widget.NewLabel(i18n.T(k.lang, "kiosk.receipt.qr"))}
	d.thanks.Alignment = fyne.TextAlignCenter
	d.detail.Alignment = fyne.TextAlignCenter
	d.detail.Wrapping = fyne.TextWrapWord
	d.qrHint.Alignment = fyne.TextAlignCenter
	d.qrHint.Wrapping = fyne.TextWrapWord
	d.paperless = widget.NewButton("", func() {
		k.lane.SetNoReceipt(!k.lane.NoReceipt())
		k.showPaperless()
	})
	d.next = widget.NewButton(i18n.T(k.lang, "kiosk.finish"), k.showAttract)
	d.next.Importance = widget.HighImportance
	d.box = container.NewCenter(container.New(fixedWidth{w: 760}, container.NewVBox(d.thanks, d.detail, d.qr, d.qrHint, tall(d.next, 110))))
	return d
}

// showQR puts the receipt code on screen as a QR code.
func (d *kioskDone) showQR(receiptCode string) {
	d.qrText = ReceiptQRPrefix + receiptCode
	code, err := qr.Encode(d.qrText, qr.M)
	if err != nil {
		d.qr.RemoveAll()
		d.qrHint.Hide()
		return
	}
	side := code.Size + 8     // with the 4-module quiet zone
	scale := max(1, 240/side) // whole pixels per module stay sharp
	img := canvas.NewImageFromImage(code.Image(scale, 4))
	img.ScaleMode = canvas.ImageScalePixels
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(float32(side*scale), float32(side*scale)))
	d.qr.Objects = []fyne.CanvasObject{img}
	d.qr.Refresh()
	d.qrHint.Show()
}

// showPaying locks the basket and shows the terminal's instruction (the
// label returned) with a progress bar while the customer pays.
func (k *KioskScreen) showPaying() *widget.Label {
	s := k.sell
	k.state = statePaying
	s.pay.Disable()
	step := s.paying.Objects[0].(*widget.Label)
	step.SizeName = theme.SizeNameSubHeadingText // larger than the rest: the customer reads it from the terminal
	step.SetText(i18n.T(k.lang, "kiosk.paying"))
	if len(s.paying.Objects) == 2 {
		s.paying.Add(tall(k.done.paperless, 64))
	}
	k.showPaperless()
	s.paying.Show()
	s.relayout()
	s.paying.Objects[1].(*widget.ProgressBarInfinite).Start()
	return step
}

// showPaperless shows the customer's receipt choice on its button.
func (k *KioskScreen) showPaperless() {
	b := k.done.paperless
	if k.lane.NoReceipt() {
		b.SetText("✓ " + i18n.T(k.lang, "kiosk.paperless.on"))
		b.Importance = widget.HighImportance
	} else {
		b.SetText(i18n.T(k.lang, "kiosk.paperless"))
		b.Importance = widget.MediumImportance
	}
	b.Refresh()
}

// payCard takes the basket's total on the card terminal. The screen shows
// progress while the customer uses the terminal and never idles out.
func (k *KioskScreen) payCard() {
	s := k.sell
	k.touch()
	if k.opts.Cards == nil {
		s.message.Importance = widget.DangerImportance
		s.message.SetText(i18n.T(k.lang, "kiosk.no_card"))
		return
	}
	step := k.showPaying()
	// The terminal's prompts, in the customer's language, while they pay.
	ctx := pos.WithCardProgress(context.Background(), func(pr pos.CardProgress) {
		fyne.Do(func() {
			step.SetText(kioskStepText(k.lang, pr))
			k.sell.relayout() // the prompt may take more lines
		})
	})
	k.jobs.do(func() func() {
		sale, err := k.lane.PayCard(ctx, k.opts.Cards)
		basket := k.lane.Basket()
		return func() {
			s.paying.Objects[1].(*widget.ProgressBarInfinite).Stop()
			s.paying.Hide()
			s.relayout()
			k.basket = basket
			k.touch()
			if err != nil {
				k.state = stateSelling
				k.showBasket()
				if k.askAgeAfter(err) {
					return
				}
				s.message.Importance = widget.DangerImportance
				s.message.SetText(kioskPayError(k.lang, err))
				return
			}
			k.showPaid(sale)
		}
	})
}

// showPaid thanks the customer for sale.
func (k *KioskScreen) showPaid(sale pos.Sale) {
	k.state = stateDone
	k.done.detail.SetText(i18n.T(k.lang, "kiosk.paid", k.basket.Currency.Format(sale.Totals.Total, k.lang), sale.ReceiptCode()))
	k.done.showQR(sale.ReceiptCode())
	hint := "kiosk.receipt.qr"
	if sale.NoReceipt {
		hint = "kiosk.receipt.qr_only"
	}
	k.done.qrHint.SetText(i18n.T(k.lang, hint))
	k.show(k.done.box)
}

// kioskStepText tells the customer what the card terminal asks of them;
// a step the kiosk has no words for keeps the general instruction.
func kioskStepText(lang string, p pos.CardProgress) string {
	switch p.Step {
	case pos.CardStepOther, "":
		return i18n.T(lang, "kiosk.paying")
	}
	return i18n.T(lang, "kiosk.step."+string(p.Step))
}

// kioskPayError tells the customer why the card payment did not go through.
func kioskPayError(lang string, err error) string {
	switch pos.ErrorCode(err) {
	case pos.ECARDDECLINED:
		return i18n.T(lang, "kiosk.declined")
	case pos.ECARDCANCELLED:
		return i18n.T(lang, "kiosk.cancelled")
	}
	return i18n.T(lang, "kiosk.staff")
}
