package scale

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Dialect is the protocol a scale speaks.
type Dialect string

// Dialects.
const (
	DialectToledo8213 Dialect = "toledo-8213"
	DialectNCI        Dialect = "nci"
)

// Unit is the unit a scale weighs in.
type Unit string

// Units.
const (
	UnitKg Unit = "kg"
	UnitLb Unit = "lb"
)

// Control characters of both dialects.
const (
	stx = 0x02
	etx = 0x03
	lf  = 0x0a
	cr  = 0x0d
)

// maxFrame bounds a reply; anything longer is garbled.
const maxFrame = 64

// Request returns the weight request of dialect d.
func Request(d Dialect) ([]byte, error) {
	switch d {
	case DialectToledo8213:
		return []byte{'W'}, nil
	case DialectNCI:
		return []byte{'W', cr}, nil
	}
	return nil, fmt.Errorf("scale: unknown dialect %q (want %s or %s)", d, DialectToledo8213, DialectNCI)
}

// terminator is the last byte of a reply in dialect d.
func terminator(d Dialect) byte {
	if d == DialectNCI {
		return etx
	}
	return cr
}

// Reading is one reply of the scale.
type Reading struct {
	// Grams is the weight, valid when Stable (0 when the scale sent only its status).
	Grams int64
	// Stable: the scale sent a weight (it sends none in motion).
	Stable    bool
	Motion    bool
	UnderZero bool
	Over      bool // over capacity (out of range)
	// ZeroError: the scale cannot find zero (outside the zero capture range,
	// initial zero error): it must be emptied and zeroed.
	ZeroError bool
	// Fault: RAM, ROM, EEPROM or calibration error reported by the scale.
	Fault bool
}

// Err says why r gives no weight to sell by, or nil when it does: a stable
// weight above zero.
func (r Reading) Err() error {
	switch {
	case r.Fault:
		return &Error{Condition: CondFault}
	case r.Over:
		return &Error{Condition: CondOverCapacity}
	case r.UnderZero:
		return &Error{Condition: CondUnderZero}
	case r.ZeroError:
		return &Error{Condition: CondZeroError}
	case r.Motion || !r.Stable:
		return &Error{Condition: CondMotion}
	case r.Grams <= 0:
		return &Error{Condition: CondEmpty}
	}
	return nil
}

// Parse reads one complete reply frame (terminator included) of dialect d
// from a scale weighing in unit u; decimals is where the point goes in a
// weight sent without one. It returns the reading, or an error wrapping
// ErrGarbled that says what is wrong with the bytes. A valid reply that
// carries no weight (motion, under zero…) is not an error here: see
// Reading.Err.
func Parse(d Dialect, u Unit, decimals int, frame []byte) (Reading, error) {
	if len(frame) > maxFrame {
		return Reading{}, garbled(frame, "longer than %d bytes", maxFrame)
	}
	switch d {
	case DialectToledo8213:
		return parse8213(u, decimals, frame)
	case DialectNCI:
		return parseNCI(u, decimals, frame)
	}
	return Reading{}, fmt.Errorf("scale: unknown dialect %q", d)
}

// parse8213 reads "STX weight CR" or "STX ? status CR".
func parse8213(u Unit, decimals int, f []byte) (Reading, error) {
	if len(f) < 3 || f[0] != stx || f[len(f)-1] != cr {
		return Reading{}, garbled(f, "want STX … CR")
	}
	body := f[1 : len(f)-1]
	if body[0] == '?' {
		if len(body) != 2 {
			return Reading{}, garbled(f, "status record must be STX ? status CR")
		}
		s := body[1] & 0x7f // bit 7 is parity on 7-bit lines
		if s&0x40 == 0 {
			return Reading{}, garbled(f, "status byte %#02x lacks bit 6 (always 1)", body[1])
		}
		r := Reading{Motion: s&0x01 != 0, Over: s&0x02 != 0, UnderZero: s&0x04 != 0, ZeroError: s&0x08 != 0}
		return r, nil
	}
	g, err := grams(body, u, decimals)
	if err != nil {
		return Reading{}, garbled(f, "%v", err)
	}
	return Reading{Grams: g, Stable: true}, nil
}

