package escpos

import (
	"errors"
	"testing"
)

func TestStatusBytesRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		s     Status
		bytes [4]byte // replies to DLE EOT 1..4
		err   error
	}{
		{"ready", Status{}, [4]byte{0x12, 0x12, 0x12, 0x12}, nil},
		{"paper low still ready", Status{PaperLow: true}, [4]byte{0x12, 0x12, 0x12, 0x1E}, nil},
		{"paper out", Status{PaperOut: true}, [4]byte{0x1A, 0x32, 0x12, 0x72}, ErrPaperOut},
		{"cover open", Status{CoverOpen: true}, [4]byte{0x1A, 0x16, 0x12, 0x12}, ErrCoverOpen},
		{"cutter", Status{CutterError: true}, [4]byte{0x12, 0x52, 0x1A, 0x12}, ErrPrinterError},
		{"offline", Status{Offline: true}, [4]byte{0x1A, 0x12, 0x12, 0x12}, ErrOffline},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Status
			for n := byte(1); n <= 4; n++ {
				b := tt.s.Byte(n)
				if b != tt.bytes[n-1] {
					t.Errorf("DLE EOT %d: byte %#02x want %#02x", n, b, tt.bytes[n-1])
				}
				if err := got.Apply(n, b); err != nil {
					t.Fatal(err)
				}
			}
			if !errors.Is(got.Err(), tt.err) {
				t.Errorf("Err() = %v want %v (status %s)", got.Err(), tt.err, got)
			}
		})
	}
	var s Status
	if err := s.Apply(1, 0xFF); !errors.Is(err, ErrBadStatus) {
		t.Errorf("bad fixed bits: %v", err)
	}
}
