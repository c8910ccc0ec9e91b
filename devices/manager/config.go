package manager

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/omnilane/omnilane/devices"
	"github.com/omnilane/omnilane/devices/transport"
	"github.com/omnilane/omnilane/devices/transport/hidusb"
)

// DeviceConfig names one device of the lane.
type DeviceConfig struct {
	Name      string        `json:"name"`      // unique, e.g. "receipt"
	Class     devices.Class `json:"class"`     // printer, scanner, display or scale
	Profile   string        `json:"profile"`   // firmware profile id
	Transport string        `json:"transport"` // "tcp", "serial" or "usb-hid"
	Address   string        `json:"address"`   // "host:9100", "/dev/ttyUSB0" or "0c2e:0b61" (VID:PID)
	Baud      int           `json:"baud,omitempty"`
	Disabled  bool          `json:"disabled,omitempty"`
}

func (d DeviceConfig) dialer() (transport.Dialer, error) {
	if d.Address == "" {
		return nil, fmt.Errorf("address is empty")
	}
	switch d.Transport {
	case "tcp":
		return transport.TCP{Addr: d.Address, DialTimeout: 2 * time.Second}, nil
	case "serial":
		return transport.Serial{Name: d.Address, Baud: d.Baud}, nil
	case "usb-hid":
		vs, ps, ok := strings.Cut(d.Address, ":")
		vid, err1 := strconv.ParseUint(strings.TrimPrefix(vs, "0x"), 16, 16)
		pid, err2 := strconv.ParseUint(strings.TrimPrefix(ps, "0x"), 16, 16)
		if !ok || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("usb-hid address %q is not VID:PID in hex", d.Address)
		}
		return hidusb.Dialer{VendorID: uint16(vid), ProductID: uint16(pid), Interface: -1}, nil
	}
	return nil, fmt.Errorf("transport %q is not tcp, serial or usb-hid", d.Transport)
}

// Entry is one line of a Report.
type Entry struct {
	Name   string
	Class  devices.Class
	Reason string // for skipped and failed entries
}

// Report says what Start did with each configured device.
type Report struct {
	Loaded  []Entry // driver created; its state arrives as events
	Skipped []Entry // disabled, or a class this manager does not drive
	Failed  []Entry // configuration errors (unknown profile, bad transport…)
}
