package ui

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// DeskOptions configures the returns desk.
type DeskOptions struct {
	// Lang is "es" or "en" (default "es").
	Lang string
	// FindSale finds a sale by the code on its receipt (e.g. "lane-1-000042"),
	// wherever it was rung. pos has no such service yet; cmd wires the local
	// store, peers and central.
	FindSale func(ctx context.Context, receiptCode string) (pos.Sale, error)
	// Cards refunds card tenders paid at this device; nil refunds only cash.
	Cards *pos.CardPayments
	// Log receives what staff do not need to read; nil discards.
	Log *slog.Logger
}

// DeskScreen is the pickup and returns desk. Returns: find a sale by its
// receipt code, choose lines and quantities, give a reason, refund to the
// original tender or to cash, with a supervisor's approval when the clerk's
// role needs one. Pickups: find an online order, hand over all or part.
type DeskScreen struct {
	app    fyne.App
	lane   *pos.Lane
	opts   DeskOptions
	lang   string
	cur    pos.Currency
	window fyne.Window
	jobs   serial

	sale    pos.Sale
	code    *widget.Entry
	find    *widget.Button
	header  *widget.Label
	lines   *fyne.Container
	qty     map[int]*widget.Entry
	reason  *widget.SelectEntry
	method  *widget.RadioGroup
	supID   *widget.Entry
	supPIN  *widget.Entry
	confirm *widget.Button
	message *widget.Label
	result  *widget.Label
	form    *fyne.Container
	tabs    *container.AppTabs
	pickup  *deskPickup

	// main is the desk with its staff bar; signin replaces it while nobody
	// is signed in, and the float count while no shift is open.
	main     fyne.CanvasObject
	signin   *signInForm
	bar      *staffBar
	shift    *shiftPanel
	signedIn bool
	// typing makes typing in the desk's entries count as activity.
	typing typingWatch
}

// NewDeskScreen builds the returns desk for a lane in a new window of app,
// 1024×768. Staff sign in first (code and PIN, or badge); when the desk's
// till has no open shift they count the float into its drawer (cash refunds
// come out of it); then the receipt code field is focused for a scan. Call
// Start to sign staff out after the access policy's idle time.
func NewDeskScreen(app fyne.App, lane *pos.Lane, opts DeskOptions) *DeskScreen {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	d := &DeskScreen{app: app, lane: lane, opts: opts, lang: i18n.Normalize(opts.Lang), cur: lane.Config().Store.Currency}
	d.window = app.NewWindow(i18n.T(d.lang, "desk.title", lane.Config().DeviceID))
	d.main = d.build()
	d.typing.touch = lane.Access().Touch
	d.typing.watch(d.main)
	d.signin = newSignInForm(d.lang, d.window, nil, &d.jobs, lane.Access(), nil, d.afterSignIn)
	d.window.Resize(fyne.NewSize(1024, 768))
	d.signin.show("")
	d.jobs.do(d.checkAccess)
	return d
}

// Start signs the clerk out after the access policy's idle time, checking
// every second until ctx ends.
func (d *DeskScreen) Start(ctx context.Context) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				d.checkIdle(ctx)
			}
		}
	}()
}

// checkIdle signs an idle clerk out and shows the sign-in (through fyne.Do).
func (d *DeskScreen) checkIdle(ctx context.Context) {
	if idled, _ := d.lane.Access().CheckIdle(ctx); idled {
		fyne.Do(func() { d.showSignIn(i18n.T(d.lang, "signin.idle")) })
	}
}

// checkAccess shows the desk if somebody is already signed in (off the UI goroutine).
func (d *DeskScreen) checkAccess() func() {
	ctx := context.Background()
	op, err := d.lane.Access().Current(ctx)
	if err != nil {
		return nil // the sign-in stays
	}
	return d.afterSignIn(ctx, op)
}

// afterSignIn reads the shift off the UI goroutine, then shows the desk, or
// the float count when no shift is open.
func (d *DeskScreen) afterSignIn(ctx context.Context, op pos.Operator) func() {
	_, shiftErr := d.lane.Till().Current(ctx)
	return func() {
		d.signedIn = true
		d.bar.set(d.lang, op)
		if pos.ErrorCode(shiftErr) == pos.ENOSHIFT {
			d.showShift()
			return
		}
		d.showMain()
	}
}

