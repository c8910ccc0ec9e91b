package scan

import (
	"fmt"
	"strings"
	"time"
)

// Options configure Parse.
type Options struct {
	// Embedded are the price/weight-embedded EAN-13 rules in force (first
	// match wins). With none, 2x codes are plain in-store GTINs.
	Embedded []EmbeddedRule
	// CurrencyDigits is the minor-unit digits of the store currency (2 when 0).
	CurrencyDigits int
	// Now gives the reference date for two-digit GS1 years (time.Now when nil).
	Now func() time.Time
}

// Scan is one decoded barcode read.
type Scan struct {
	Symbology Symbology
	AIM       string // the AIM identifier sent, e.g. "]E0"; "" when none
	Data      string // the data after the identifier, suffix removed

	// GTIN is the 14-digit trade item number, when the scan has one (plain
	// EAN/UPC, AI 01, a Digital Link, or the lookup key of an embedded code).
	GTIN string
	// Elements are the GS1 AIs of a GS1 element string or Digital Link.
	Elements    []Element
	DigitalLink bool
	Embedded    *Embedded // price/weight-embedded EAN-13

	Batch       string // AI 10
	Serial      string // AI 21
	Expiry      *Date  // AI 17
	BestBefore  *Date  // AI 15
	NetWeightMG int64  // AI 310n, in milligrams (0 when absent)
	// PriceMinor is AI 392n/393n in minor units; PriceCurrency is the ISO
	// 4217 numeric code of 393n ("" for 392n: the store currency).
	PriceMinor    int64
	PriceCurrency string
}

// Element returns the value of the first element with the given AI.
func (s Scan) Element(ai string) (string, bool) {
	for _, e := range s.Elements {
		if e.AI == ai {
			return e.Value, true
		}
	}
	return "", false
}

// Parse reads one scan as the scanner sent it: an optional AIM identifier,
// then the data (any prefix/suffix configured on the scanner must already be
// removed). Errors are *Error values wrapping ErrEmpty, ErrCheckDigit,
// ErrMalformed or ErrUnsupported.
func Parse(raw string, opt Options) (Scan, error) {
	sym, aim, data := SplitAIM(raw)
	s := Scan{Symbology: sym, AIM: aim, Data: data}
	if data == "" {
		return s, errorf(raw, ErrEmpty, "no data")
	}
	if opt.CurrencyDigits == 0 {
		opt.CurrencyDigits = 2
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	switch {
	case sym.GS1() || (sym == Unknown && aim == "" && (strings.HasPrefix(data, GS) || bracketed(data))):
		if sym == Unknown {
			s.Symbology = GS1128
		}
		els, err := ParseElementString(data)
		if err != nil {
			return s, err
		}
		return s, s.apply(els, opt, now())
	case strings.HasPrefix(data, "http://") || strings.HasPrefix(data, "https://") ||
		strings.HasPrefix(data, "HTTP://") || strings.HasPrefix(data, "HTTPS://"):
		els, err := ParseDigitalLink(data)
		if err != nil {
			var e *Error
			if asError(err, &e) && e.Err == ErrUnsupported {
				return s, nil // an ordinary URL: plain data
			}
			return s, err
		}
		s.DigitalLink = true
		return s, s.apply(els, opt, now())
	case sym == EAN13 || sym == EAN8 || sym == UPCA || sym == UPCE ||
		(sym == Unknown && aim == "" && allDigits(data) && (len(data) == 8 || len(data) == 12 || len(data) == 13 || len(data) == 14)):
		return s, s.retail(opt)
	case sym == EANAddOn:
		return s, errorf(data, ErrUnsupported, "EAN/UPC add-on codes are not read")
	}
	return s, nil
}

// retail reads EAN-13, EAN-8, UPC-A, UPC-E and GTIN-14 codes.
func (s *Scan) retail(opt Options) error {
	d := s.Data
	if !allDigits(d) {
		return errorf(d, ErrMalformed, "%s data must be digits", s.Symbology)
	}
	switch {
	case len(d) == 8 && s.Symbology == EAN13: // ]E0 with 8 digits: UPC-E
		s.Symbology = UPCE
	case len(d) == 8 && s.Symbology == Unknown:
		s.Symbology = EAN8
		if !ValidCheckDigit(d) { // not a valid EAN-8: try UPC-E
			s.Symbology = UPCE
		}
	case len(d) == 12:
		s.Symbology = UPCA
	case len(d) == 13:
		s.Symbology = EAN13
	}
	code := d
	if s.Symbology == UPCE {
		upca, err := ExpandUPCE(d)
		if err != nil {
			return err
		}
		code = upca
	}
	if s.Symbology == EAN8 && len(d) != 8 {
		return errorf(d, ErrMalformed, "EAN-8 needs 8 digits, got %d", len(d))
	}
	gtin, err := GTIN14(code)
	if err != nil {
		return err
	}
	if len(code) == 13 && code[0] == '2' {
		e, err := matchEmbedded(code, opt.Embedded, opt.CurrencyDigits)
		if err != nil {
			return err
		}
		if e != nil {
			s.Embedded = e
			s.GTIN = e.LookupGTIN
			return nil
		}
	}
	s.GTIN = gtin
	return nil
}

// apply fills the convenience fields from GS1 elements.
func (s *Scan) apply(els []Element, opt Options, now time.Time) error {
	s.Elements = els
	for _, e := range els {
		switch {
		case e.AI == "01":
			s.GTIN = e.Value
		case e.AI == "10":
			s.Batch = e.Value
		case e.AI == "21":
			s.Serial = e.Value
		case e.AI == "15" || e.AI == "17":
			d, err := parseDate(e.Value, now.Year())
			if err != nil {
				return errorf(s.Data, ErrMalformed, "AI %s: %v", e.AI, err)
			}
			if e.AI == "15" {
				s.BestBefore = &d
			} else {
				s.Expiry = &d
			}
		case strings.HasPrefix(e.AI, "310"):
			n := int(e.AI[3] - '0')
			if n > 6 {
				return errorf(s.Data, ErrUnsupported, "AI %s: more than 6 decimals of a kilogram", e.AI)
			}
			s.NetWeightMG = atoi(e.Value) * pow10(6-n)
		case strings.HasPrefix(e.AI, "392"), strings.HasPrefix(e.AI, "393"):
			n := int(e.AI[3] - '0')
			v := e.Value
			if e.AI[2] == '3' {
				if len(v) < 4 {
					return errorf(s.Data, ErrMalformed, "AI %s needs a currency code and an amount", e.AI)
				}
				s.PriceCurrency, v = v[:3], v[3:]
			}
			if n > opt.CurrencyDigits {
				return errorf(s.Data, ErrUnsupported, "AI %s: %d price decimals, the currency has %d", e.AI, n, opt.CurrencyDigits)
			}
			if len(v) > 15 {
				return errorf(s.Data, ErrMalformed, "AI %s: amount too long", e.AI)
			}
			s.PriceMinor = atoi(v) * pow10(opt.CurrencyDigits-n)
		}
	}
	return nil
}

// bracketed reports whether data starts like "(01)…", the human-readable GS1 form.
func bracketed(data string) bool {
	return len(data) >= 3 && data[0] == '(' && allDigits(data[1:3])
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}

// String describes the scan briefly for logs.
func (s Scan) String() string {
	if s.GTIN != "" {
		return fmt.Sprintf("%s %s", s.Symbology, s.GTIN)
	}
	return fmt.Sprintf("%s %q", s.Symbology, s.Data)
}
