package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// managerShift is the shift tab: what is open, the X report, and the blind
// count that closes the shift with a Z report.
type managerShift struct {
	box     fyne.CanvasObject
	left    *fyne.Container
	info    *widget.Label
	xBtn    *widget.Button
	count   *countForm
	card    *widget.Entry
	supID   *widget.Entry
	supPIN  *widget.Entry
	closeBt *widget.Button
	message *widget.Label
	report  *widget.Label
	// open counts the float when no shift is open; closing is the blind
	// count that closes an open one. One of the two shows.
	open    *shiftPanel
	closing fyne.CanvasObject
}

func (m *ManagerScreen) newShiftTab() *managerShift {
	t := &managerShift{info: widget.NewLabel(""), count: newCountForm(m.lang, m.cur, 2), card: widget.NewEntry(),
		supID: widget.NewEntry(), supPIN: widget.NewPasswordEntry(), message: widget.NewLabel(""), report: widget.NewLabel("")}
	t.xBtn = widget.NewButton(i18n.T(m.lang, "mgr.x"), m.runX)
	t.card.SetPlaceHolder(i18n.T(m.lang, "mgr.card_declared"))
	t.supID.SetPlaceHolder(i18n.T(m.lang, "signin.id"))
	t.supPIN.SetPlaceHolder(i18n.T(m.lang, "signin.pin"))
	t.closeBt = widget.NewButton(i18n.T(m.lang, "mgr.close"), m.closeShift)
	t.closeBt.Importance = widget.DangerImportance
	t.message.Wrapping = fyne.TextWrapWord
	t.message.Importance = widget.DangerImportance
	t.report.TextStyle.Monospace = true
	closeTitle := widget.NewLabel(i18n.T(m.lang, "mgr.close.title"))
	closeTitle.TextStyle.Bold = true
	hint := widget.NewLabel(i18n.T(m.lang, "mgr.close.hint"))
	sup := widget.NewLabel(i18n.T(m.lang, "mgr.close.supervisor"))
	t.closing = container.NewBorder(container.NewVBox(closeTitle, hint),
		container.NewVBox(t.card, sup, container.NewGridWithColumns(2, t.supID, t.supPIN), t.message, tall(t.closeBt, 56)), nil, nil,
		container.NewVScroll(t.count.box))
	reportTitle := widget.NewLabel(i18n.T(m.lang, "mgr.report"))
	reportTitle.TextStyle.Bold = true
	t.left = container.NewBorder(container.NewVBox(t.info, tall(t.xBtn, 56), widget.NewSeparator(), reportTitle), nil, nil, nil,
		container.NewVScroll(t.report))
	t.open = newShiftPanel(m.lang, m.cur, 2, m.openShift)
	t.open.box.Hide()
	t.box = container.New(sideLayout{share: 0.55}, t.left, container.NewStack(t.open.box, t.closing))
	return t
}

// refreshShift shows the open shift, or that there is none.
func (m *ManagerScreen) refreshShift() {
	m.jobs.do(func() func() {
		sh, err := m.lane.Till().Current(context.Background())
		return func() {
			t := m.shift
			switch {
			case pos.ErrorCode(err) == pos.ENOSHIFT:
				t.info.SetText(i18n.T(m.lang, "mgr.no_shift"))
				t.xBtn.Disable()
				t.closeBt.Disable()
				t.closing.Hide()
				t.open.box.Show()
			case err != nil:
				t.info.SetText(ErrorMessage(m.lang, err))
			default:
				t.info.SetText(i18n.T(m.lang, "mgr.shift", sh.OpenedBy, sh.OpenedAt.Local().Format("02/01/2006 15:04"), m.cur.Format(sh.Float, m.lang)))
				t.xBtn.Enable()
				t.closeBt.Enable()
				t.open.box.Hide()
				t.closing.Show()
			}
			t.left.Refresh() // the info changed height: lay the column out again
		}
	})
}

// openShift opens the till's shift with the float counted by
// denomination, as the lane and desk do.
func (m *ManagerScreen) openShift() {
	p := m.shift.open
	c, bad, ok := p.count.count()
	if !ok {
		p.message.SetText(i18n.T(m.lang, "err.amount", bad))
		return
	}
	m.jobs.do(func() func() {
		_, err := m.lane.Till().Open(context.Background(), c, nil)
		return func() {
			if err != nil {
				p.message.SetText(ErrorMessage(m.lang, err))
				m.signedOut(err)
				return
			}
			p.message.SetText("")
			for _, e := range p.count.counts {
				e.SetText("")
			}
			m.shift.report.SetText(i18n.T(m.lang, "mgr.shift.opened", m.cur.Format(c.Total(), m.lang)))
			m.refreshShift()
		}
	})
}

