package ui

import (
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// DeviceState is the state of a device as the screens show it.
type DeviceState string

// Device states, as in the design: absent, connecting, ready, busy, error.
const (
	DeviceUnknown    DeviceState = ""
	DeviceAbsent     DeviceState = "absent"
	DeviceConnecting DeviceState = "connecting"
	DeviceReady      DeviceState = "ready"
	DeviceBusy       DeviceState = "busy"
	DeviceError      DeviceState = "error"
)

// DeviceStatus is one device's health, passed in by cmd (which reads it
// from the drivers); the screens only show it.
type DeviceStatus struct {
	// Class is the device class: "printer", "scanner", "terminal", "display", "scale".
	Class string
	// Name identifies the device to staff, e.g. "Epson TM-T20III 192.168.1.50".
	Name string
	// State of the device.
	State DeviceState
	// Reason explains an error state ("paper out").
	Reason string
	// Pending counts jobs waiting for the device (receipts to print).
	Pending int
}

// PrinterFromQueue reports a receipt queue's health as a printer status:
// ready when the last print worked, error with its reason otherwise, and the
// number of receipts waiting.
func PrinterFromQueue(q *pos.ReceiptQueue) func() DeviceStatus {
	return func() DeviceStatus {
		pending, lastErr := q.Status()
		st := DeviceStatus{Class: "printer", State: DeviceReady, Pending: pending}
		if lastErr != "" {
			st.State, st.Reason = DeviceError, lastErr
		}
		return st
	}
}

// deviceText says a device's state in lang, e.g. "lista" or "error (sin papel)".
func deviceText(lang string, d DeviceStatus) string {
	var s string
	switch d.State {
	case DeviceReady:
		s = i18n.T(lang, "dev.ready")
	case DeviceBusy:
		s = i18n.T(lang, "dev.busy")
	case DeviceConnecting:
		s = i18n.T(lang, "dev.connecting")
	case DeviceAbsent:
		s = i18n.T(lang, "dev.absent")
	case DeviceError:
		s = i18n.T(lang, "dev.error", d.Reason)
	default:
		s = i18n.T(lang, "dev.unknown")
	}
	if d.Pending > 0 {
		s += " · " + i18n.T(lang, "dev.pending", d.Pending)
	}
	return s
}

// deviceImportance colours a device state: plain when ready (only trouble
// draws the eye), amber while busy or connecting, red when absent or failing.
func deviceImportance(d DeviceStatus) widget.Importance {
	switch d.State {
	case DeviceReady:
		return widget.MediumImportance
	case DeviceBusy, DeviceConnecting:
		return widget.WarningImportance
	case DeviceAbsent, DeviceError:
		return widget.DangerImportance
	}
	return widget.LowImportance
}
