package main

import (
	"context"

	"github.com/omnilane/omnilane/devices"
	"github.com/omnilane/omnilane/devices/escpos"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui"
)

// syncStatus is the sync agent as the screens see it (nil when standalone).
func (s *system) syncStatus() pos.SyncStatusSource {
	if s.agent == nil {
		return nil
	}
	return s.agent
}

// printerStatus reports the receipt printer's health: the driver's state
// from the device manager, and the receipts waiting in the queue.
func (s *system) printerStatus() func() ui.DeviceStatus {
	if s.queue == nil {
		return func() ui.DeviceStatus {
			return ui.DeviceStatus{Class: "printer", State: ui.DeviceAbsent, Reason: "not configured"}
		}
	}
	f := ui.PrinterFromQueue(s.queue)
	return func() ui.DeviceStatus {
		st := f()
		st.Name = s.printerName
		if dev, ok := s.deviceState("receipt"); ok && dev.State != ui.DeviceReady && st.State == ui.DeviceReady {
			st.State, st.Reason = dev.State, dev.Reason
		}
		return st
	}
}

// deviceState is the device manager's last word on a device.
func (s *system) deviceState(name string) (ui.DeviceStatus, bool) {
	if s.devs == nil {
		return ui.DeviceStatus{}, false
	}
	e, ok := s.devs.State(name)
	if !ok {
		return ui.DeviceStatus{}, false
	}
	return ui.DeviceStatus{Class: string(e.Class), Name: name, State: ui.DeviceState(e.State), Reason: e.Reason}, true
}

// devices lists every device the lane drives and its state.
func (s *system) devices() []ui.DeviceStatus {
	out := []ui.DeviceStatus{s.printerStatus()()}
	if cfgs, err := s.cfg.deviceConfigs(); err == nil {
		for _, c := range cfgs {
			if c.Class == devices.ClassPrinter && c.Name == "receipt" {
				continue
			}
			st, ok := s.deviceState(c.Name)
			if !ok {
				st = ui.DeviceStatus{Class: string(c.Class), Name: c.Name, State: ui.DeviceConnecting}
			}
			st.Name = c.Name + " (" + c.Profile + " " + c.Address + ")"
			out = append(out, st)
		}
	}
	term := ui.DeviceStatus{Class: "terminal", State: ui.DeviceAbsent, Reason: "not configured"}
	if s.cards != nil {
		term = ui.DeviceStatus{Class: "terminal", Name: s.cfg.Card.POIID + " " + s.cfg.Card.Addr, State: ui.DeviceReady}
	}
	return append(out, term)
}

// testPrint prints a page that shows the printer's code page handles the
// store's letters and that the cutter works.
func (s *system) testPrint(ctx context.Context) error {
	if s.printer == nil {
		return pos.Errorf(pos.ENOTFOUND, "no receipt printer is configured")
	}
	d := &escpos.Document{}
	d.Text("Omnilane", escpos.Style{Bold: true, DoubleHeight: true, Align: escpos.AlignCenter})
	d.Text("Prueba de impresión / Test print", escpos.Style{Align: escpos.AlignCenter})
	d.Line(s.printerName)
	d.Line("ñ á é í ó ú ü ç ã õ € ¡¿")
	d.Columns("Total", "12,34 €", escpos.Style{Bold: true})
	d.QR("omnilane:test")
	d.Cut()
	return s.printer.Print(ctx, d)
}

// findSale finds a sale by its receipt code: this lane, the peer copies, central.
func (s *system) findSale(ctx context.Context, code string) (pos.Sale, error) {
	return s.peers.FindSale(ctx, code)
}
