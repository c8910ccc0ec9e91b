package scale_test

import (
	"errors"
	"testing"

	"github.com/omnilane/omnilane/devices/scale"
	"github.com/omnilane/omnilane/devices/sim/scalesim"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		d       scale.Dialect
		u       scale.Unit
		in      string
		grams   int64
		cond    scale.Condition
		garbled bool
	}{
		{"8213 kg", scale.DialectToledo8213, scale.UnitKg, "\x0201.234\r", 1234, "", false},
		{"8213 kg no point", scale.DialectToledo8213, scale.UnitKg, "\x0201234\r", 1234, "", false},
		{"8213 lb", scale.DialectToledo8213, scale.UnitLb, "\x02002.72\r", 1234, "", false},
		{"8213 zero", scale.DialectToledo8213, scale.UnitKg, "\x0200.000\r", 0, scale.CondEmpty, false},
		{"8213 motion", scale.DialectToledo8213, scale.UnitKg, "\x02?A\r", 0, scale.CondMotion, false},
		{"8213 over", scale.DialectToledo8213, scale.UnitKg, "\x02?B\r", 0, scale.CondOverCapacity, false},
		{"8213 under zero", scale.DialectToledo8213, scale.UnitKg, "\x02?D\r", 0, scale.CondUnderZero, false},
		{"8213 outside zero range", scale.DialectToledo8213, scale.UnitKg, "\x02?H\r", 0, scale.CondZeroError, false},
		{"8213 parity bit ignored", scale.DialectToledo8213, scale.UnitKg, "\x02?\xc1\r", 0, scale.CondMotion, false},
		{"8213 no STX", scale.DialectToledo8213, scale.UnitKg, "01.234\r", 0, "", true},
		{"8213 letters", scale.DialectToledo8213, scale.UnitKg, "\x0201.2x4\r", 0, "", true},
		{"8213 two points", scale.DialectToledo8213, scale.UnitKg, "\x021.2.3\r", 0, "", true},
		{"8213 status without bit 6", scale.DialectToledo8213, scale.UnitKg, "\x02?\x01\r", 0, "", true},
		{"8213 empty", scale.DialectToledo8213, scale.UnitKg, "\x02\r", 0, "", true},
		{"nci kg", scale.DialectNCI, scale.UnitKg, "\n01.234KG\r\nS00\r\x03", 1234, "", false},
		{"nci lb", scale.DialectNCI, scale.UnitLb, "\n02.72LB\r\nS00\r\x03", 1234, "", false},
		{"nci three status bytes", scale.DialectNCI, scale.UnitKg, "\n00.500KG\r\nS0p0\r\x03", 500, "", false},
		{"nci motion", scale.DialectNCI, scale.UnitKg, "\nS10\r\x03", 0, scale.CondMotion, false},
		{"nci under zero", scale.DialectNCI, scale.UnitKg, "\nS01\r\x03", 0, scale.CondUnderZero, false},
		{"nci over", scale.DialectNCI, scale.UnitKg, "\nS02\r\x03", 0, scale.CondOverCapacity, false},
		{"nci zero", scale.DialectNCI, scale.UnitKg, "\n00.000KG\r\nS20\r\x03", 0, scale.CondEmpty, false},
		{"nci calibration fault", scale.DialectNCI, scale.UnitKg, "\nS08\r\x03", 0, scale.CondFault, false},
		{"nci wrong unit", scale.DialectNCI, scale.UnitKg, "\n02.72LB\r\nS00\r\x03", 0, "", true},
		{"nci lb-oz format", scale.DialectNCI, scale.UnitLb, "\n2LB 11.5OZ\r\nS00\r\x03", 0, "", true},
		{"nci weight with motion", scale.DialectNCI, scale.UnitKg, "\n01.234KG\r\nS10\r\x03", 0, "", true},
		{"nci one status byte", scale.DialectNCI, scale.UnitKg, "\nS0\r\x03", 0, "", true},
		{"nci follow bit on last byte", scale.DialectNCI, scale.UnitKg, "\nS0p\r\x03", 0, "", true},
		{"nci unknown command answer", scale.DialectNCI, scale.UnitKg, "\n?\r\x03", 0, "", true},
		{"nci no ETX", scale.DialectNCI, scale.UnitKg, "\nS00\r", 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := scale.Parse(tt.d, tt.u, 3, []byte(tt.in))
			if tt.garbled {
				if !errors.Is(err, scale.ErrGarbled) {
					t.Fatalf("Parse(%q) = %+v, %v; want ErrGarbled", tt.in, r, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := scale.ConditionOf(r.Err()); got != tt.cond {
				t.Fatalf("Parse(%q) condition %q (%+v), want %q", tt.in, got, r, tt.cond)
			}
			if tt.cond == "" && r.Grams != tt.grams {
				t.Fatalf("Parse(%q) = %d g, want %d", tt.in, r.Grams, tt.grams)
			}
		})
	}
}

// TestSimulatorRoundTrip: every state the simulator encodes parses back
// to the same weight or condition, in both dialects and units.
func TestSimulatorRoundTrip(t *testing.T) {
	for _, d := range []scale.Dialect{scale.DialectToledo8213, scale.DialectNCI} {
		for _, u := range []scale.Unit{scale.UnitKg, scale.UnitLb} {
			for _, st := range []scalesim.State{{Grams: 5}, {Grams: 1234}, {Grams: 14999}, {Grams: 0}, {Grams: 800, Motion: true}, {UnderZero: true}, {Grams: 20000, Over: true}} {
				r, err := scale.Parse(d, u, 3, scalesim.Encode(d, u, st))
				if err != nil {
					t.Fatalf("%s %s %+v: %v", d, u, st, err)
				}
				var want scale.Condition
				switch {
				case st.Over:
					want = scale.CondOverCapacity
				case st.UnderZero:
					want = scale.CondUnderZero
				case st.Motion:
					want = scale.CondMotion
				case st.Grams == 0:
					want = scale.CondEmpty
				}
				if got := scale.ConditionOf(r.Err()); got != want {
					t.Fatalf("%s %s %+v: condition %q want %q", d, u, st, got, want)
				}
				tol := int64(0)
				if u == scale.UnitLb {
					tol = 3 // a hundredth of a pound is 4.5 g
				}
				if want == "" && (r.Grams < st.Grams-tol || r.Grams > st.Grams+tol) {
					t.Fatalf("%s %s %+v: read %d g", d, u, st, r.Grams)
				}
			}
		}
	}
}

// FuzzParse feeds any bytes to both dialects: never a panic, a weight only
// from a stable reading, errors that are either garbled or a condition.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"\x0201.234\r", "\x02?A\r", "\x02?\xc4\r", "\n01.234KG\r\nS00\r\x03", "\nS10\r\x03", "\n00.500KG\r\nS0p0\r\x03", "\x02999999999\r", "\x02.\r"} {
		f.Add([]byte(s), true)
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, b []byte, nci bool) {
		d := scale.DialectToledo8213
		if nci {
			d = scale.DialectNCI
		}
		for _, u := range []scale.Unit{scale.UnitKg, scale.UnitLb} {
			r, err := scale.Parse(d, u, 3, b)
			if err != nil {
				if !errors.Is(err, scale.ErrGarbled) {
					t.Fatalf("error %v is not ErrGarbled", err)
				}
				continue
			}
			if r.Grams < 0 || (r.Grams > 0 && !r.Stable) {
				t.Fatalf("reading %+v from %q", r, b)
			}
			if e := r.Err(); e == nil && r.Grams <= 0 {
				t.Fatalf("no error for %+v", r)
			}
		}
	})
}
