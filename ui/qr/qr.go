// Package qr draws QR codes (ISO/IEC 18004, model 2) in byte mode, all 40
// versions and the four error-correction levels, in pure Go. The kiosk shows
// the receipt code with it so a customer can keep the receipt on a phone.
package qr

import (
	"errors"
	"image"
	"image/color"
)

// Level is an error-correction level.
type Level int

// Levels, from the least to the most redundancy (about 7, 15, 25 and 30 %
// of the symbol can be damaged).
const (
	L Level = iota
	M
	Q
	H
)

// formatBits are the two level bits of the format information.
var formatBits = [4]int{L: 1, M: 0, Q: 3, H: 2}

// ErrTooLong is returned when the text does not fit in version 40.
var ErrTooLong = errors.New("qr: text too long for a QR code")

// Code is a QR symbol: Size×Size modules, without the quiet zone.
type Code struct {
	// Version is 1..40; Size is 17 + 4×Version.
	Version int
	Size    int
	Level   Level
	// Mask is the data mask used, 0..7.
	Mask    int
	modules []bool
}

// Black reports whether the module at column x, row y is dark.
func (c *Code) Black(x, y int) bool {
	if x < 0 || y < 0 || x >= c.Size || y >= c.Size {
		return false
	}
	return c.modules[y*c.Size+x]
}

// Encode encodes text in byte mode (UTF-8) at level, in the smallest
// version it fits, with the mask of lowest penalty.
func Encode(text string, level Level) (*Code, error) {
	return encode([]byte(text), level, -1)
}

// EncodeMask is Encode with a chosen mask (0..7), for tests against other
// encoders.
func EncodeMask(text string, level Level, mask int) (*Code, error) {
	if mask < 0 || mask > 7 {
		return nil, errors.New("qr: mask is 0..7")
	}
	return encode([]byte(text), level, mask)
}

func encode(data []byte, level Level, mask int) (*Code, error) {
	if level < L || level > H {
		return nil, errors.New("qr: unknown level")
	}
	ver := 0
	for v := 1; v <= 40; v++ {
		if 4+countBits(v)+8*len(data) <= 8*dataCodewords(v, level) {
			ver = v
			break
		}
	}
	if ver == 0 {
		return nil, ErrTooLong
	}
	cw := addECC(dataStream(data, ver, level), ver, level)
	c := &Code{Version: ver, Size: 17 + 4*ver, Level: level}
	fn := c.drawFunction()
	c.drawCodewords(cw, fn)
	if mask < 0 {
		best := -1
		for m := 0; m < 8; m++ {
			c.applyMask(m, fn)
			c.drawFormat(m)
			if p := c.penalty(); best < 0 || p < best {
				best, mask = p, m
			}
			c.applyMask(m, fn) // undo
		}
	}
	c.Mask = mask
	c.applyMask(mask, fn)
	c.drawFormat(mask)
	return c, nil
}

// countBits is the length of the byte-mode character count.
func countBits(ver int) int {
	if ver <= 9 {
		return 8
	}
	return 16
}

// dataCodewords is how many data codewords version ver holds at level.
func dataCodewords(ver int, level Level) int {
	b := blockTable[ver-1][level]
	n := 0
	for i := 0; i+2 < len(b); i += 3 {
		n += b[i] * b[i+2]
	}
	return n
}

// dataStream is the mode, count, data, terminator and padding, as codewords.
func dataStream(data []byte, ver int, level Level) []byte {
	var bits []bool
	put := func(v, n int) {
		for i := n - 1; i >= 0; i-- {
			bits = append(bits, v>>i&1 == 1)
		}
	}
	put(4, 4) // byte mode
	put(len(data), countBits(ver))
	for _, b := range data {
		put(int(b), 8)
	}
	capBits := 8 * dataCodewords(ver, level)
	put(0, min(4, capBits-len(bits)))
	put(0, (8-len(bits)%8)%8)
	for pad := 0xEC; len(bits) < capBits; pad ^= 0xEC ^ 0x11 {
		put(pad, 8)
	}
	out := make([]byte, len(bits)/8)
	for i, b := range bits {
		if b {
			out[i/8] |= 0x80 >> (i % 8)
		}
	}
	return out
}