// showMain shows the desk with the field of the open tab focused.
func (d *DeskScreen) showMain() {
	d.window.SetContent(d.main)
	if d.tabs.Selected() != nil && d.tabs.Selected().Content == d.pickup.box {
		d.window.Canvas().Focus(d.pickup.query)
		return
	}
	d.window.Canvas().Focus(d.code)
}

// showSignIn shows the sign-in with msg, keeping what is on the desk.
func (d *DeskScreen) showSignIn(msg string) {
	d.signedIn = false
	d.signin.show(msg)
}

// showShift asks for the float count before the first return or pickup.
func (d *DeskScreen) showShift() {
	d.shift = newShiftPanel(d.lang, d.cur, 2, d.openShift)
	d.shift.message.SetText(i18n.T(d.lang, "desk.no_shift"))
	d.window.SetContent(container.NewBorder(nil, d.bar.box, nil, nil, container.NewPadded(d.shift.box)))
	d.typing.watch(d.main, d.shift.box)
}

// openShift opens the desk's till with the counted float.
func (d *DeskScreen) openShift() {
	p := d.shift
	c, bad, ok := p.count.count()
	if !ok {
		p.message.SetText(i18n.T(d.lang, "err.amount", bad))
		return
	}
	p.open.Disable()
	d.jobs.do(func() func() {
		_, err := d.lane.Till().Open(context.Background(), c, nil)
		return func() {
			p.open.Enable()
			if err != nil {
				p.message.SetText(ErrorMessage(d.lang, err))
				d.staffNeeded(err)
				return
			}
			d.result.SetText(i18n.T(d.lang, "desk.shift.opened", d.cur.Format(c.Total(), d.lang)))
			d.showMain()
		}
	})
}

// signOut signs the clerk out and shows the sign-in.
func (d *DeskScreen) signOut() {
	d.jobs.do(func() func() {
		err := d.lane.Access().SignOut(context.Background())
		return func() {
			if err != nil {
				d.message.SetText(ErrorMessage(d.lang, err))
				return
			}
			d.showSignIn("")
		}
	})
}

// staffNeeded brings the sign-in back when the clerk was signed out (idle)
// and the float count when the shift was closed meanwhile, after an action
// failed for that reason.
func (d *DeskScreen) staffNeeded(err error) {
	switch pos.ErrorCode(err) {
	case pos.ENOOPERATOR:
		d.showSignIn(i18n.T(d.lang, "signin.idle"))
	case pos.ENOSHIFT:
		d.showShift()
	}
}

// Window returns the desk's window.
func (d *DeskScreen) Window() fyne.Window { return d.window }

