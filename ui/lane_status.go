package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/ui/i18n"
)

// statusBar is the line at the bottom of the lane: online or offline,
// events waiting to reach central, printer health and the cashier.
type statusBar struct {
	box      fyne.CanvasObject
	row      *fyne.Container
	online   *widget.Label
	pending  *widget.Label
	printer  *widget.Label
	operator *widget.Label
}

func (s *LaneScreen) newStatusBar() *statusBar {
	b := &statusBar{online: widget.NewLabel(""), pending: widget.NewLabel(""), printer: widget.NewLabel(""), operator: widget.NewLabel("")}
	b.online.TextStyle.Bold = true
	s.langBtn = widget.NewButton(i18n.T(s.lang, "lang.switch"), func() { s.SetLang(otherLang(s.lang)) })
	s.langBtn.Importance = widget.LowImportance
	s.signOutBtn = widget.NewButton(i18n.T(s.lang, "signin.out"), s.signOut)
	s.signOutBtn.Importance = widget.LowImportance
	b.row = container.NewHBox(b.online, b.pending, b.printer, layoutSpacer(), b.operator, s.signOutBtn, s.langBtn)
	b.box = container.NewVBox(widget.NewSeparator(), b.row)
	return b
}

// refreshStatus reads the sync and printer sources and shows them. It runs
// on the UI goroutine.
func (s *LaneScreen) refreshStatus() {
	b := s.status
	if s.opts.Sync == nil {
		b.online.Importance = widget.LowImportance
		b.online.SetText(i18n.T(s.lang, "status.sync.none"))
		b.pending.SetText("")
	} else {
		st := s.opts.Sync.SyncStatus()
		if st.Online {
			b.online.Importance = widget.MediumImportance
			b.online.SetText("● " + i18n.T(s.lang, "status.online"))
		} else {
			b.online.Importance = widget.DangerImportance
			b.online.SetText("● " + i18n.T(s.lang, "status.offline"))
		}
		if st.Pending == 0 {
			b.pending.SetText(i18n.T(s.lang, "status.pending.none"))
		} else {
			b.pending.SetText(i18n.T(s.lang, "status.pending", st.Pending))
		}
	}
	var dev DeviceStatus
	if s.opts.Printer != nil {
		dev = s.opts.Printer()
	}
	b.printer.Importance = deviceImportance(dev)
	b.printer.SetText(i18n.T(s.lang, "status.printer", deviceText(s.lang, dev)))
	b.operator.SetText("")
	if s.opts.Operator != "" {
		b.operator.SetText(i18n.T(s.lang, "status.operator", s.opts.Operator))
	}
	b.row.Refresh() // the texts changed width: lay the row out again
}