// runX makes an X report of the open shift and shows it.
func (m *ManagerScreen) runX() {
	m.jobs.do(func() func() {
		r, err := m.lane.Till().XReport(context.Background())
		return func() {
			if err != nil {
				m.shift.message.SetText(ErrorMessage(m.lang, err))
				m.signedOut(err)
				return
			}
			m.shift.message.SetText("")
			m.shift.report.SetText(reportText(m.lang, m.cur, r))
		}
	})
}

// closeShift closes the shift with the blind count and shows the Z report.
// A role without close_shift needs a supervisor's code and PIN.
func (m *ManagerScreen) closeShift() {
	t := m.shift
	cash, bad, ok := t.count.count()
	if !ok {
		t.message.SetText(i18n.T(m.lang, "err.amount", bad))
		return
	}
	count := pos.ClosingCount{Cash: cash}
	if s := strings.TrimSpace(t.card.Text); s != "" {
		v, err := m.cur.ParseMoney(s)
		if err != nil {
			t.message.SetText(i18n.T(m.lang, "err.amount", s))
			return
		}
		count.Declared = map[string]pos.Money{pos.TenderCard: v}
	}
	cred := pos.Credential{OperatorID: strings.TrimSpace(t.supID.Text), PIN: t.supPIN.Text}
	reason := i18n.T(m.lang, "mgr.close.reason")
	m.jobs.do(func() func() {
		ctx := context.Background()
		r, err := m.lane.Till().Close(ctx, count, nil)
		if pos.ErrorCode(err) == pos.EOVERRIDE && cred.OperatorID != "" {
			var ov *pos.Override
			ov, err = m.lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: pos.PermCloseShift, Reason: reason, Credential: cred})
			if err == nil {
				r, err = m.lane.Till().Close(ctx, count, ov)
			}
		}
		return func() {
			t.supPIN.SetText("")
			if err != nil {
				t.message.SetText(ErrorMessage(m.lang, err))
				m.signedOut(err)
				return
			}
			t.message.SetText("")
			t.report.SetText(reportText(m.lang, m.cur, r))
			m.refreshShift()
		}
	})
}

// signedOut brings the sign-in back when an action failed because the
// manager was signed out meanwhile (idle).
func (m *ManagerScreen) signedOut(err error) {
	if pos.ErrorCode(err) == pos.ENOOPERATOR {
		m.showSignIn(i18n.T(m.lang, "signin.idle"))
	}
}

// reportText lays an X or Z report out as aligned lines in lang.
func reportText(lang string, c pos.Currency, r pos.Report) string {
	var b strings.Builder
	line := func(label string, v pos.Money) { fmt.Fprintf(&b, "%-26s %14s\n", label, c.Format(v, lang)) }
	fmt.Fprintf(&b, "%s %d\n\n", i18n.T(lang, "mgr.report."+r.Kind), r.Number)
	fmt.Fprintf(&b, "%-26s %14d\n", i18n.T(lang, "mgr.r.sales"), r.Sales)
	line(i18n.T(lang, "mgr.r.gross"), r.Gross)
	line(i18n.T(lang, "mgr.r.tax"), r.Tax)
	line(i18n.T(lang, "mgr.r.float"), r.Float)
	if r.CashIn != 0 || r.CashOut != 0 || r.SafeDrops != 0 {
		line(i18n.T(lang, "mgr.r.cash_in"), r.CashIn)
		line(i18n.T(lang, "mgr.r.cash_out"), r.CashOut)
		line(i18n.T(lang, "mgr.r.drops"), r.SafeDrops)
	}
	for _, t := range r.Tenders {
		fmt.Fprintf(&b, "\n%s\n", tenderName(lang, t.Method))
		line("  "+i18n.T(lang, "mgr.r.expected"), t.Expected)
		if r.Kind == pos.ReportZ {
			line("  "+i18n.T(lang, "mgr.r.counted"), t.Counted)
			line("  "+i18n.T(lang, "mgr.r.difference"), t.Difference)
		}
	}
	return b.String()
}

// tenderName names a tender method in lang.
func tenderName(lang, method string) string {
	if s := i18n.T(lang, "tender."+method); s != "tender."+method {
		return s
	}
	return method
}
