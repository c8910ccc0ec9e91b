package scanner

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/omnilane/omnilane/devices/profile"
)

// ErrBadReport is returned for a HID POS report that does not fit its layout.
var ErrBadReport = errors.New("malformed HID POS report")

// HIDPOS assembles scans from USB HID POS input reports laid out as a
// scanner profile's hidPos block says. A long scan spans several reports:
// each sets the "more" flag until the last. It is pure logic (no USB).
type HIDPOS struct {
	layout profile.HIDPOSLayout
	data   []byte
	aim    []byte
}

// NewHIDPOS returns an assembler for layout l.
func NewHIDPOS(l profile.HIDPOSLayout) *HIDPOS { return &HIDPOS{layout: l} }

// Feed takes one input report. It returns the scan as the serial path would
// see it (AIM identifier + data) when the report completes one, "" when more
// reports are expected or the report is for another report id.
func (h *HIDPOS) Feed(report []byte) (string, error) {
	l := h.layout
	if len(report) == 0 {
		return "", fmt.Errorf("%w: empty", ErrBadReport)
	}
	if l.ReportID > 0 && int(report[0]) != l.ReportID {
		return "", nil // another report (e.g. status): not a scan
	}
	if l.LengthAt >= len(report) || l.DataAt > len(report) {
		h.reset()
		return "", fmt.Errorf("%w: %d bytes, layout needs length at %d and data at %d", ErrBadReport, len(report), l.LengthAt, l.DataAt)
	}
	n := int(report[l.LengthAt])
	end := l.DataAt + n
	limit := len(report)
	for _, at := range []int{l.SymbologyAt, l.MoreAt} { // data never runs into the trailer fields
		if at > l.DataAt && at < limit {
			limit = at
		}
	}
	if end > limit {
		h.reset()
		return "", fmt.Errorf("%w: length %d runs past the data field (%d bytes)", ErrBadReport, n, limit-l.DataAt)
	}
	h.data = append(h.data, report[l.DataAt:end]...)
	if l.SymbologyAt >= 0 && l.SymbologyLen > 0 && l.SymbologyAt+l.SymbologyLen <= len(report) && len(h.aim) == 0 {
		h.aim = bytes.TrimRight(report[l.SymbologyAt:l.SymbologyAt+l.SymbologyLen], "\x00")
	}
	if l.MoreAt >= 0 && l.MoreAt < len(report) && report[l.MoreAt]&1 == 1 {
		if len(h.data) > maxFrame {
			h.reset()
			return "", ErrOverflow
		}
		return "", nil
	}
	var out []byte
	if len(h.aim) == 3 && h.aim[0] == ']' && !bytes.HasPrefix(h.data, []byte{']'}) {
		out = append(out, h.aim...)
	}
	out = append(out, h.data...)
	h.reset()
	if len(out) == 0 {
		return "", nil
	}
	return string(out), nil
}

func (h *HIDPOS) reset() {
	h.data = h.data[:0]
	h.aim = nil
}
