package ui

import (
	"context"
	"errors"
	"fmt"

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
	page     fyne.CanvasObject
	verify   *widget.Button
	progress *widget.ProgressBarInfinite
	result   *widget.Label
	show     *widget.Button
	list     *widget.List
	events   []pos.Event // newest first
}

// journalShown is how many of the latest entries the journal view lists.
const journalShown = 100

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
	j.show = widget.NewButton(i18n.T(m.lang, "mgr.journal.show", journalShown), m.loadJournal)
	if m.opts.Journal == nil {
		j.show.Disable()
	}
	j.list = widget.NewList(
		func() int { return len(j.events) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.TextStyle.Monospace = true
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(j.events) {
				o.(*widget.Label).SetText(eventText(m.lang, j.events[id]))
			}
		},
	)
	j.box = container.NewVBox(hint, container.NewGridWithColumns(2, tall(j.verify, 56), tall(j.show, 56)), j.progress, j.result)
	j.page = container.NewBorder(j.box, nil, nil, nil, j.list)
	return j
}

// loadJournal lists the latest entries, newest first.
func (m *ManagerScreen) loadJournal() {
	j := m.journal
	m.jobs.do(func() func() {
		ctx := context.Background()
		var evs []pos.Event
		last, err := m.opts.Journal.LastEvent(ctx)
		if err == nil {
			evs, err = m.opts.Journal.EventsAfter(ctx, max(0, last.Seq-journalShown), journalShown)
		} else if pos.ErrorCode(err) == pos.ENOTFOUND {
			err = nil
		}
		return func() {
			if err != nil {
				j.result.SetText(ErrorMessage(m.lang, err))
				return
			}
			j.events = j.events[:0]
			for i := len(evs) - 1; i >= 0; i-- {
				j.events = append(j.events, evs[i])
			}
			j.list.Refresh()
			j.list.ScrollToTop()
		}
	})
}

// eventText is one journal entry as a line: number, time, what, who.
func eventText(lang string, e pos.Event) string {
	what := i18n.T(lang, "ev."+e.Type)
	if what == "ev."+e.Type {
		what = e.Type
	}
	return fmt.Sprintf("%6d  %s  %-32s %s", e.Seq, e.At.Local().Format("02/01 15:04:05"), what, e.Operator)
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
				j.result.Importance = widget.MediumImportance
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
