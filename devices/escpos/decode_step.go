package escpos

import (
	"fmt"
	"strings"
)

// step decodes one item at the start of b (at stream offset off) and returns
// how many bytes it used, or 0 when b holds only part of a command.
func (d *Decoder) step(b []byte, off int64) int {
	c := b[0]
	switch {
	case c >= 0x20 && c != 0x7F:
		d.char(c)
		return 1
	case c == lf:
		d.endLine()
		return 1
	case c == ff:
		d.endLine()
		return 1
	case c == ht:
		for {
			d.line = append(d.line, ' ')
			if len(d.line)%8 == 0 {
				break
			}
		}
		return 1
	case c == bel:
		d.emit(Command{Kind: KindDrawerKick, Offset: off, End: off + 1})
		return 1
	case c == esc:
		return d.escape(b, off)
	case c == gs:
		return d.group(b, off)
	case c == dle:
		return d.realtime(b, off)
	case c == fs:
		return d.fsCommand(b, off)
	}
	return 1 // CR, CAN, NUL, other control bytes: no visible effect
}

// need returns whether b holds at least n bytes.
func need(b []byte, n int) bool { return len(b) >= n }

func (d *Decoder) simple(k Kind, n int, off int64, size int) int {
	d.emit(Command{Kind: k, N: n, Offset: off, End: off + int64(size)})
	return size
}

func (d *Decoder) escape(b []byte, off int64) int {
	if !need(b, 2) {
		return 0
	}
	if d.star {
		if n := d.starEscape(b, off); n >= 0 {
			return n
		}
	}
	one := func() (int, bool) { // ESC x n
		if !need(b, 3) {
			return 0, false
		}
		return int(b[2]), true
	}
	switch b[1] {
	case '@':
		if len(d.line) > 0 {
			d.line = d.line[:0] // ESC @ clears the print buffer
		}
		d.reset()
		return d.simple(KindInit, 0, off, 2)
	case 't':
		n, ok := one()
		if !ok {
			return 0
		}
		d.page = nil
		if d.p != nil {
			d.page, _ = d.p.Charset(n)
		}
		return d.simple(KindCodePage, n, off, 3)
	case 'E', 'G':
		n, ok := one()
		if !ok {
			return 0
		}
		d.bold = n&1 == 1
		return d.simple(KindBold, n&1, off, 3)
	case '-':
		n, ok := one()
		if !ok {
			return 0
		}
		return d.simple(KindUnderline, n, off, 3)
	case '!':
		n, ok := one()
		if !ok {
			return 0
		}
		d.bold = n&0x08 != 0
		d.dw = n&0x20 != 0
		return d.simple(KindSize, n, off, 3)
	case 'a':
		n, ok := one()
		if !ok {
			return 0
		}
		switch n {
		case 0, '0':
			d.align = AlignLeft
		case 1, '1':
			d.align = AlignCenter
		case 2, '2':
			d.align = AlignRight
		}
		return d.simple(KindAlign, int(d.align), off, 3)
	case 'd':
		n, ok := one()
		if !ok {
			return 0
		}
		if n > 0 || len(d.line) > 0 {
			d.endLine()
			for i := 1; i < n; i++ {
				d.endLine()
			}
		}
		return d.simple(KindFeed, n, off, 3)
	case 'J':
		if _, ok := one(); !ok {
			return 0
		}
		if len(d.line) > 0 {
			d.endLine()
		}
		return d.simple(KindFeed, 0, off, 3)
	case 'p':
		if !need(b, 5) {
			return 0
		}
		pin := int(b[2] & 1) // m is 0, 1, 48 or 49
		return d.simple(KindDrawerKick, pin, off, 5)
	case 'i', 'm':
		if len(d.line) > 0 {
			d.endLine()
		}
		d.emit(Command{Kind: KindCut, Partial: true, N: int(b[1]), Offset: off, End: off + 2})
		return 2
	case '2', '<', 'L', 'S':
		return d.simple(KindOther, 0, off, 2)
	case '3', 'M', 'R', '{', 'V', ' ', '=', 'r', 'e', 'U', 'T', '%', '?', 'c':
		if b[1] == 'c' { // ESC c 3 n, ESC c 4 n, ESC c 5 n
			if !need(b, 4) {
				return 0
			}
			return d.simple(KindOther, int(b[3]), off, 4)
		}
		n, ok := one()
		if !ok {
			return 0
		}
		return d.simple(KindOther, n, off, 3)
	case '$', '\\':
		if !need(b, 4) {
			return 0
		}
		return d.simple(KindOther, 0, off, 4)
	case 'W':
		if !need(b, 10) {
			return 0
		}
		return d.simple(KindOther, 0, off, 10)
	case '*': // ESC * m nL nH d1…dk
		if !need(b, 5) {
			return 0
		}
		k := int(b[3]) + int(b[4])<<8
		if b[2] == 32 || b[2] == 33 {
			k *= 3
		}
		if !need(b, 5+k) {
			return 0
		}
		d.marker("[image]")
		return d.simple(KindImage, 0, off, 5+k)
	}
	d.emit(Command{Kind: KindUnknown, N: int(b[1]), Offset: off, End: off + 2})
	return 2
}

