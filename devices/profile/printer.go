package profile

import (
	"fmt"
	"sort"
	"strconv"
)

// Printer is a resolved receipt-printer profile (inheritance applied).
type Printer struct {
	ID        string            `json:"-"` // profile id, the file name without .json
	File      string            `json:"-"` // path of the file inside the profile tree
	Name      string            `json:"name"`
	Vendor    string            `json:"vendor"`
	Inherits  string            `json:"inherits,omitempty"`
	Notes     string            `json:"notes,omitempty"`
	Features  map[string]bool   `json:"features,omitempty"`
	Colors    map[string]string `json:"colors,omitempty"`
	Fonts     map[string]Font   `json:"fonts,omitempty"`
	Media     Media             `json:"media"`
	CodePages map[string]string `json:"codePages,omitempty"`
	Omnilane  Omnilane          `json:"omnilane"`

	charsets map[int]*Charset
}

// Font is one printer font and how many characters fit on a line with it.
type Font struct {
	Name    string `json:"name"`
	Columns Num    `json:"columns"`
}

// Media describes the paper.
type Media struct {
	Width MediaWidth `json:"width"`
	DPI   Num        `json:"dpi"`
}

// MediaWidth is the printable width of the paper.
type MediaWidth struct {
	MM     Num `json:"mm"`
	Pixels Num `json:"pixels"`
}

// Omnilane is our own block: how Omnilane reaches and drives the printer.
type Omnilane struct {
	CommandSet string        `json:"commandSet,omitempty"` // "escpos" (default) or "star"
	Transports []string      `json:"transports,omitempty"` // any of "tcp", "serial", "usb"
	TCPPort    int           `json:"tcpPort,omitempty"`    // raw printing port, usually 9100
	USB        *USBID        `json:"usb,omitempty"`
	Status     StatusSupport `json:"status"`
}

// USBID is a USB vendor and product id written as hex strings such as "0x04b8".
type USBID struct {
	VendorID  string `json:"vendorId"`
	ProductID string `json:"productId"`
}

// IDs parses the vendor and product ids.
func (u USBID) IDs() (vendor, product uint16, err error) {
	v, err := strconv.ParseUint(u.VendorID, 0, 16)
	if err != nil {
		return 0, 0, fmt.Errorf("vendorId %q: %w", u.VendorID, err)
	}
	p, err := strconv.ParseUint(u.ProductID, 0, 16)
	if err != nil {
		return 0, 0, fmt.Errorf("productId %q: %w", u.ProductID, err)
	}
	return uint16(v), uint16(p), nil
}

// StatusSupport says which status mechanisms the printer answers.
type StatusSupport struct {
	RealTime bool `json:"realTime"` // DLE EOT n
	ASB      bool `json:"asb"`      // GS a n automatic status back
}

// Feature reports whether the profile sets the named escpos-printer-db feature
// (for example "qrCode", "paperPartCut", "pulseStandard").
func (p *Printer) Feature(name string) bool { return p.Features[name] }

// Star reports whether the printer should be driven with Star commands.
func (p *Printer) Star() bool {
	return p.Omnilane.CommandSet == "star"
}

// Columns returns how many characters of the given font fit on one line, and
// false when the profile does not know.
func (p *Printer) Columns(font int) (int, bool) {
	f, ok := p.Fonts[strconv.Itoa(font)]
	n, known := f.Columns.Int()
	if !ok || !known || n <= 0 {
		return 0, false
	}
	return n, true
}

// Charset returns the character table behind code page number n (the n of
// ESC t n), if the profile names one Omnilane has a table for.
func (p *Printer) Charset(n int) (*Charset, bool) {
	c, ok := p.charsets[n]
	return c, ok
}

// Charsets returns the code page numbers that have a character table, ascending.
func (p *Printer) Charsets() []int {
	out := make([]int, 0, len(p.charsets))
	for n := range p.charsets {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}
