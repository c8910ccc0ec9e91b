package escpos

import (
	"errors"
	"fmt"
	"strings"
)

// Status errors, returned (wrapped) when a printer is not ready to print.
var (
	ErrPaperOut     = errors.New("printer out of paper")
	ErrCoverOpen    = errors.New("printer cover open")
	ErrOffline      = errors.New("printer offline")
	ErrPrinterError = errors.New("printer error")
	ErrBadStatus    = errors.New("malformed status byte")
)

// Status is a printer's real-time status as reported by DLE EOT 1-4.
type Status struct {
	Offline         bool // DLE EOT 1 bit 3
	DrawerHigh      bool // DLE EOT 1 bit 2: drawer connector pin 3 (drawer sensor) high
	CoverOpen       bool // DLE EOT 2 bit 2
	FeedButton      bool // DLE EOT 2 bit 3: paper fed with the feed button
	PaperOut        bool // DLE EOT 2 bit 5 or DLE EOT 4 bits 5-6
	Error           bool // DLE EOT 2 bit 6
	CutterError     bool // DLE EOT 3 bit 3
	Unrecoverable   bool // DLE EOT 3 bit 5
	AutoRecoverable bool // DLE EOT 3 bit 6
	PaperLow        bool // DLE EOT 4 bits 2-3: roll near end
}

// fixed bits every DLE EOT reply carries: bits 1 and 4 set, 0 and 7 clear.
const (
	statusFixed = 0x12
	statusMask  = 0x93
)

// Byte returns the reply a printer in status s sends to DLE EOT n (n = 1-4).
func (s Status) Byte(n byte) byte {
	b := byte(statusFixed)
	set := func(cond bool, bits byte) {
		if cond {
			b |= bits
		}
	}
	switch n {
	case 1:
		set(s.DrawerHigh, 0x04)
		set(s.Offline || s.CoverOpen || s.PaperOut || s.Error, 0x08)
	case 2:
		set(s.CoverOpen, 0x04)
		set(s.FeedButton, 0x08)
		set(s.PaperOut, 0x20)
		set(s.Error || s.CutterError || s.Unrecoverable || s.AutoRecoverable, 0x40)
	case 3:
		set(s.CutterError, 0x08)
		set(s.Unrecoverable, 0x20)
		set(s.AutoRecoverable, 0x40)
	case 4:
		set(s.PaperLow, 0x0C)
		set(s.PaperOut, 0x60)
	}
	return b
}

// Apply folds the reply b to DLE EOT n into s.
func (s *Status) Apply(n, b byte) error {
	if b&statusMask != statusFixed {
		return fmt.Errorf("%w: DLE EOT %d answered %#02x", ErrBadStatus, n, b)
	}
	switch n {
	case 1:
		s.DrawerHigh = b&0x04 != 0
		s.Offline = b&0x08 != 0
	case 2:
		s.CoverOpen = b&0x04 != 0
		s.FeedButton = b&0x08 != 0
		s.PaperOut = s.PaperOut || b&0x20 != 0
		s.Error = b&0x40 != 0
	case 3:
		s.CutterError = b&0x08 != 0
		s.Unrecoverable = b&0x20 != 0
		s.AutoRecoverable = b&0x40 != 0
	case 4:
		s.PaperLow = b&0x0C != 0
		s.PaperOut = s.PaperOut || b&0x60 != 0
	default:
		return fmt.Errorf("%w: DLE EOT %d does not exist", ErrBadStatus, n)
	}
	return nil
}

// Ready reports whether the printer can print now (paper low still prints).
func (s Status) Ready() bool { return s.Err() == nil }

// Err returns why the printer cannot print (ErrPaperOut, ErrCoverOpen,
// ErrPrinterError or ErrOffline, in that order of precedence), or nil.
func (s Status) Err() error {
	switch {
	case s.PaperOut:
		return ErrPaperOut
	case s.CoverOpen:
		return ErrCoverOpen
	case s.Error || s.CutterError || s.Unrecoverable || s.AutoRecoverable:
		return ErrPrinterError
	case s.Offline:
		return ErrOffline
	}
	return nil
}

// String lists the conditions set, or "ready".
func (s Status) String() string {
	var parts []string
	add := func(cond bool, name string) {
		if cond {
			parts = append(parts, name)
		}
	}
	add(s.Offline, "offline")
	add(s.CoverOpen, "cover open")
	add(s.PaperOut, "paper out")
	add(s.PaperLow, "paper low")
	add(s.Error, "error")
	add(s.CutterError, "cutter error")
	add(s.Unrecoverable, "unrecoverable error")
	add(s.AutoRecoverable, "auto-recoverable error")
	add(s.FeedButton, "feed button")
	add(s.DrawerHigh, "drawer signal high")
	if len(parts) == 0 {
		return "ready"
	}
	return strings.Join(parts, ", ")
}