func (d *Decoder) group(b []byte, off int64) int {
	if !need(b, 2) {
		return 0
	}
	one := func() (int, bool) {
		if !need(b, 3) {
			return 0, false
		}
		return int(b[2]), true
	}
	switch b[1] {
	case '!':
		n, ok := one()
		if !ok {
			return 0
		}
		d.dw = n&0x70 != 0
		return d.simple(KindSize, n, off, 3)
	case 'V':
		if !need(b, 3) {
			return 0
		}
		m := b[2]
		size := 3
		switch m {
		case 65, 66, 97, 98, 103, 104:
			size = 4
		}
		if !need(b, size) {
			return 0
		}
		if len(d.line) > 0 {
			d.endLine()
		}
		partial := m == 1 || m == 49 || m == 66 || m == 98 || m == 104
		d.emit(Command{Kind: KindCut, N: int(m), Partial: partial, Offset: off, End: off + int64(size)})
		return size
	case 'k':
		return d.barcode(b, off)
	case '(':
		return d.parenCommand(b, off)
	case 'v': // GS v 0 m xL xH yL yH d…
		if !need(b, 8) {
			return 0
		}
		k := (int(b[4]) + int(b[5])<<8) * (int(b[6]) + int(b[7])<<8)
		if !need(b, 8+k) {
			return 0
		}
		d.marker("[image]")
		return d.simple(KindImage, 0, off, 8+k)
	case '*': // GS * x y d…(x*y*8)
		if !need(b, 4) {
			return 0
		}
		k := int(b[2]) * int(b[3]) * 8
		if !need(b, 4+k) {
			return 0
		}
		return d.simple(KindImage, 0, off, 4+k)
	case '8': // GS 8 L p1 p2 p3 p4 m fn …
		if !need(b, 7) {
			return 0
		}
		k := int(b[3]) | int(b[4])<<8 | int(b[5])<<16 | int(b[6])<<24
		if k < 0 || k > 1<<24 {
			return d.simple(KindUnknown, '8', off, 7)
		}
		if !need(b, 7+k) {
			return 0
		}
		return d.simple(KindImage, 0, off, 7+k)
	case 'a':
		n, ok := one()
		if !ok {
			return 0
		}
		return d.simple(KindASB, n, off, 3)
	case 'r', 'I':
		n, ok := one()
		if !ok {
			return 0
		}
		d.emit(Command{Kind: KindTransmit, N: int(b[1])<<8 | n, Offset: off, End: off + 3})
		return 3
	case 'B', 'b', 'h', 'w', 'H', 'f', 'E', '/', 'T':
		n, ok := one()
		if !ok {
			return 0
		}
		return d.simple(KindOther, n, off, 3)
	case 'L', 'W', '$', '\\', 'P':
		if !need(b, 4) {
			return 0
		}
		return d.simple(KindOther, 0, off, 4)
	case ':':
		return d.simple(KindOther, 0, off, 2)
	}
	d.emit(Command{Kind: KindUnknown, N: gs<<8 | int(b[1]), Offset: off, End: off + 2})
	return 2
}

