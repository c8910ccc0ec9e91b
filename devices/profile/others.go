package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// SerialSettings are a serial port's line settings.
type SerialSettings struct {
	Baud     int    `json:"baud"`
	DataBits int    `json:"dataBits,omitempty"` // 8 when 0
	Parity   string `json:"parity,omitempty"`   // "N" (default), "E" or "O"
	StopBits int    `json:"stopBits,omitempty"` // 1 when 0
}

// Display is a customer (pole) display profile from displays/*.json.
type Display struct {
	ID        string            `json:"-"`
	File      string            `json:"-"`
	Name      string            `json:"name"`
	Vendor    string            `json:"vendor"`
	Notes     string            `json:"notes,omitempty"`
	Columns   int               `json:"columns"`
	Rows      int               `json:"rows"`
	CodePages map[string]string `json:"codePages,omitempty"`
	Omnilane  DeviceBlock       `json:"omnilane"`

	charsets map[int]*Charset
}

// DeviceBlock is our own block for non-printer devices.
type DeviceBlock struct {
	Transports []string        `json:"transports"`
	Serial     *SerialSettings `json:"serial,omitempty"`
	USB        *USBID          `json:"usb,omitempty"`
	TCPPort    int             `json:"tcpPort,omitempty"`
}

// PreferredCharset returns the code page number and table to print Spanish,
// Portuguese and the euro on this display (CP858, ISO-8859-15, CP1252 …), or
// -1 and nil when it has none.
func (d *Display) PreferredCharset() (int, *Charset) {
	for _, name := range []string{"CP858", "ISO_8859-15", "CP1252", "CP850", "CP437"} {
		best := -1
		for n, cs := range d.charsets {
			if cs.Name == name && (best < 0 || n < best) {
				best = n
			}
		}
		if best >= 0 {
			return best, d.charsets[best]
		}
	}
	return -1, nil
}

// Charset returns the table for code page n.
func (d *Display) Charset(n int) (*Charset, bool) {
	c, ok := d.charsets[n]
	return c, ok
}

// Scanner is a barcode scanner profile from scanners/*.json.
type Scanner struct {
	ID     string `json:"-"`
	File   string `json:"-"`
	Name   string `json:"name"`
	Vendor string `json:"vendor"`
	Notes  string `json:"notes,omitempty"`
	// Interfaces lists the modes the scanner can be switched to, keyed by
	// "serial", "usb-cdc", "usb-hid-pos" or "keyboard", with the USB ids it
	// enumerates with in that mode (ids may be "Unknown").
	Interfaces map[string]ScannerInterface `json:"interfaces"`
	Serial     *SerialSettings             `json:"serial,omitempty"`
	HIDPOS     *HIDPOSLayout               `json:"hidPos,omitempty"`
	Prefix     string                      `json:"prefix"`
	Suffix     string                      `json:"suffix"`
	AIM        bool                        `json:"aim"` // sends AIM symbology identifiers
}

// ScannerInterface is one interface mode of a scanner.
type ScannerInterface struct {
	VendorID  string `json:"vendorId,omitempty"`
	ProductID string `json:"productId,omitempty"`
}

// HIDPOSLayout says where things are in a HID POS scanned-data input report
// (byte offsets from the start of the report, report id included).
type HIDPOSLayout struct {
	ReportID     int `json:"reportId"`
	ReportLength int `json:"reportLength"`
	LengthAt     int `json:"lengthAt"`     // byte holding the data length
	SymbologyAt  int `json:"symbologyAt"`  // first of the AIM identifier bytes (-1: none)
	SymbologyLen int `json:"symbologyLen"` // 0-3
	DataAt       int `json:"dataAt"`
	// MoreAt is the byte whose bit 0 says another report continues the scan (-1: none).
	MoreAt int `json:"moreAt"`
}

// Terminal is a payment terminal profile from terminals/*.json.
type Terminal struct {
	ID       string `json:"-"`
	File     string `json:"-"`
	Name     string `json:"name"`
	Vendor   string `json:"vendor"`
	Notes    string `json:"notes,omitempty"`
	Protocol string `json:"protocol"` // e.g. "nexo"
	// StoreAndForward: the model can approve offline and forward later.
	StoreAndForward bool `json:"storeAndForward,omitempty"`
	// LanePrintsMerchantCopy: the terminal has no printer of its own (or
	// the retailer keeps merchant copies on the receipt printer), so the
	// lane prints the merchant copy of each card payment.
	LanePrintsMerchantCopy bool        `json:"lanePrintsMerchantCopy,omitempty"`
	Omnilane               DeviceBlock `json:"omnilane"`
}

