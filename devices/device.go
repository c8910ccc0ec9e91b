// Package devices is the device model shared by drivers, the device manager
// and the application: device classes, states and the typed events that
// carry state changes and scans to pos and ui over an in-process Bus.
//
// Subpackages: profile (firmware profiles), transport (TCP, serial), escpos
// and printer (receipt printers), scan and scanner (barcodes), display
// (customer displays), manager (opens what the configuration names),
// discovery (DNS-SD), devicetest (record/playback), sim (simulators).
package devices

import (
	"time"

	"github.com/omnilane/omnilane/devices/scan"
)

// Class is a kind of device.
type Class string

// Device classes.
const (
	ClassPrinter  Class = "printer"
	ClassScanner  Class = "scanner"
	ClassDisplay  Class = "display"
	ClassTerminal Class = "terminal"
	ClassScale    Class = "scale"
	ClassDrawer   Class = "drawer"
)

// State is where a device is in its life.
type State string

// Device states.
const (
	StateAbsent     State = "absent"     // not reachable (unplugged, powered off, wrong address)
	StateConnecting State = "connecting" // opening
	StateReady      State = "ready"
	StateBusy       State = "busy"
	StateError      State = "error" // reachable but not usable: Event.Reason says why
)

// EventKind tells what an Event carries.
type EventKind string

// Event kinds.
const (
	EventState EventKind = "state" // State and Reason changed
	EventScan  EventKind = "scan"  // Scan (or ScanErr) read
)

// Event is one thing that happened to a device.
type Event struct {
	Kind   EventKind
	Device string // the configured device name, e.g. "receipt"
	Class  Class
	At     time.Time

	State  State  // for EventState
	Reason string // why, for StateError/StateAbsent (and warnings such as "paper low")

	Scan    scan.Scan // for EventScan
	ScanRaw string    // the bytes of the scan as text
	ScanErr error     // why the scan could not be read (Scan is partial then)
}
