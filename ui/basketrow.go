package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// basketRow is one line of the basket list: number, name, quantity × unit
// price and amount, with voided lines marked and dimmed.
type basketRow struct {
	widget.BaseWidget
	no, name, detail, amount *widget.Label
}

func newBasketRow() *basketRow {
	r := &basketRow{no: widget.NewLabel("000"), name: widget.NewLabel("name"), detail: widget.NewLabel(""), amount: widget.NewLabel("")}
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.no.Importance = widget.LowImportance
	r.detail.Alignment = fyne.TextAlignTrailing
	r.detail.Truncation = fyne.TextTruncateEllipsis
	r.amount.Alignment = fyne.TextAlignTrailing
	r.amount.TextStyle.Bold = true
	r.ExtendBaseWidget(r)
	return r
}

// show fills the row with line l.
func (r *basketRow) show(lang string, c pos.Currency, l pos.Line) {
	r.no.SetText(strconv.Itoa(l.No))
	name, imp := lineName(lang, l), widget.MediumImportance
	if l.Voided {
		name, imp = i18n.T(lang, "lane.voided")+" · "+name, widget.DangerImportance
	} else if l.AgeRestricted {
		name = i18n.T(lang, "line.age_restricted") + " · " + name // the cashier checks ID
	}
	r.name.Importance = imp
	r.name.TextStyle.Italic = l.Voided
	r.name.SetText(name)
	detail, amount := lineDetail(lang, c, l), l.Amount
	if l.Discount != 0 && !l.Voided {
		detail = strings.TrimSpace(detail + " −" + c.Format(l.Discount, lang))
		amount = l.Net()
	}
	r.detail.SetText(detail)
	r.amount.Importance = imp
	r.amount.TextStyle.Italic = l.Voided
	r.amount.TextStyle.Bold = !l.Voided
	r.amount.SetText(c.Format(amount, lang))
}

// text is the row as a cashier reads it, for tests.
func (r *basketRow) text() string {
	return r.no.Text + " " + r.name.Text + " " + r.detail.Text + " " + r.amount.Text
}

// CreateRenderer implements fyne.Widget.
func (r *basketRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{Layout: rowLayout{}, Objects: []fyne.CanvasObject{r.no, r.name, r.detail, r.amount}})
}

// rowLayout places number | name (takes the rest) | detail | amount, with
// fixed columns so amounts line up down the basket.
type rowLayout struct{}

const (
	rowNoWidth     = 40
	rowDetailWidth = 160
	rowAmountWidth = 110
)

// Layout implements fyne.Layout.
func (rowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := size.Height
	nameW := size.Width - rowNoWidth - rowDetailWidth - rowAmountWidth
	if nameW < 0 {
		nameW = 0
	}
	x := float32(0)
	for i, w := range []float32{rowNoWidth, nameW, rowDetailWidth, rowAmountWidth} {
		objs[i].Move(fyne.NewPos(x, 0))
		objs[i].Resize(fyne.NewSize(w, h))
		x += w
	}
}

// MinSize implements fyne.Layout.
func (rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(rowNoWidth+rowDetailWidth+rowAmountWidth+80, h)
}
