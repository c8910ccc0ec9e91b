package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// deskPickup is the pickup tab: find an online order by pickup code
// (typed or scanned from its QR), name or phone; see its lines and payment;
// hand over all or part of it.
type deskPickup struct {
	box       fyne.CanvasObject
	query     *widget.Entry
	find      *widget.Button
	found     *fyne.Container
	header    *widget.Label
	warning   *widget.Label
	lines     *fyne.Container
	qty       map[int]*widget.Entry
	all       *widget.Button
	some      *widget.Button
	message   *widget.Label
	result    *widget.Label
	actions   *fyne.Container
	order     pos.Order
	releaseID string // kept across retries so a release counts once
	// reprint prints a copy of the last release's slip (lastRelease).
	reprint     *widget.Button
	lastRelease string
	lastCode    string
}

func (d *DeskScreen) newPickupTab() *deskPickup {
	L := func(k string, a ...any) string { return i18n.T(d.lang, k, a...) }
	p := &deskPickup{query: widget.NewEntry(), found: container.NewVBox(), header: widget.NewLabel(L("pickup.hint")),
		warning: widget.NewLabel(""), lines: container.NewVBox(), message: widget.NewLabel(""), result: widget.NewLabel("")}
	p.query.SetPlaceHolder(L("pickup.query"))
	p.query.OnSubmitted = func(string) { d.findOrders() }
	p.find = widget.NewButton(L("pickup.find"), d.findOrders)
	p.header.Wrapping = fyne.TextWrapWord
	p.warning.Importance = widget.DangerImportance
	p.warning.TextStyle.Bold = true
	p.warning.Wrapping = fyne.TextWrapWord
	p.message.Importance = widget.DangerImportance
	p.message.Wrapping = fyne.TextWrapWord
	p.result.TextStyle.Bold = true
	p.result.Wrapping = fyne.TextWrapWord
	p.all = widget.NewButton(L("pickup.all"), func() { d.release(nil) })
	p.all.Importance = widget.HighImportance
	p.some = widget.NewButton(L("pickup.some"), d.releaseMarked)
	p.actions = container.NewVBox(p.message, tall(container.NewGridWithColumns(2, p.some, p.all), 56))
	p.actions.Hide()
	p.reprint = widget.NewButton(L("pickup.slip.reprint"), d.reprintPickupSlip)
	p.reprint.Hide()
	top := container.NewVBox(container.NewBorder(nil, nil, nil, p.find, p.query), container.NewBorder(nil, nil, nil, p.reprint, p.result),
		p.found, p.header, p.warning)
	p.box = container.NewBorder(top, p.actions, nil, nil, container.NewVScroll(p.lines))
	return p
}

// findOrders looks orders up and shows the one found, or a choice.
func (d *DeskScreen) findOrders() {
	p := d.pickup
	q := p.query.Text
	p.result.SetText("")
	d.jobs.do(func() func() {
		orders, err := d.lane.FindOrders(context.Background(), q)
		return func() {
			p.found.RemoveAll()
			switch {
			case err != nil:
				d.clearOrder(ErrorMessage(d.lang, err))
			case len(orders) == 0:
				d.clearOrder(i18n.T(d.lang, "pickup.none", strings.TrimSpace(q)))
			case len(orders) == 1:
				d.showOrder(orders[0])
			default:
				d.clearOrder(i18n.T(d.lang, "pickup.choose", len(orders)))
				for _, o := range orders {
					p.found.Add(widget.NewButton(o.PickupCode+" · "+o.CustomerName+" · "+d.cur.Format(o.Paid, d.lang), func() {
						p.found.RemoveAll()
						d.showOrder(o)
					}))
				}
			}
			d.relayout()
		}
	})
}

// clearOrder shows msg in place of an order.
func (d *DeskScreen) clearOrder(msg string) {
	p := d.pickup
	p.order = pos.Order{}
	p.lines.RemoveAll()
	p.header.SetText(msg)
	p.warning.SetText("")
	p.actions.Hide()
}