func (d *Decoder) barcode(b []byte, off int64) int {
	if !need(b, 3) {
		return 0
	}
	m := b[2]
	var data []byte
	var size int
	if m <= 6 { // function A: NUL-terminated
		end := -1
		for i := 3; i < len(b) && i < 3+256; i++ {
			if b[i] == nul {
				end = i
				break
			}
		}
		if end < 0 {
			if len(b) < 3+256 {
				return 0
			}
			return d.simple(KindUnknown, int(m), off, 3)
		}
		data, size = b[3:end], end+1
		m += 65
	} else {
		if !need(b, 4) {
			return 0
		}
		n := int(b[3])
		if !need(b, 4+n) {
			return 0
		}
		data, size = b[4:4+n], 4+n
	}
	s := string(data)
	if Symbology(m) == CODE128 && len(s) >= 2 && s[0] == '{' {
		s = strings.ReplaceAll(s[2:], "{{", "{")
	}
	d.marker(fmt.Sprintf("[%s %s]", Symbology(m), s))
	d.emit(Command{Kind: KindBarcode, N: int(m), Data: s, Offset: off, End: off + int64(size)})
	return size
}

// parenCommand decodes GS ( x pL pH …, which all carry their length.
func (d *Decoder) parenCommand(b []byte, off int64) int {
	if !need(b, 5) {
		return 0
	}
	k := int(b[3]) + int(b[4])<<8
	if !need(b, 5+k) {
		return 0
	}
	size := 5 + k
	body := b[5:size]
	switch b[2] {
	case 'k':
		if len(body) >= 2 && body[0] == 49 { // QR code
			switch body[1] {
			case 80:
				if len(body) >= 3 {
					d.qrData = string(body[3:])
				}
			case 81:
				d.marker("[QR " + d.qrData + "]")
				d.emit(Command{Kind: KindQR, Data: d.qrData, Offset: off, End: off + int64(size)})
				return size
			}
		}
		return d.simple(KindOther, int(b[2]), off, size)
	case 'L':
		return d.simple(KindImage, 0, off, size)
	}
	return d.simple(KindOther, int(b[2]), off, size)
}

func (d *Decoder) realtime(b []byte, off int64) int {
	if !need(b, 2) {
		return 0
	}
	switch b[1] {
	case eot:
		if !need(b, 3) {
			return 0
		}
		return d.simple(KindStatusRequest, int(b[2]), off, 3)
	case enq:
		if !need(b, 3) {
			return 0
		}
		return d.simple(KindRealtime, int(b[2]), off, 3)
	case dc4:
		if !need(b, 3) {
			return 0
		}
		if b[2] == 1 { // DLE DC4 1 m t: real-time drawer pulse
			if !need(b, 5) {
				return 0
			}
			return d.simple(KindDrawerKick, int(b[3]&1), off, 5)
		}
		size := 5
		switch b[2] {
		case 7:
			size = 4
		case 8:
			size = 10
		}
		if !need(b, size) {
			return 0
		}
		return d.simple(KindRealtime, int(b[2]), off, size)
	}
	return 1 // a lone DLE is ignored
}

func (d *Decoder) fsCommand(b []byte, off int64) int {
	if !need(b, 2) {
		return 0
	}
	switch b[1] {
	case '.', '&':
		return d.simple(KindOther, 0, off, 2)
	case '!', 'C', '-', 'S':
		if !need(b, 3) {
			return 0
		}
		return d.simple(KindOther, int(b[2]), off, 3)
	case 'p':
		if !need(b, 4) {
			return 0
		}
		d.marker("[image]")
		return d.simple(KindImage, int(b[2]), off, 4)
	}
	d.emit(Command{Kind: KindUnknown, N: fs<<8 | int(b[1]), Offset: off, End: off + 2})
	return 2
}
