package manager

import (
	"fmt"
	"time"

	"github.com/omnilane/omnilane/devices"
	"github.com/omnilane/omnilane/devices/transport"
)

// DeviceConfig names one device of the lane.
type DeviceConfig struct {
	Name      string        `json:"name"`      // unique, e.g. "receipt"
	Class     devices.Class `json:"class"`     // printer, scanner or display
	Profile   string        `json:"profile"`   // firmware profile id
	Transport string        `json:"transport"` // "tcp" or "serial"
	Address   string        `json:"address"`   // "host:9100" or "/dev/ttyUSB0"
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
	}
	return nil, fmt.Errorf("transport %q is not tcp or serial", d.Transport)
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