// showOrder shows an order's lines, each with the quantity to hand over.
func (d *DeskScreen) showOrder(o pos.Order) {
	p := d.pickup
	p.order, p.releaseID = o, uuid.NewString()
	p.header.SetText(i18n.T(d.lang, "pickup.order", o.PickupCode, o.CustomerName, d.cur.Format(o.Paid, d.lang), o.PaymentRef))
	switch o.Status {
	case pos.OrderCancelled:
		p.warning.SetText(i18n.T(d.lang, "pickup.cancelled"))
	case pos.OrderCollected:
		p.warning.SetText(i18n.T(d.lang, "pickup.collected"))
	default:
		p.warning.SetText("")
	}
	p.qty = map[int]*widget.Entry{}
	p.lines.RemoveAll()
	for _, l := range o.Lines {
		q := widget.NewEntry()
		q.SetText(strconv.FormatInt(l.Qty, 10))
		p.qty[l.No] = q
		name := widget.NewLabel(strconv.Itoa(l.No) + "  " + l.Name)
		name.Truncation = fyne.TextTruncateEllipsis
		ordered := widget.NewLabel(i18n.T(d.lang, "pickup.ordered", l.Qty))
		p.lines.Add(container.NewBorder(nil, nil, nil, container.NewHBox(ordered, container.NewGridWrap(fyne.NewSize(90, q.MinSize().Height), q)), name))
	}
	p.message.SetText("")
	p.actions.Show()
	d.relayout()
}

// releaseMarked hands over the quantities typed per line.
func (d *DeskScreen) releaseMarked() {
	var lines []pos.ReturnLine
	for no, e := range d.pickup.qty {
		n, err := strconv.ParseInt(strings.TrimSpace(e.Text), 10, 64)
		if err != nil || n < 0 {
			d.pickup.message.SetText(i18n.T(d.lang, "err.qty"))
			return
		}
		if n > 0 {
			lines = append(lines, pos.ReturnLine{LineNo: no, Qty: n})
		}
	}
	if len(lines) == 0 {
		d.pickup.message.SetText(i18n.T(d.lang, "pickup.nothing"))
		return
	}
	d.release(lines)
}

// release hands lines of the order over (all when nil).
func (d *DeskScreen) release(lines []pos.ReturnLine) {
	p := d.pickup
	o, id := p.order, p.releaseID
	d.jobs.do(func() func() {
		rel, err := d.lane.ReleasePickup(context.Background(), o.ID, id, lines)
		return func() {
			if err != nil {
				msg := ErrorMessage(d.lang, err)
				if pos.ErrorCode(err) == pos.ECONFLICT {
					msg = i18n.T(d.lang, "pickup.refused")
					if p.warning.Text != "" {
						msg = p.warning.Text
					}
				}
				p.message.SetText(msg)
				d.staffNeeded(err)
				return
			}
			key := "pickup.partial"
			if rel.Complete {
				key = "pickup.complete"
			}
			d.clearOrder(i18n.T(d.lang, "pickup.hint"))
			p.result.SetText(i18n.T(d.lang, key, o.PickupCode, o.CustomerName))
			p.lastRelease, p.lastCode = rel.ID, o.PickupCode
			p.reprint.Show()
			p.query.SetText("")
			d.relayout()
			d.window.Canvas().Focus(p.query)
		}
	})
}

// reprintPickupSlip prints a copy of the last release's pickup slip.
func (d *DeskScreen) reprintPickupSlip() {
	p := d.pickup
	id, code := p.lastRelease, p.lastCode
	if id == "" {
		return
	}
	d.jobs.do(func() func() {
		err := d.lane.ReprintPickupSlip(context.Background(), id)
		return func() {
			if err != nil {
				p.result.SetText(ErrorMessage(d.lang, err))
				d.staffNeeded(err)
				return
			}
			p.result.SetText(i18n.T(d.lang, "pickup.slip.done", code))
		}
	})
}
