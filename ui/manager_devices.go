package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/ui/i18n"
)

// managerDevices lists device health, offers a test print, and shows sync:
// online, events pending, last success and how long ago.
type managerDevices struct {
	box       fyne.CanvasObject
	list      *fyne.Container
	testPrint *widget.Button
	printMsg  *widget.Label
	sync      *widget.Label
}

func (m *ManagerScreen) newDevicesTab() *managerDevices {
	d := &managerDevices{list: container.NewVBox(), printMsg: widget.NewLabel(""), sync: widget.NewLabel("")}
	d.testPrint = widget.NewButton(i18n.T(m.lang, "mgr.test_print"), m.runTestPrint)
	if m.opts.TestPrint == nil {
		d.testPrint.Disable()
	}
	d.sync.Wrapping = fyne.TextWrapWord
	devTitle := widget.NewLabel(i18n.T(m.lang, "mgr.devices"))
	devTitle.TextStyle.Bold = true
	syncTitle := widget.NewLabel(i18n.T(m.lang, "mgr.sync"))
	syncTitle.TextStyle.Bold = true
	refresh := widget.NewButton(i18n.T(m.lang, "mgr.refresh"), m.Refresh)
	d.box = container.NewVBox(devTitle, d.list, container.NewHBox(d.testPrint, refresh), d.printMsg, widget.NewSeparator(), syncTitle, d.sync)
	return d
}

// refreshDevices shows the devices and the sync status as they are now.
func (m *ManagerScreen) refreshDevices() {
	d := m.devices
	d.list.RemoveAll()
	var devs []DeviceStatus
	if m.opts.Devices != nil {
		devs = m.opts.Devices()
	}
	if len(devs) == 0 {
		d.list.Add(widget.NewLabel(i18n.T(m.lang, "dev.unknown")))
	}
	for _, dev := range devs {
		name := widget.NewLabel(i18n.T(m.lang, "class."+dev.Class) + " · " + dev.Name)
		state := widget.NewLabel(deviceText(m.lang, dev))
		state.Importance = deviceImportance(dev)
		state.TextStyle.Bold = true
		d.list.Add(container.NewBorder(nil, nil, nil, state, name))
	}
	if m.opts.Sync == nil {
		d.sync.SetText(i18n.T(m.lang, "status.sync.none"))
		return
	}
	st := m.opts.Sync.SyncStatus()
	state := i18n.T(m.lang, "status.offline")
	if st.Online {
		state = i18n.T(m.lang, "status.online")
	}
	text := state + " · " + i18n.T(m.lang, "status.pending", st.Pending)
	if st.LastSuccess.IsZero() {
		text += "\n" + i18n.T(m.lang, "mgr.sync.never")
	} else {
		lag := time.Since(st.LastSuccess).Round(time.Second)
		text += "\n" + i18n.T(m.lang, "mgr.sync.last", st.LastSuccess.Local().Format("02/01/2006 15:04:05"), lag.String())
	}
	if st.LastError != "" {
		text += "\n" + i18n.T(m.lang, "mgr.sync.error", st.LastError)
	}
	d.sync.SetText(text)
}

// runTestPrint prints a test page off the UI goroutine.
func (m *ManagerScreen) runTestPrint() {
	d := m.devices
	d.testPrint.Disable()
	d.printMsg.SetText(i18n.T(m.lang, "mgr.test_print.running"))
	m.jobs.do(func() func() {
		err := m.opts.TestPrint(context.Background())
		return func() {
			d.testPrint.Enable()
			if err != nil {
				d.printMsg.Importance = widget.DangerImportance
				d.printMsg.SetText(i18n.T(m.lang, "mgr.test_print.failed", err.Error()))
				return
			}
			d.printMsg.Importance = widget.MediumImportance
			d.printMsg.SetText(i18n.T(m.lang, "mgr.test_print.ok"))
		}
	})
}