// addECC splits data into blocks, adds each block's Reed-Solomon codewords
// and interleaves them.
func addECC(data []byte, ver int, level Level) []byte {
	b := blockTable[ver-1][level]
	var blocks, eccs [][]byte
	for i := 0; i+2 < len(b); i += 3 {
		for range b[i] {
			d := data[:b[i+2]]
			data = data[b[i+2]:]
			blocks = append(blocks, d)
			eccs = append(eccs, rsRemainder(d, b[i+1]-b[i+2]))
		}
	}
	var out []byte
	for _, set := range [][][]byte{blocks, eccs} {
		for i := 0; ; i++ {
			took := false
			for _, blk := range set {
				if i < len(blk) {
					out = append(out, blk[i])
					took = true
				}
			}
			if !took {
				break
			}
		}
	}
	return out
}

// gfMul multiplies in GF(256) with the QR polynomial x⁸+x⁴+x³+x²+1.
func gfMul(x, y byte) byte {
	var z byte
	for i := 7; i >= 0; i-- {
		hi := z & 0x80
		z <<= 1
		if hi != 0 {
			z ^= 0x1D
		}
		if y>>i&1 == 1 {
			z ^= x
		}
	}
	return z
}

// rsRemainder returns the n error-correction codewords of data.
func rsRemainder(data []byte, n int) []byte {
	// Generator (x-α⁰)(x-α¹)…(x-αⁿ⁻¹), leading coefficient dropped.
	gen := make([]byte, n)
	gen[n-1] = 1
	root := byte(1)
	for range n {
		for j := range gen {
			gen[j] = gfMul(gen[j], root)
			if j+1 < n {
				gen[j] ^= gen[j+1]
			}
		}
		root = gfMul(root, 2)
	}
	rem := make([]byte, n)
	for _, b := range data {
		f := b ^ rem[0]
		copy(rem, rem[1:])
		rem[n-1] = 0
		for j := range rem {
			rem[j] ^= gfMul(gen[j], f)
		}
	}
	return rem
}

func (c *Code) set(x, y int, dark bool) { c.modules[y*c.Size+x] = dark }

