package scanner

import (
	"errors"
	"testing"

	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/scan"
)

func layout() profile.HIDPOSLayout {
	return profile.HIDPOSLayout{ReportID: 2, ReportLength: 64, LengthAt: 1, DataAt: 2, SymbologyAt: 58, SymbologyLen: 3, MoreAt: 63}
}

// report builds a 64-byte report with data, AIM id and the more flag.
func report(data, aim string, more bool) []byte {
	r := make([]byte, 64)
	r[0] = 2
	r[1] = byte(len(data))
	copy(r[2:], data)
	copy(r[58:], aim)
	if more {
		r[63] = 1
	}
	return r
}

func TestHIDPOS(t *testing.T) {
	long := "0109506000134352" + "10" + "ABCDEFGHIJKLMNOPQRST" + "\x1d" + "21" + "SERIAL00000000000001" + "\x1d" + "3103000500" // 70 bytes
	tests := []struct {
		name    string
		reports [][]byte
		want    string
	}{
		{"one report", [][]byte{report("4006381333931", "]E0", false)}, "]E04006381333931"},
		{"two reports", [][]byte{report(long[:56], "]C1", true), report(long[56:], "]C1", false)}, "]C1" + long},
		{"other report id ignored", [][]byte{{0x01, 0xFF}, report("96385074", "]E4", false)}, "]E496385074"},
		{"no AIM from device", [][]byte{report("ABC-1", "", false)}, "ABC-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHIDPOS(layout())
			var got []string
			for _, r := range tt.reports {
				s, err := h.Feed(r)
				if err != nil {
					t.Fatal(err)
				}
				if s != "" {
					got = append(got, s)
				}
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Fatalf("got %q want %q", got, tt.want)
			}
			if _, err := scan.Parse(got[0], scan.Options{}); err != nil && tt.name != "no AIM from device" {
				t.Fatalf("parse: %v", err)
			}
		})
	}
	h := NewHIDPOS(layout())
	bad := report("x", "", false)
	bad[1] = 60 // runs into the AIM bytes
	if _, err := h.Feed(bad); !errors.Is(err, ErrBadReport) {
		t.Fatalf("bad length: %v", err)
	}
	if _, err := h.Feed([]byte{2}); !errors.Is(err, ErrBadReport) {
		t.Fatalf("short report: %v", err)
	}
}

func FuzzHIDPOS(f *testing.F) {
	f.Add(report("4006381333931", "]E0", false), report("", "", false))
	f.Add(report("0109506000134352", "]C1", true), report("10AB", "]C1", false))
	f.Add([]byte{2, 200, 1}, []byte{})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		h := NewHIDPOS(layout())
		for _, r := range [][]byte{a, b} {
			s, err := h.Feed(r)
			if err == nil && s != "" {
				_, _ = scan.Parse(s, scan.Options{})
			}
		}
	})
}
