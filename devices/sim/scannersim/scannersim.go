// Package scannersim is a virtual serial barcode scanner: it owns a
// pseudo-terminal and writes scans into it exactly as a serial scanner
// would, AIM symbology identifier first and suffix last.
package scannersim

import (
	"strings"

	"github.com/omnilane/omnilane/devices/scan"
	"github.com/omnilane/omnilane/devices/sim/simpty"
)

// Frame returns the bytes a scanner sends for code: an AIM identifier
// guessed from the content (unless aim is false or code already starts with
// "]"), the data, and the suffix. Bracketed GS1 "(01)…(10)…" becomes a GS1-128
// element string with GS (FNC1) separators.
func Frame(code string, aim bool, suffix string) []byte {
	data, id := code, ""
	switch {
	case strings.HasPrefix(code, "]"):
	case strings.HasPrefix(code, "(") && len(code) > 3:
		data, id = bracketsToFNC1(code), "]C1"
	case strings.HasPrefix(code, scan.GS):
		data, id = strings.TrimPrefix(code, scan.GS), "]C1"
	case strings.HasPrefix(code, "http://"), strings.HasPrefix(code, "https://"):
		id = "]Q1"
	case digits(code) && (len(code) == 12 || len(code) == 13):
		id = "]E0"
	case digits(code) && len(code) == 8:
		id = "]E4"
		if !scan.ValidCheckDigit(code) {
			id = "]E0" // UPC-E
		}
	default:
		id = "]C0"
	}
	if !aim {
		id = ""
	}
	return []byte(id + data + suffix)
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// bracketsToFNC1 turns "(01)x(10)y(17)z" into "01x10y<GS>17z": a GS follows
// every variable-length value that is not last.
func bracketsToFNC1(s string) string {
	els, err := scan.ParseElementString(s)
	if err != nil {
		return strings.NewReplacer("(", "", ")", "").Replace(s)
	}
	var b strings.Builder
	for i, e := range els {
		b.WriteString(e.AI)
		b.WriteString(e.Value)
		if i < len(els)-1 && !fixedLength(e.AI) {
			b.WriteString(scan.GS)
		}
	}
	return b.String()
}

func fixedLength(ai string) bool {
	switch ai[:2] {
	case "00", "01", "02", "03", "04", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "31", "32", "33", "34", "35", "36", "41":
		return true
	}
	return false
}

// PTY is the scanner's end of a pseudo-terminal pair (see simpty).
type PTY = simpty.PTY

// OpenPTY creates a pseudo-terminal whose slave behaves like a raw serial port.
func OpenPTY() (*PTY, error) { return simpty.Open() }
