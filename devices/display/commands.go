package display

// Line-display command bytes (ESC/POS customer display command set).
const (
	bs  = 0x08 // cursor left
	ht  = 0x09 // cursor right
	lf  = 0x0A // cursor down
	ff  = 0x0C // clear screen, cursor home
	cr  = 0x0D // cursor to the left end
	esc = 0x1B
	us  = 0x1F
)

// Encode returns the bytes that show lines on a display of the given size,
// each line padded or cut to width, in code page cp (nil: ASCII with '?').
// It selects the code page with ESC t when cpNumber >= 0, overwrite mode
// (US 1) and hides the cursor (US C 0), then writes each row after moving
// the cursor to its start (US $ 1 row).
func Encode(lines []string, width, height int, cp interface {
	Encode(rune) (byte, bool)
}, cpNumber int) []byte {
	out := make([]byte, 0, 16+width*height+4*height)
	if cpNumber >= 0 {
		out = append(out, esc, 't', byte(cpNumber))
	}
	out = append(out, us, 0x01, us, 'C', 0)
	for row := 0; row < height; row++ {
		var text string
		if row < len(lines) {
			text = lines[row]
		}
		out = append(out, us, '$', 1, byte(row+1))
		n := 0
		for _, r := range text {
			if n == width {
				break
			}
			b := byte('?')
			if r >= 0x20 && r < 0x7F {
				b = byte(r)
			} else if cp != nil {
				if e, ok := cp.Encode(r); ok {
					b = e
				}
			}
			out = append(out, b)
			n++
		}
		for ; n < width; n++ {
			out = append(out, ' ')
		}
	}
	return out
}