// parseNCI reads "LF weight UNIT CR LF S status… CR ETX" or "LF S status… CR ETX".
func parseNCI(u Unit, decimals int, f []byte) (Reading, error) {
	if len(f) < 6 || f[0] != lf || f[len(f)-1] != etx || f[len(f)-2] != cr {
		return Reading{}, garbled(f, "want LF … CR ETX")
	}
	recs := bytes.Split(f[1:len(f)-2], []byte{cr, lf})
	var r Reading
	switch len(recs) {
	case 1:
	case 2:
		w := recs[0]
		unit := Unit("")
		switch {
		case bytes.HasSuffix(w, []byte("KG")):
			unit = UnitKg
		case bytes.HasSuffix(w, []byte("LB")):
			unit = UnitLb
		default:
			return Reading{}, garbled(f, "weight %q has no KG or LB unit (set the scale to decimal kg or lb)", w)
		}
		if unit != u {
			return Reading{}, garbled(f, "scale weighs in %s, profile says %s", unit, u)
		}
		g, err := grams(w[:len(w)-2], unit, decimals)
		if err != nil {
			return Reading{}, garbled(f, "%v", err)
		}
		r.Grams, r.Stable = g, true
	default:
		return Reading{}, garbled(f, "want one weight record and one status record")
	}
	st := recs[len(recs)-1]
	if len(st) < 3 || st[0] != 'S' {
		return Reading{}, garbled(f, "status record must be S and at least two status bytes")
	}
	for i, b := range st[1:] {
		b &= 0x7f
		if b&0x30 != 0x30 {
			return Reading{}, garbled(f, "status byte %d (%#02x) lacks bits 4 and 5 (always 1)", i+1, st[1+i])
		}
		last := i == len(st)-2
		if i == 0 && b&0x40 != 0 {
			return Reading{}, garbled(f, "status byte 1 (%#02x) has bit 6 set (always 0)", st[1])
		}
		if i > 0 && (b&0x40 != 0) == last {
			return Reading{}, garbled(f, "status byte %d says another byte follows: %v, but it is the last: %v", i+1, !last, last)
		}
		switch i {
		case 0:
			r.Motion = b&0x01 != 0
			r.Fault = r.Fault || b&0x0c != 0 // RAM, EEPROM
		case 1:
			r.UnderZero = b&0x01 != 0
			r.Over = b&0x02 != 0
			r.Fault = r.Fault || b&0x0c != 0 // ROM, calibration
		case 2:
			r.ZeroError = b&0x08 != 0 // initial zero error
		}
	}
	if r.Stable && (r.Motion || r.UnderZero || r.Over) {
		return Reading{}, garbled(f, "weight sent with a motion or range status")
	}
	return r, nil
}

// grams turns weight digits (with at most one decimal point, or decimals
// implied) in unit u into whole grams, rounded half up.
func grams(w []byte, u Unit, decimals int) (int64, error) {
	s := strings.TrimLeft(string(w), " ")
	if s == "" {
		return 0, errors.New("empty weight")
	}
	if len(s) > 9 {
		return 0, fmt.Errorf("weight %q has more than 9 characters", s)
	}
	var mant int64
	dec := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + int64(c-'0')
			if dec >= 0 {
				dec++
			}
		case c == '.' && dec < 0 && i > 0 && i < len(s)-1:
			dec = 0
		default:
			return 0, fmt.Errorf("weight %q: unexpected %q", s, c)
		}
	}
	if dec < 0 {
		dec = decimals
	}
	if dec < 0 || dec > 4 {
		return 0, fmt.Errorf("weight %q: %d decimals", s, dec)
	}
	pow := int64(1)
	for range dec {
		pow *= 10
	}
	switch u {
	case UnitKg:
		return (mant*1000*2 + pow) / (2 * pow), nil
	case UnitLb:
		// 1 lb = 453.59237 g exactly.
		num, den := mant*45359237, pow*100000
		return (num*2 + den) / (2 * den), nil
	}
	return 0, fmt.Errorf("unknown unit %q", u)
}