// hexID reports whether s is a USB id written like 0x0c2e.
func hexID(s string) bool {
	if len(s) != 6 || s[:2] != "0x" {
		return false
	}
	for _, c := range s[2:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

// loadKind loads every dir/*.json of one kind: each file one object keyed by
// its file name, decoded strictly into a fresh T.
func loadKind[T any](fsys fs.FS, dir string, set func(id, file string, v *T)) (map[string]*T, []error) {
	names, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil {
		return nil, []error{fmt.Errorf("list %s: %w", dir, err)}
	}
	out := map[string]*T{}
	var errs []error
	for _, name := range names {
		id := strings.TrimSuffix(path.Base(name), ".json")
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, &FieldError{File: name, Err: err})
			continue
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(b, &top); err != nil {
			errs = append(errs, &FieldError{File: name, Err: fmt.Errorf("not a JSON object: %w", err)})
			continue
		}
		body, ok := top[id]
		if len(top) != 1 || !ok {
			errs = append(errs, &FieldError{File: name, Err: fmt.Errorf("want one top-level key %q (the file name), got %d keys", id, len(top))})
			continue
		}
		v := new(T)
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			errs = append(errs, &FieldError{File: name, Field: jsonField(err), Err: err})
			continue
		}
		set(id, name, v)
		out[id] = v
	}
	return out, errs
}

// jsonField extracts the field path from an encoding/json error.
func jsonField(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Field
	}
	if _, rest, ok := strings.Cut(err.Error(), `unknown field "`); ok {
		name, _, _ := strings.Cut(rest, `"`)
		return name
	}
	return ""
}

func validateBlock(file string, b DeviceBlock, bad func(field, format string, args ...any)) {
	if len(b.Transports) == 0 {
		bad("omnilane.transports", "missing")
	}
	for i, t := range b.Transports {
		if !knownTransport(t) {
			bad(fmt.Sprintf("omnilane.transports[%d]", i), "unknown transport %q (want tcp, serial or usb)", t)
		}
	}
	if b.Serial != nil {
		validateSerial("omnilane.serial", *b.Serial, bad)
	}
	if b.USB != nil {
		if _, _, err := b.USB.IDs(); err != nil {
			bad("omnilane.usb", "%v", err)
		}
	}
	if b.TCPPort < 0 || b.TCPPort > 65535 {
		bad("omnilane.tcpPort", "out of range: %d", b.TCPPort)
	}
}

func validateSerial(field string, s SerialSettings, bad func(field, format string, args ...any)) {
	switch s.Baud {
	case 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200:
	default:
		bad(field+".baud", "unsupported baud rate %d", s.Baud)
	}
	if s.DataBits != 0 && (s.DataBits < 7 || s.DataBits > 8) {
		bad(field+".dataBits", "must be 7 or 8, got %d", s.DataBits)
	}
	switch s.Parity {
	case "", "N", "E", "O":
	default:
		bad(field+".parity", "must be N, E or O, got %q", s.Parity)
	}
	if s.StopBits != 0 && s.StopBits != 1 && s.StopBits != 2 {
		bad(field+".stopBits", "must be 1 or 2, got %d", s.StopBits)
	}
}