func (d *DeskScreen) build() fyne.CanvasObject {
	L := func(k string, a ...any) string { return i18n.T(d.lang, k, a...) }
	d.code = widget.NewEntry()
	d.code.SetPlaceHolder(L("desk.code"))
	d.code.OnSubmitted = func(string) { d.findSale() }
	d.find = widget.NewButton(L("desk.find"), d.findSale)
	d.header = widget.NewLabel(L("desk.hint"))
	d.header.Wrapping = fyne.TextWrapWord
	d.lines = container.NewVBox()
	d.reason = widget.NewSelectEntry([]string{L("desk.reason.faulty"), L("desk.reason.unwanted"), L("desk.reason.wrong"), L("desk.reason.other")})
	d.reason.SetPlaceHolder(L("approve.reason"))
	d.method = widget.NewRadioGroup([]string{L("desk.refund.original"), L("desk.refund.cash")}, nil)
	d.method.Horizontal = true
	d.method.SetSelected(L("desk.refund.original"))
	d.supID = widget.NewEntry()
	d.supID.SetPlaceHolder(L("signin.id"))
	d.supPIN = widget.NewPasswordEntry()
	d.supPIN.SetPlaceHolder(L("signin.pin"))
	d.confirm = widget.NewButton(L("desk.confirm"), d.doReturn)
	d.confirm.Importance = widget.HighImportance
	d.message = widget.NewLabel("")
	d.message.Importance = widget.DangerImportance
	d.message.Wrapping = fyne.TextWrapWord
	d.result = widget.NewLabel("")
	d.result.TextStyle.Bold = true
	d.result.Wrapping = fyne.TextWrapWord
	sup := widget.NewLabel(L("desk.supervisor"))
	d.form = container.NewVBox(widget.NewLabel(L("desk.reason")), d.reason, d.method, sup,
		container.NewGridWithColumns(2, d.supID, d.supPIN), d.message, tall(d.confirm, 56))
	d.form.Hide()
	d.result.SizeName = theme.SizeNameSubHeadingText
	top := container.NewVBox(container.NewBorder(nil, nil, nil, d.find, d.code), d.result, d.header)
	returns := container.NewBorder(top, d.form, nil, nil, container.NewVScroll(d.lines))
	d.pickup = d.newPickupTab()
	d.tabs = container.NewAppTabs(container.NewTabItem(L("desk.tab.returns"), returns), container.NewTabItem(L("desk.tab.pickup"), d.pickup.box))
	d.tabs.OnSelected = func(t *container.TabItem) {
		if t.Content == d.pickup.box {
			d.window.Canvas().Focus(d.pickup.query)
		} else {
			d.window.Canvas().Focus(d.code)
		}
	}
	d.bar = newStaffBar(d.lang, d.signOut)
	return container.NewBorder(nil, d.bar.box, nil, nil, d.tabs)
}

// findSale looks the receipt code up and shows the sale's lines, each with
// a quantity to return.
func (d *DeskScreen) findSale() {
	code := strings.TrimSpace(d.code.Text)
	if i := strings.LastIndex(code, ReceiptQRPrefix); i >= 0 { // scanned from a kiosk's QR
		code = code[i+len(ReceiptQRPrefix):]
	}
	if code == "" || d.opts.FindSale == nil {
		return
	}
	d.result.SetText("")
	d.jobs.do(func() func() {
		sale, err := d.opts.FindSale(context.Background(), code)
		return func() {
			if err != nil {
				d.sale = pos.Sale{}
				d.lines.RemoveAll()
				d.form.Hide()
				d.header.SetText(d.findError(code, err))
				d.relayout()
				return
			}
			d.showSale(sale)
		}
	})
}

func (d *DeskScreen) findError(code string, err error) string {
	if pos.ErrorCode(err) == pos.ENOTFOUND {
		return i18n.T(d.lang, "desk.not_found", code)
	}
	return ErrorMessage(d.lang, err)
}

// showSale lists the sale's live lines with a quantity field each.
func (d *DeskScreen) showSale(s pos.Sale) {
	d.sale = s
	d.qty = map[int]*widget.Entry{}
	d.lines.RemoveAll()
	d.header.SetText(i18n.T(d.lang, "desk.sale", s.ReceiptCode(), s.At.Local().Format("02/01/2006 15:04"), d.cur.Format(s.Totals.Total, d.lang), tendersText(d.lang, s.Tenders)))
	for _, l := range s.Lines {
		if l.Voided {
			continue
		}
		q := widget.NewEntry()
		q.SetPlaceHolder("0")
		d.qty[l.No] = q
		name := widget.NewLabel(strconv.Itoa(l.No) + "  " + lineName(d.lang, l))
		name.Truncation = fyne.TextTruncateEllipsis
		sold := widget.NewLabel(i18n.T(d.lang, "desk.sold", l.Qty, d.cur.Format(l.Amount, d.lang)))
		d.lines.Add(container.NewBorder(nil, nil, nil, container.NewHBox(sold, container.NewGridWrap(fyne.NewSize(90, q.MinSize().Height), q)), name))
	}
	d.message.SetText("")
	d.form.Show()
	d.relayout()
}

// tendersText names how a sale was paid, e.g. "Tarjeta regalo ···4567 +
// Efectivo": gift card and account numbers only by their last 4.
func tendersText(lang string, ts []pos.Tender) string {
	var parts []string
	for _, t := range ts {
		parts = append(parts, tenderLabel(lang, t))
	}
	return strings.Join(parts, " + ")
}

