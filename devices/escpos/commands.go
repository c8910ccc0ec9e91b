package escpos

// Control bytes used by the encoder and decoder.
const (
	nul = 0x00
	bel = 0x07
	ht  = 0x09
	lf  = 0x0A
	ff  = 0x0C
	cr  = 0x0D
	dle = 0x10
	eot = 0x04
	enq = 0x05
	dc4 = 0x14
	can = 0x18
	esc = 0x1B
	fs  = 0x1C
	gs  = 0x1D
)

// StatusRequest returns DLE EOT n, the real-time status request for
// n = 1 (printer), 2 (offline cause), 3 (error cause) or 4 (paper sensor).
func StatusRequest(n byte) []byte { return []byte{dle, eot, n} }

// RealtimeDrawerPulse returns DLE DC4 1 m t: pulse drawer pin 2 (pin 0) or 5
// (pin 1) for t×100 ms now, even while the printer is offline (paper out,
// cover open), which ESC p is not.
func RealtimeDrawerPulse(pin int, t byte) []byte {
	return []byte{dle, dc4, 1, byte(pin & 1), max(1, min(t, 8))}
}
