package scan

import (
	"fmt"
	"strings"
	"time"
)

// GS is the group separator a scanner sends for FNC1 inside GS1 data.
const GS = "\x1d"

// Element is one GS1 Application Identifier and its value.
type Element struct {
	AI    string // e.g. "01", "3103"
	Value string
	Name  string // GS1 data title, e.g. "GTIN", "BATCH/LOT"
}

// Date is a GS1 date (YYMMDD). Day 0 means "end of the month" in GS1; Time
// returns the last day of the month then.
type Date struct {
	Year, Month, Day int
}

// Time returns the date at midnight UTC, the last day of the month when Day is 0.
func (d Date) Time() time.Time {
	if d.Day == 0 {
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
}

// String returns YYYY-MM-DD (the month's last day when Day is 0).
func (d Date) String() string { return d.Time().Format("2006-01-02") }

// ParseElementString parses a GS1 element string: AIs back to back, each
// variable-length value ended by GS (FNC1) unless it is last. A leading GS
// (FNC1 in first position sent as data) and the bracketed human-readable form
// "(01)09506000134352(10)ABC" are accepted too.
func ParseElementString(s string) ([]Element, error) {
	orig := s
	if strings.HasPrefix(s, "(") {
		return parseBracketed(s)
	}
	s = strings.TrimPrefix(s, GS)
	if s == "" {
		return nil, errorf(orig, ErrMalformed, "GS1 data is empty")
	}
	var out []Element
	for s != "" {
		if len(s) < 2 || !allDigits(s[:2]) {
			return nil, errorf(orig, ErrMalformed, "expected an application identifier at %q", clip(s))
		}
		n := aiLength(s[:2])
		if len(s) < n || !allDigits(s[:n]) {
			return nil, errorf(orig, ErrMalformed, "application identifier %q is cut short", clip(s))
		}
		ai := s[:n]
		spec, _ := lookupAI(ai)
		s = s[n:]
		var v string
		if spec.fixed > 0 {
			if len(s) < spec.fixed {
				return nil, errorf(orig, ErrMalformed, "AI %s needs %d characters, got %d", ai, spec.fixed, len(s))
			}
			v, s = s[:spec.fixed], s[spec.fixed:]
			s = strings.TrimPrefix(s, GS) // some encoders add a needless FNC1
		} else {
			end := strings.Index(s, GS)
			if end < 0 {
				end = len(s)
			}
			v, s = s[:end], strings.TrimPrefix(s[end:], GS)
		}
		el, err := checkElement(orig, ai, v, spec)
		if err != nil {
			return nil, err
		}
		out = append(out, el)
	}
	return out, nil
}

func parseBracketed(s string) ([]Element, error) {
	orig := s
	var out []Element
	for s != "" {
		if s[0] != '(' {
			return nil, errorf(orig, ErrMalformed, "expected \"(\" at %q", clip(s))
		}
		end := strings.IndexByte(s, ')')
		if end < 0 {
			return nil, errorf(orig, ErrMalformed, "unclosed \"(\"")
		}
		ai := s[1:end]
		if len(ai) < 2 || len(ai) > 4 || !allDigits(ai) || aiLength(ai[:2]) != len(ai) {
			return nil, errorf(orig, ErrMalformed, "bad application identifier %q", ai)
		}
		s = s[end+1:]
		next := strings.IndexByte(s, '(')
		if next < 0 {
			next = len(s)
		}
		v := s[:next]
		s = s[next:]
		spec, _ := lookupAI(ai)
		el, err := checkElement(orig, ai, v, spec)
		if err != nil {
			return nil, err
		}
		out = append(out, el)
	}
	return out, nil
}

func checkElement(orig, ai, v string, spec aiSpec) (Element, error) {
	if v == "" {
		return Element{}, errorf(orig, ErrMalformed, "AI %s has no value", ai)
	}
	if spec.fixed > 0 && len(v) != spec.fixed {
		return Element{}, errorf(orig, ErrMalformed, "AI %s needs %d characters, got %d", ai, spec.fixed, len(v))
	}
	if spec.max > 0 && len(v) > spec.max {
		return Element{}, errorf(orig, ErrMalformed, "AI %s allows at most %d characters, got %d", ai, spec.max, len(v))
	}
	if spec.numeric && !allDigits(v) {
		return Element{}, errorf(orig, ErrMalformed, "AI %s takes digits only, got %q", ai, v)
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7E {
			return Element{}, errorf(orig, ErrMalformed, "AI %s has a control or non-ASCII character", ai)
		}
	}
	switch {
	case ai == "01" || ai == "02":
		if !ValidCheckDigit(v) {
			return Element{}, errorf(orig, ErrCheckDigit, "AI %s: GTIN %s check digit should be %d", ai, v, CheckDigit(v[:13]))
		}
	case ai == "00":
		if !ValidCheckDigit(v) {
			return Element{}, errorf(orig, ErrCheckDigit, "AI 00: SSCC check digit is wrong")
		}
	case len(ai) == 2 && ai[0] == '1' && spec.fixed == 6:
		if _, err := parseDate(v, 2000); err != nil {
			return Element{}, errorf(orig, ErrMalformed, "AI %s: %v", ai, err)
		}
	}
	return Element{AI: ai, Value: v, Name: spec.name}, nil
}

// parseDate parses YYMMDD; the century is chosen by the GS1 rule relative to
// the reference year (a year more than 50 years ahead is taken as past).
func parseDate(v string, refYear int) (Date, error) {
	if len(v) != 6 || !allDigits(v) {
		return Date{}, fmt.Errorf("date %q is not YYMMDD", v)
	}
	yy := int(v[0]-'0')*10 + int(v[1]-'0')
	mm := int(v[2]-'0')*10 + int(v[3]-'0')
	dd := int(v[4]-'0')*10 + int(v[5]-'0')
	if mm < 1 || mm > 12 {
		return Date{}, fmt.Errorf("month %02d", mm)
	}
	year := refYear/100*100 + yy
	switch diff := yy - refYear%100; {
	case diff >= 51 && diff <= 99:
		year -= 100
	case diff >= -99 && diff <= -50:
		year += 100
	}
	d := Date{Year: year, Month: mm, Day: dd}
	if dd != 0 && d.Time().Day() != dd {
		return Date{}, fmt.Errorf("day %02d does not exist in %d-%02d", dd, year, mm)
	}
	return d, nil
}

func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}
