package escpos

// Star Line mode, used for profiles whose command set is "star" (the
// escpos-printer-db starCommands feature). Written from the Star Line Mode
// command specification; the decoder below reads the same subset:
//
//	ESC @              initialise
//	ESC GS t n         code page (Star numbering, as in the profile)
//	ESC E / ESC F      bold on / off
//	ESC - n            underline
//	ESC i n1 n2        character expansion (height, width multipliers − 1)
//	ESC GS a n         alignment 0 left, 1 centre, 2 right
//	ESC a n            feed n lines
//	ESC d n            cut: 0 full, 1 partial, 2 feed + full, 3 feed + partial
//	BEL                drive drawer 1
//	ESC b n1 n2 n3 n4 data RS   barcode
//	ESC GS y S 0/1/2 n, ESC GS y D 1 m nL nH data, ESC GS y P   QR code

const rs = 0x1E

// starBarcodeType maps a symbology to Star's ESC b type, and back.
func starBarcodeType(s Symbology) (byte, bool) {
	switch s {
	case UPCE:
		return 0, true
	case UPCA:
		return 1, true
	case EAN8:
		return 2, true
	case EAN13:
		return 3, true
	case CODE39:
		return 4, true
	case ITF:
		return 5, true
	case CODE128:
		return 6, true
	case CODE93:
		return 7, true
	case CODABAR:
		return 8, true
	}
	return 0, false
}

func starSymbology(n byte) Symbology {
	for _, s := range []Symbology{UPCE, UPCA, EAN8, EAN13, CODE39, ITF, CODE128, CODE93, CODABAR} {
		if t, _ := starBarcodeType(s); t == n {
			return s
		}
	}
	return 0
}

func (e *encoder) starStyle(st Style) {
	if st.Bold != e.style.Bold {
		if st.Bold {
			e.buf = append(e.buf, esc, 'E')
		} else {
			e.buf = append(e.buf, esc, 'F')
		}
	}
	if st.Underline != e.style.Underline {
		e.buf = append(e.buf, esc, '-', boolByte(st.Underline))
	}
	if st.DoubleWidth != e.style.DoubleWidth || st.DoubleHeight != e.style.DoubleHeight {
		e.buf = append(e.buf, esc, 'i', boolByte(st.DoubleHeight), boolByte(st.DoubleWidth))
	}
	if st.Align != e.style.Align {
		e.buf = append(e.buf, esc, gs, 'a', byte(st.Align))
	}
	e.style = st
}

func (e *encoder) starQR(q QR, module int, ecc byte) {
	e.buf = append(e.buf,
		esc, gs, 'y', 'S', '0', 2, // model 2
		esc, gs, 'y', 'S', '1', ecc-48, // error correction 0-3
		esc, gs, 'y', 'S', '2', byte(min(module, 8)), // cell size 1-8
		esc, gs, 'y', 'D', '1', 0, byte(len(q.Data)), byte(len(q.Data)>>8))
	e.buf = append(e.buf, q.Data...)
	e.buf = append(e.buf, esc, gs, 'y', 'P', lf)
}

func (e *encoder) starBarcode(b Barcode, height int) bool {
	t, ok := starBarcodeType(b.Symbology)
	if !ok {
		return false
	}
	e.buf = append(e.buf, esc, 'b', t, '2', '2', byte(height)) // HRI below + LF, module mode 2
	e.buf = append(e.buf, b.Data...)
	e.buf = append(e.buf, rs, lf)
	return true
}

// starEscape decodes the Star Line mode sequences after ESC (b[0] == ESC).
// It returns -1 when b[1] is not a Star-specific command (the ESC/POS table
// then applies for the shared ones such as ESC @ and ESC -).
func (d *Decoder) starEscape(b []byte, off int64) int {
	switch b[1] {
	case 'E', 'F':
		d.bold = b[1] == 'E'
		return d.simple(KindBold, int(boolByte(d.bold)), off, 2)
	case 'i':
		if !need(b, 4) {
			return 0
		}
		d.dw = b[3] > 0
		return d.simple(KindSize, int(b[2])<<4|int(b[3]), off, 4)
	case 'a':
		if !need(b, 3) {
			return 0
		}
		n := int(b[2])
		if n > 0 || len(d.line) > 0 {
			d.endLine()
			for i := 1; i < n; i++ {
				d.endLine()
			}
		}
		return d.simple(KindFeed, n, off, 3)
	case 'd':
		if !need(b, 3) {
			return 0
		}
		if len(d.line) > 0 {
			d.endLine()
		}
		m := b[2]
		d.emit(Command{Kind: KindCut, N: int(m), Partial: m == 1 || m == 3 || m == '1' || m == '3', Offset: off, End: off + 3})
		return 3
	case 'b':
		if !need(b, 6) {
			return 0
		}
		end := -1
		for i := 6; i < len(b) && i < 6+256; i++ {
			if b[i] == rs {
				end = i
				break
			}
		}
		if end < 0 {
			if len(b) < 6+256 {
				return 0
			}
			return d.simple(KindUnknown, 'b', off, 6)
		}
		sym := starSymbology(b[2])
		s := string(b[6:end])
		d.marker("[" + sym.String() + " " + s + "]")
		d.emit(Command{Kind: KindBarcode, N: int(sym), Data: s, Offset: off, End: off + int64(end+1)})
		return end + 1
	case gs:
		return d.starGS(b, off)
	}
	return -1
}

func (d *Decoder) starGS(b []byte, off int64) int {
	if !need(b, 3) {
		return 0
	}
	switch b[2] {
	case 't':
		if !need(b, 4) {
			return 0
		}
		n := int(b[3])
		d.page = nil
		if d.p != nil {
			d.page, _ = d.p.Charset(n)
		}
		return d.simple(KindCodePage, n, off, 4)
	case 'a':
		if !need(b, 4) {
			return 0
		}
		if b[3] <= 2 {
			d.align = Align(b[3])
		}
		return d.simple(KindAlign, int(d.align), off, 4)
	case 'y':
		if !need(b, 4) {
			return 0
		}
		switch b[3] {
		case 'S':
			if !need(b, 6) {
				return 0
			}
			return d.simple(KindOther, int(b[5]), off, 6)
		case 'D':
			if !need(b, 8) {
				return 0
			}
			n := int(b[6]) | int(b[7])<<8
			if !need(b, 8+n) {
				return 0
			}
			d.qrData = string(b[8 : 8+n])
			return d.simple(KindOther, 0, off, 8+n)
		case 'P':
			d.marker("[QR " + d.qrData + "]")
			d.emit(Command{Kind: KindQR, Data: d.qrData, Offset: off, End: off + 4})
			return 4
		}
		return d.simple(KindUnknown, 'y', off, 4)
	}
	return d.simple(KindUnknown, int(b[2]), off, 3)
}
