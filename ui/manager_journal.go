package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// managerJournal verifies the journal on demand, showing progress while it
// runs (a long journal takes a while) and where the chain breaks if it does.
type managerJournal struct {
	box      *fyne.Container
	verify   *widget.Button
	progress *widget.ProgressBarInfinite
	result   *widget.Label
}

func (m *ManagerScreen) newJournalTab() *managerJournal {
	j := &managerJournal{progress: widget.NewProgressBarInfinite(), result: widget.NewLabel("")}
	j.progress.Stop()
	j.progress.Hide()
	j.result.Wrapping = fyne.TextWrapWord
	j.result.TextStyle.Bold = true
	j.verify = widget.NewButton(i18n.T(m.lang, "mgr.verify"), m.verifyJournal)
	if m.opts.Journal == nil {
		j.verify.Disable()
		j.result.SetText(i18n.T(m.lang, "mgr.verify.none"))
	}
	hint := widget.NewLabel(i18n.T(m.lang, "mgr.verify.hint"))
	hint.Wrapping = fyne.TextWrapWord
	j.box = container.NewVBox(hint, tall(j.verify, 56), j.progress, j.result)
	return j
}

// verifyJournal checks the chain off the UI goroutine.
func (m *ManagerScreen) verifyJournal() {
	j := m.journal
	j.verify.Disable()
	j.result.SetText(i18n.T(m.lang, "mgr.verify.running"))
	j.result.Importance = widget.MediumImportance
	j.progress.Show()
	j.progress.Start()
	j.box.Refresh()
	m.jobs.do(func() func() {
		n, err := m.opts.Journal.VerifyJournal(context.Background())
		return func() {
			j.progress.Stop()
			j.progress.Hide()
			j.verify.Enable()
			j.box.Refresh()
			var ce *pos.ChainError
			switch {
			case err == nil:
				j.result.Importance = widget.SuccessImportance
				j.result.SetText(i18n.T(m.lang, "mgr.verify.ok", n))
			case errors.As(err, &ce):
				j.result.Importance = widget.DangerImportance
				j.result.SetText(i18n.T(m.lang, "mgr.verify.broken", ce.Seq, ce.Reason))
			default:
				j.result.Importance = widget.DangerImportance
				j.result.SetText(ErrorMessage(m.lang, err))
			}
		}
	})
}