func (c *Catalog) loadOthers(fsys fs.FS, charsets map[string]*Charset) []error {
	var errs []error
	badFor := func(file string) func(field, format string, args ...any) {
		return func(field, format string, args ...any) {
			errs = append(errs, &FieldError{File: file, Field: field, Err: fmt.Errorf(format, args...)})
		}
	}
	named := func(file, name, vendor string) {
		if strings.TrimSpace(name) == "" {
			badFor(file)("name", "missing")
		}
		if strings.TrimSpace(vendor) == "" {
			badFor(file)("vendor", "missing")
		}
	}
	displays, e := loadKind(fsys, "displays", func(id, file string, d *Display) { d.ID, d.File = id, file })
	errs = append(errs, e...)
	for id, d := range displays {
		bad := badFor(d.File)
		named(d.File, d.Name, d.Vendor)
		if d.Columns < 1 || d.Columns > 80 {
			bad("columns", "must be 1-80, got %d", d.Columns)
		}
		if d.Rows < 1 || d.Rows > 4 {
			bad("rows", "must be 1-4, got %d", d.Rows)
		}
		d.charsets = map[int]*Charset{}
		for k, name := range d.CodePages {
			n, err := strconv.Atoi(k)
			if err != nil || n < 0 || n > 255 {
				bad("codePages."+k, "key must be a code page number 0-255")
				continue
			}
			if _, ok := c.encodings[name]; !ok && name != "Unknown" {
				bad("codePages."+k, "code page %q is not in %s", name, EncodingFile)
				continue
			}
			if cs, ok := charsets[name]; ok {
				d.charsets[n] = cs
			}
		}
		validateBlock(d.File, d.Omnilane, bad)
		c.displays[id] = d
	}
	scanners, e := loadKind(fsys, "scanners", func(id, file string, s *Scanner) { s.ID, s.File = id, file })
	errs = append(errs, e...)
	for id, s := range scanners {
		bad := badFor(s.File)
		named(s.File, s.Name, s.Vendor)
		if len(s.Interfaces) == 0 {
			bad("interfaces", "missing")
		}
		for mode, itf := range s.Interfaces {
			switch mode {
			case "serial", "usb-cdc", "usb-hid-pos", "keyboard":
			default:
				bad("interfaces."+mode, "unknown interface mode (want serial, usb-cdc, usb-hid-pos or keyboard)")
			}
			for f, v := range map[string]string{"vendorId": itf.VendorID, "productId": itf.ProductID} {
				if v != "" && v != "Unknown" && !hexID(v) {
					bad("interfaces."+mode+"."+f, "want a hex id like 0x0c2e or \"Unknown\", got %q", v)
				}
			}
		}
		if _, ok := s.Interfaces["serial"]; ok && s.Serial == nil {
			bad("serial", "missing although interfaces has serial")
		}
		if s.Serial != nil {
			validateSerial("serial", *s.Serial, bad)
		}
		if _, ok := s.Interfaces["usb-hid-pos"]; ok && s.HIDPOS == nil {
			bad("hidPos", "missing although interfaces has usb-hid-pos")
		}
		if h := s.HIDPOS; h != nil {
			in := func(field string, at, n int) {
				if at < 0 || at+n > h.ReportLength {
					bad("hidPos."+field, "offset %d (+%d) outside a %d-byte report", at, n, h.ReportLength)
				}
			}
			if h.ReportLength < 2 || h.ReportLength > 1024 {
				bad("hidPos.reportLength", "must be 2-1024, got %d", h.ReportLength)
			}
			in("lengthAt", h.LengthAt, 1)
			in("dataAt", h.DataAt, 1)
			if h.SymbologyAt >= 0 {
				in("symbologyAt", h.SymbologyAt, h.SymbologyLen)
			}
			if h.SymbologyLen < 0 || h.SymbologyLen > 3 {
				bad("hidPos.symbologyLen", "must be 0-3, got %d", h.SymbologyLen)
			}
			if h.MoreAt >= 0 {
				in("moreAt", h.MoreAt, 1)
			}
		}
		if s.Suffix == "" {
			bad("suffix", "missing (the scanner must end each scan, e.g. \"\\r\")")
		}
		c.scanners[id] = s
	}
	terminals, e := loadKind(fsys, "terminals", func(id, file string, t *Terminal) { t.ID, t.File = id, file })
	errs = append(errs, e...)
	for id, t := range terminals {
		bad := badFor(t.File)
		named(t.File, t.Name, t.Vendor)
		if t.Protocol == "" {
			bad("protocol", "missing")
		}
		validateBlock(t.File, t.Omnilane, bad)
		c.terminals[id] = t
	}
	return errs
}

// Display returns the display profile with the given id.
func (c *Catalog) Display(id string) (*Display, error) {
	if d, ok := c.displays[id]; ok {
		return d, nil
	}
	return nil, fmt.Errorf("display %q: %w", id, ErrNotFound)
}

// Scanner returns the scanner profile with the given id.
func (c *Catalog) Scanner(id string) (*Scanner, error) {
	if s, ok := c.scanners[id]; ok {
		return s, nil
	}
	return nil, fmt.Errorf("scanner %q: %w", id, ErrNotFound)
}

// Terminal returns the payment terminal profile with the given id.
func (c *Catalog) Terminal(id string) (*Terminal, error) {
	if t, ok := c.terminals[id]; ok {
		return t, nil
	}
	return nil, fmt.Errorf("terminal %q: %w", id, ErrNotFound)
}

// Displays returns every display profile, sorted by id.
func (c *Catalog) Displays() []*Display {
	return sorted(c.displays, func(d *Display) string { return d.ID })
}

// Scanners returns every scanner profile, sorted by id.
func (c *Catalog) Scanners() []*Scanner {
	return sorted(c.scanners, func(s *Scanner) string { return s.ID })
}

// Terminals returns every terminal profile, sorted by id.
func (c *Catalog) Terminals() []*Terminal {
	return sorted(c.terminals, func(t *Terminal) string { return t.ID })
}

func sorted[T any](m map[string]*T, id func(*T) string) []*T {
	out := make([]*T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return id(out[i]) < id(out[j]) })
	return out
}
