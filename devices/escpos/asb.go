package escpos

import "fmt"

// Automatic status back (ASB): after GS a n with n ≠ 0 an ESC/POS printer
// sends a 4-byte status packet at once and again whenever one of the
// enabled conditions changes, without being asked.
//
//	byte 1: bit 2 drawer pin 3 high, bit 3 offline, bit 5 cover open, bit 6 paper fed by the feed button
//	byte 2: bit 2 mechanical error, bit 3 autocutter error, bit 5 unrecoverable error, bit 6 auto-recoverable error
//	byte 3: bits 0-1 roll paper near end, bits 2-3 roll paper end
//	byte 4: reserved
//
// Byte 1 has bits 0, 1 and 7 clear and bit 4 set; bytes 2-4 have bits 4
// and 7 clear. A DLE EOT reply is one byte with bits 1 and 4 set, so the
// first byte of a packet and a DLE EOT reply tell themselves apart (see
// IsASBHeader and IsStatusReply).

// ASBLen is the length of an automatic status back packet.
const ASBLen = 4

// ASB enable bits for GS a n.
const (
	ASBDrawer byte = 0x01 // drawer kick-out connector pin 3
	ASBOnline byte = 0x02 // online/offline (cover, feed button)
	ASBError  byte = 0x04 // errors
	ASBPaper  byte = 0x08 // roll paper sensors
	ASBAll         = ASBDrawer | ASBOnline | ASBError | ASBPaper
	asbFixed1      = 0x10 // byte 1: bit 4 set, bits 0, 1, 7 clear
	asbMask1       = 0x93
	asbMaskN       = 0x90 // bytes 2-4: bits 4 and 7 clear
)

// EnableASB returns GS a n: n = 0 disables automatic status back, any other
// value enables it for the conditions its bits select (ASBAll for all).
func EnableASB(n byte) []byte { return []byte{gs, 'a', n} }

// IsASBHeader reports whether b can start an ASB packet.
func IsASBHeader(b byte) bool { return b&asbMask1 == asbFixed1 }

// IsStatusReply reports whether b has the fixed bits of a DLE EOT reply.
func IsStatusReply(b byte) bool { return b&statusMask == statusFixed }

// ASB returns the packet a printer in status s sends with automatic status
// back enabled for every condition.
func (s Status) ASB() [ASBLen]byte {
	p := [ASBLen]byte{asbFixed1, 0, 0, 0}
	set := func(i int, cond bool, bits byte) {
		if cond {
			p[i] |= bits
		}
	}
	set(0, s.DrawerHigh, 0x04)
	set(0, s.Offline || s.CoverOpen || s.PaperOut || s.Error || s.CutterError || s.Unrecoverable || s.AutoRecoverable, 0x08)
	set(0, s.CoverOpen, 0x20)
	set(0, s.FeedButton, 0x40)
	set(1, s.Error, 0x04)
	set(1, s.CutterError, 0x08)
	set(1, s.Unrecoverable, 0x20)
	set(1, s.AutoRecoverable, 0x40)
	set(2, s.PaperLow, 0x03)
	set(2, s.PaperOut, 0x0C)
	return p
}

// ParseASB parses one automatic status back packet (exactly ASBLen bytes).
// It fails with an error wrapping ErrBadStatus when p has the wrong length
// or a fixed bit is wrong (for example a DLE EOT reply where a packet was
// expected). Error is set for any error bit, as DLE EOT 2 bit 6 would be.
func ParseASB(p []byte) (Status, error) {
	if len(p) != ASBLen {
		return Status{}, fmt.Errorf("%w: ASB packet of %d bytes (% x), want %d", ErrBadStatus, len(p), p, ASBLen)
	}
	if !IsASBHeader(p[0]) {
		return Status{}, fmt.Errorf("%w: ASB byte 1 is %#02x (% x)", ErrBadStatus, p[0], p)
	}
	for i := 1; i < ASBLen; i++ {
		if p[i]&asbMaskN != 0 {
			return Status{}, fmt.Errorf("%w: ASB byte %d is %#02x (% x)", ErrBadStatus, i+1, p[i], p)
		}
	}
	s := Status{
		DrawerHigh:      p[0]&0x04 != 0,
		Offline:         p[0]&0x08 != 0,
		CoverOpen:       p[0]&0x20 != 0,
		FeedButton:      p[0]&0x40 != 0,
		CutterError:     p[1]&0x08 != 0,
		Unrecoverable:   p[1]&0x20 != 0,
		AutoRecoverable: p[1]&0x40 != 0,
		PaperLow:        p[2]&0x03 != 0,
		PaperOut:        p[2]&0x0C != 0,
	}
	s.Error = p[1]&0x04 != 0 || s.CutterError || s.Unrecoverable || s.AutoRecoverable
	return s, nil
}