// drawFunction draws the finder, timing and alignment patterns, the dark
// module and the version information, and reserves the format areas. It
// returns which modules are function modules.
func (c *Code) drawFunction() []bool {
	n := c.Size
	c.modules = make([]bool, n*n)
	fn := make([]bool, n*n)
	mark := func(x, y int, dark bool) {
		c.set(x, y, dark)
		fn[y*n+x] = true
	}
	for i := range n {
		mark(6, i, i%2 == 0)
		mark(i, 6, i%2 == 0)
	}
	for _, p := range [][2]int{{3, 3}, {n - 4, 3}, {3, n - 4}} {
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				x, y := p[0]+dx, p[1]+dy
				if x >= 0 && y >= 0 && x < n && y < n {
					d := max(abs(dx), abs(dy))
					mark(x, y, d != 2 && d != 4)
				}
			}
		}
	}
	pos := alignmentPositions(c.Version)
	for i, ax := range pos {
		for j, ay := range pos {
			last := len(pos) - 1
			if i == 0 && j == 0 || i == 0 && j == last || i == last && j == 0 {
				continue
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					mark(ax+dx, ay+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	// Format areas (drawn for real once the mask is chosen) and the dark module.
	for i := range 9 {
		if i != 6 { // the timing patterns cross here
			mark(8, i, false)
			mark(i, 8, false)
		}
	}
	for i := range 8 {
		mark(n-1-i, 8, false)
		mark(8, n-1-i, false)
	}
	mark(8, n-8, true)
	if c.Version >= 7 {
		rem := c.Version
		for range 12 {
			rem = rem<<1 ^ (rem>>11)*0x1F25
		}
		bits := c.Version<<12 | rem
		for i := range 18 {
			dark := bits>>i&1 == 1
			a, b := n-11+i%3, i/3
			mark(a, b, dark)
			mark(b, a, dark)
		}
	}
	return fn
}

// alignmentPositions returns the centre coordinates of the alignment patterns.
func alignmentPositions(ver int) []int {
	if ver == 1 {
		return nil
	}
	num := ver/7 + 2
	step := (ver*8 + num*3 + 5) / (num*4 - 4) * 2
	out := make([]int, num)
	out[0] = 6
	for i, p := num-1, 17+4*ver-7; i >= 1; i, p = i-1, p-step {
		out[i] = p
	}
	return out
}

// drawCodewords places the codewords in the zigzag order of the standard.
func (c *Code) drawCodewords(cw []byte, fn []bool) {
	n, i := c.Size, 0
	for right := n - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		for vert := range n {
			for j := range 2 {
				x := right - j
				y := vert
				if (right+1)&2 == 0 {
					y = n - 1 - vert
				}
				if !fn[y*n+x] && i < len(cw)*8 {
					c.set(x, y, cw[i/8]>>(7-i%8)&1 == 1)
					i++
				}
			}
		}
	}
}

// applyMask inverts the data modules where mask m says so (twice undoes it).
func (c *Code) applyMask(m int, fn []bool) {
	n := c.Size
	for y := range n {
		for x := range n {
			if fn[y*n+x] {
				continue
			}
			var inv bool
			switch m {
			case 0:
				inv = (x+y)%2 == 0
			case 1:
				inv = y%2 == 0
			case 2:
				inv = x%3 == 0
			case 3:
				inv = (x+y)%3 == 0
			case 4:
				inv = (x/3+y/2)%2 == 0
			case 5:
				inv = x*y%2+x*y%3 == 0
			case 6:
				inv = (x*y%2+x*y%3)%2 == 0
			case 7:
				inv = ((x+y)%2+x*y%3)%2 == 0
			}
			if inv {
				c.modules[y*n+x] = !c.modules[y*n+x]
			}
		}
	}
}

// formatInfo is the 15-bit format information of level and mask.
func formatInfo(level Level, mask int) int {
	data := formatBits[level]<<3 | mask
	rem := data
	for range 10 {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	return (data<<10 | rem) ^ 0x5412
}

// drawFormat writes the format information in both places.
func (c *Code) drawFormat(mask int) {
	n, bits := c.Size, formatInfo(c.Level, mask)
	bit := func(i int) bool { return bits>>i&1 == 1 }
	for i := range 6 {
		c.set(8, i, bit(i))
	}
	c.set(8, 7, bit(6))
	c.set(8, 8, bit(7))
	c.set(7, 8, bit(8))
	for i := 9; i < 15; i++ {
		c.set(14-i, 8, bit(i))
	}
	for i := range 8 {
		c.set(n-1-i, 8, bit(i))
	}
	for i := 8; i < 15; i++ {
		c.set(8, n-15+i, bit(i))
	}
	c.set(8, n-8, true)
}

// penalty scores the symbol by the four rules of the standard: long runs,
// 2×2 blocks, finder-like patterns and the dark/light balance.
func (c *Code) penalty() int {
	n, p := c.Size, 0
	line := func(get func(i int) bool) {
		run := 1
		for i := 1; i <= n; i++ {
			if i < n && get(i) == get(i-1) {
				run++
				continue
			}
			if run >= 5 {
				p += 3 + run - 5
			}
			run = 1
		}
		// 1:1:3:1:1 with four light modules on one side.
		pat := []bool{true, false, true, true, true, false, true}
		for i := 0; i+7 <= n; i++ {
			ok := true
			for k, want := range pat {
				if get(i+k) != want {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			light := func(from, to int) bool {
				for k := from; k < to; k++ {
					if k >= 0 && k < n && get(k) {
						return false
					}
				}
				return true
			}
			if light(i-4, i) || light(i+7, i+11) {
				p += 40
			}
		}
	}
	for y := range n {
		line(func(i int) bool { return c.Black(i, y) })
	}
	for x := range n {
		line(func(i int) bool { return c.Black(x, i) })
	}
	dark := 0
	for y := range n {
		for x := range n {
			b := c.Black(x, y)
			if b {
				dark++
			}
			if x+1 < n && y+1 < n && b == c.Black(x+1, y) && b == c.Black(x, y+1) && b == c.Black(x+1, y+1) {
				p += 3
			}
		}
	}
	total := n * n
	k := (abs(dark*20-total*10) + total - 1) / total // steps of 5 % away from 50 %
	return p + max(k-1, 0)*10
}

// Image draws the code with scale pixels per module and a quiet zone of
// quiet modules all round (the standard asks for 4), black on white.
func (c *Code) Image(scale, quiet int) *image.Gray {
	scale = max(scale, 1)
	side := (c.Size + 2*quiet) * scale
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y := range c.Size {
		for x := range c.Size {
			if !c.Black(x, y) {
				continue
			}
			for dy := range scale {
				for dx := range scale {
					img.SetGray((x+quiet)*scale+dx, (y+quiet)*scale+dy, color.Gray{})
				}
			}
		}
	}
	return img
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
