package escpos

import (
	"bytes"
	"errors"
	"testing"
)

func TestASBPackets(t *testing.T) {
	if got := EnableASB(ASBAll); !bytes.Equal(got, []byte{0x1D, 'a', 0x0F}) {
		t.Fatalf("EnableASB = % x", got)
	}
	for _, tc := range []struct {
		s    Status
		want [4]byte
	}{
		{Status{}, [4]byte{0x10, 0, 0, 0}},
		{Status{PaperLow: true}, [4]byte{0x10, 0, 0x03, 0}},
		{Status{PaperOut: true, PaperLow: true, Offline: true}, [4]byte{0x18, 0, 0x0F, 0}},
		{Status{CoverOpen: true, Offline: true}, [4]byte{0x38, 0, 0, 0}},
		{Status{DrawerHigh: true, FeedButton: true}, [4]byte{0x54, 0, 0, 0}},
		{Status{Error: true, CutterError: true, Offline: true}, [4]byte{0x18, 0x0C, 0, 0}},
	} {
		got := tc.s.ASB()
		if got != tc.want {
			t.Errorf("%v: ASB = % x, want % x", tc.s, got, tc.want)
		}
		back, err := ParseASB(got[:])
		if err != nil {
			t.Fatal(err)
		}
		if back != tc.s {
			t.Errorf("ParseASB(% x) = %+v, want %+v", got, back, tc.s)
		}
		if !IsASBHeader(got[0]) || IsStatusReply(got[0]) {
			t.Errorf("% x: header not told apart from a DLE EOT reply", got)
		}
	}
	// Every DLE EOT reply is distinguishable from an ASB header.
	for n := byte(1); n <= 4; n++ {
		b := Status{PaperOut: true, CoverOpen: true, Error: true}.Byte(n)
		if IsASBHeader(b) || !IsStatusReply(b) {
			t.Errorf("DLE EOT %d reply %#02x looks like an ASB header", n, b)
		}
	}
}

func TestParseASBRejectsMalformed(t *testing.T) {
	for _, p := range [][]byte{
		nil,
		{0x10, 0, 0},
		{0x10, 0, 0, 0, 0},
		{0x12, 0, 0, 0}, // a DLE EOT reply, not an ASB header
		{0x00, 0, 0, 0}, // bit 4 clear
		{0x90, 0, 0, 0}, // bit 7 set
		{0x11, 0, 0, 0}, // bit 0 set
		{0x10, 0x10, 0, 0},
		{0x10, 0, 0x80, 0},
		{0x10, 0, 0, 0x10},
	} {
		if s, err := ParseASB(p); !errors.Is(err, ErrBadStatus) {
			t.Errorf("ParseASB(% x) = %v, %v; want ErrBadStatus", p, s, err)
		}
	}
}

func FuzzParseASB(f *testing.F) {
	for _, s := range []Status{{}, {PaperOut: true}, {CoverOpen: true, Offline: true}} {
		p := s.ASB()
		f.Add(p[:])
	}
	f.Add([]byte{0x12})
	f.Add([]byte{0x10, 0xFF, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, p []byte) {
		s, err := ParseASB(p)
		if err != nil {
			if !errors.Is(err, ErrBadStatus) {
				t.Fatalf("error does not wrap ErrBadStatus: %v", err)
			}
			return
		}
		if len(p) != ASBLen || !IsASBHeader(p[0]) || IsStatusReply(p[0]) {
			t.Fatalf("accepted % x", p)
		}
		// What it parsed encodes to a packet that parses the same.
		again := s.ASB()
		s2, err := ParseASB(again[:])
		if err != nil || s2.ASB() != again {
			t.Fatalf("% x -> %+v -> % x -> %+v, %v", p, s, again, s2, err)
		}
		if s.Error != (p[1]&0x6C != 0) {
			t.Fatalf("% x: Error = %v", p, s.Error)
		}
	})
}