// tenderLabel names a tender with its masked account, if any.
func tenderLabel(lang string, t pos.Tender) string {
	name := tenderName(lang, t.Method)
	if (t.Method == pos.TenderGiftCard || t.Method == pos.TenderStoreCredit) && t.Ref != "" {
		name += " " + pos.MaskRef(t.Ref)
	}
	return name
}

// refundText says where a refund's money went, with amounts, e.g.
// "Tarjeta regalo ···4567 5,00 € + Vale nuevo DEV-… 3,00 €": a new
// voucher's code in full, for the customer to spend it.
func refundText(lang string, cur pos.Currency, ts []pos.Tender) string {
	var parts []string
	for _, t := range ts {
		name := tenderLabel(lang, t)
		if t.Method == pos.TenderVoucher {
			name = i18n.T(lang, "desk.new_voucher", t.Ref)
		}
		parts = append(parts, name+" "+cur.Format(t.Amount, lang))
	}
	return strings.Join(parts, " + ")
}

// doReturn takes the chosen lines back and refunds them.
func (d *DeskScreen) doReturn() {
	var lines []pos.ReturnLine
	for no, e := range d.qty {
		t := strings.TrimSpace(e.Text)
		if t == "" || t == "0" {
			continue
		}
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil || n < 0 {
			d.message.SetText(i18n.T(d.lang, "err.qty"))
			return
		}
		lines = append(lines, pos.ReturnLine{LineNo: no, Qty: n})
	}
	req := pos.ReturnRequest{Original: d.sale, Lines: lines, Reason: d.reason.Text, Cards: d.opts.Cards}
	if d.method.Selected == i18n.T(d.lang, "desk.refund.cash") {
		req.RefundMethod = pos.TenderCash
	}
	cred := pos.Credential{OperatorID: strings.TrimSpace(d.supID.Text), PIN: d.supPIN.Text}
	d.confirm.Disable()
	// A card refund runs on the terminal: its steps show in the message
	// line (through fyne.Do) while the job waits for the answer.
	ctx := pos.WithCardProgress(context.Background(), func(pr pos.CardProgress) {
		fyne.Do(func() { d.message.SetText(cardStepText(d.lang, pr)) })
	})
	d.jobs.do(func() func() {
		r, err := d.lane.Return(ctx, req)
		if pos.ErrorCode(err) == pos.EOVERRIDE && cred.OperatorID != "" && strings.TrimSpace(req.Reason) != "" {
			// A refund, or cash instead of the tender that paid (refund_other_tender).
			perm := d.lane.ReturnPermission(ctx, req)
			req.Override, err = d.lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: perm, Reason: req.Reason, Credential: cred})
			if err == nil {
				r, err = d.lane.Return(ctx, req)
			}
		}
		return func() {
			d.confirm.Enable()
			d.supPIN.SetText("")
			if err != nil {
				msg := ErrorMessage(d.lang, err)
				switch pos.ErrorCode(err) {
				case pos.ECONFLICT:
					msg = i18n.T(d.lang, "desk.over_return")
				case pos.ETENDERELSEWHERE:
					msg = i18n.T(d.lang, "desk.elsewhere", req.Original.DeviceID)
				}
				d.message.SetText(msg)
				d.staffNeeded(err)
				return
			}
			d.message.SetText("")
			d.result.SetText(i18n.T(d.lang, "desk.done", r.ReceiptCode(), d.cur.Format(r.Totals.Total, d.lang), refundText(d.lang, d.cur, r.Tenders)))
			d.form.Hide()
			d.lines.RemoveAll()
			d.header.SetText(i18n.T(d.lang, "desk.hint"))
			d.code.SetText("")
			d.relayout()
			d.window.Canvas().Focus(d.code)
		}
	})
}

// relayout lays the desk out again after parts were shown, hidden or replaced.
func (d *DeskScreen) relayout() {
	for _, o := range []fyne.CanvasObject{d.tabs.Items[0].Content, d.pickup.box} {
		if c, ok := o.(*fyne.Container); ok {
			c.Refresh()
		}
	}
	d.form.Refresh()
	d.typing.watch(d.main)
}
