package printersim

import (
	"fmt"
	"strings"

	"github.com/omnilane/omnilane/devices/escpos"
)

// Mode is the simulated printer condition.
type Mode string

// Modes the simulator can be switched to.
const (
	Ready     Mode = "ready"      // prints, answers status
	PaperLow  Mode = "paper-low"  // prints, status says paper near end
	PaperOut  Mode = "paper-out"  // answers status; receipts cut meanwhile are lost
	CoverOpen Mode = "cover-open" // answers status; receipts cut meanwhile are lost
	Dead      Mode = "dead"       // accepts connections, swallows bytes, never answers
)

// ParseMode parses a mode name (case and surrounding space ignored).
func ParseMode(s string) (Mode, error) {
	m := Mode(strings.ToLower(strings.TrimSpace(s)))
	switch m {
	case Ready, PaperLow, PaperOut, CoverOpen, Dead:
		return m, nil
	case "":
		return Ready, nil
	}
	return "", fmt.Errorf("unknown printer mode %q (want ready, paper-low, paper-out, cover-open or dead)", s)
}

// Status returns what a printer in mode m reports.
func (m Mode) Status() escpos.Status {
	switch m {
	case PaperLow:
		return escpos.Status{PaperLow: true}
	case PaperOut:
		return escpos.Status{PaperOut: true, PaperLow: true}
	case CoverOpen:
		return escpos.Status{CoverOpen: true}
	}
	return escpos.Status{}
}

// prints reports whether receipts cut in mode m come out of the printer.
func (m Mode) prints() bool { return m == Ready || m == PaperLow }
