package escpos

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/omnilane/omnilane/devices/profile"
)

// ErrUnsupported is returned when a document asks for something the printer
// profile cannot do and that has no safe fallback (e.g. a drawer kick).
var ErrUnsupported = errors.New("not supported by this printer profile")

// ErrInvalid is returned for a block whose data cannot be encoded.
var ErrInvalid = errors.New("invalid document block")

// defaultColumns is used when the profile does not know its font width.
const defaultColumns = 42

// Encode renders doc as ESC/POS for the printer described by p (Star Line
// mode when the profile's command set is "star"): ESC @, a code page chosen
// from the profile (ESC t) so that the document's letters print, then the
// blocks. Characters no code page of the profile can print are
// replaced by their closest ASCII letter or '?'.
func Encode(doc *Document, p *profile.Printer) ([]byte, error) {
	if p == nil {
		return nil, fmt.Errorf("encode: %w: nil profile", ErrInvalid)
	}
	e := newEncoder(p)
	e.start(doc)
	for i, b := range doc.Blocks {
		if err := e.block(b); err != nil {
			return nil, fmt.Errorf("encode block %d (%T): %w", i, b, err)
		}
	}
	return e.buf, nil
}

// LineWidth returns the characters per line of font A for p, falling back to
// 42 when the profile does not say.
func LineWidth(p *profile.Printer) int {
	if n, ok := p.Columns(0); ok {
		return n
	}
	return defaultColumns
}

type encoder struct {
	star  bool // Star Line mode instead of ESC/POS
	p     *profile.Printer
	buf   []byte
	width int
	cands []charsetRef
	cur   int // index into cands, -1 when no code page is selected
	style Style
}

func newEncoder(p *profile.Printer) *encoder {
	return &encoder{p: p, star: p.Star(), buf: make([]byte, 0, 2048), width: LineWidth(p), cur: -1}
}

func (e *encoder) start(doc *Document) {
	e.buf = append(e.buf, esc, '@')
	e.cands = candidates(e.p)
	var needed []rune
	seen := map[rune]bool{}
	add := func(s string) {
		for _, r := range s {
			if r >= 0x80 && !seen[r] {
				seen[r] = true
				needed = append(needed, r)
			}
		}
	}
	for _, b := range doc.Blocks {
		switch b := b.(type) {
		case Text:
			add(b.Text)
		case Columns:
			add(b.Left)
			add(b.Right)
		case Separator:
			add(string(b.Char))
		}
	}
	if i := chooseCodePage(e.cands, needed); i >= 0 {
		e.selectPage(i)
	}
}

func (e *encoder) selectPage(i int) {
	e.cur = i
	if e.star {
		e.buf = append(e.buf, esc, gs, 't', byte(e.cands[i].n))
		return
	}
	e.buf = append(e.buf, esc, 't', byte(e.cands[i].n))
}

// text writes s in the current code page, switching page for a rune the
// current one lacks and folding runes no page has.
func (e *encoder) text(s string) {
	for _, r := range s {
		if r < 0x80 {
			if r >= 0x20 && r != 0x7F {
				e.buf = append(e.buf, byte(r))
			}
			continue
		}
		if e.cur >= 0 {
			if b, ok := e.cands[e.cur].cs.Encode(r); ok {
				e.buf = append(e.buf, b)
				continue
			}
			if i := e.pageFor(r); i >= 0 {
				e.selectPage(i)
				b, _ := e.cands[i].cs.Encode(r)
				e.buf = append(e.buf, b)
				continue
			}
		}
		e.buf = append(e.buf, byte(fold(r)))
	}
}

func (e *encoder) pageFor(r rune) int {
	for i, c := range e.cands {
		if _, ok := c.cs.Encode(r); ok {
			return i
		}
	}
	return -1
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func (e *encoder) setStyle(st Style) {
	if e.star {
		e.starStyle(st)
		return
	}
	if st.Bold != e.style.Bold {
		e.buf = append(e.buf, esc, 'E', boolByte(st.Bold))
	}
	if st.Underline != e.style.Underline {
		e.buf = append(e.buf, esc, '-', boolByte(st.Underline))
	}
	if st.DoubleWidth != e.style.DoubleWidth || st.DoubleHeight != e.style.DoubleHeight {
		var n byte
		if st.DoubleWidth {
			n |= 0x10
		}
		if st.DoubleHeight {
			n |= 0x01
		}
		e.buf = append(e.buf, gs, '!', n)
	}
	if st.Align != e.style.Align {
		e.buf = append(e.buf, esc, 'a', byte(st.Align))
	}
	e.style = st
}

func (e *encoder) lineWidth(st Style) int {
	if st.DoubleWidth {
		return e.width / 2
	}
	return e.width
}

func (e *encoder) block(b Block) error {
	switch b := b.(type) {
	case Text:
		e.setStyle(b.Style)
		for _, para := range strings.Split(b.Text, "\n") {
			for _, l := range wrap(para, e.lineWidth(b.Style)) {
				e.text(l)
				e.buf = append(e.buf, lf)
			}
		}
	case Columns:
		st := b.Style
		st.Align = AlignLeft
		e.setStyle(st)
		for _, l := range columns(b.Left, b.Right, e.lineWidth(st)) {
			e.text(l)
			e.buf = append(e.buf, lf)
		}
	case Separator:
		c := b.Char
		if c == 0 {
			c = '-'
		}
		e.setStyle(Style{})
		e.text(strings.Repeat(string(c), e.width))
		e.buf = append(e.buf, lf)
	case Feed:
		if b.Lines < 0 || b.Lines > 255 {
			return fmt.Errorf("%w: feed of %d lines", ErrInvalid, b.Lines)
		}
		if b.Lines > 0 && e.star {
			e.buf = append(e.buf, esc, 'a', byte(b.Lines))
		} else if b.Lines > 0 {
			e.buf = append(e.buf, esc, 'd', byte(b.Lines))
		}
	case QR:
		return e.qr(b)
	case Barcode:
		return e.barcode(b)
	case Cut:
		e.cut(b)
	case DrawerKick:
		return e.drawer(b)
	case Image:
		return e.image(b)
	case nil:
		return fmt.Errorf("%w: nil block", ErrInvalid)
	default:
		return fmt.Errorf("%w: unknown block type %T", ErrInvalid, b)
	}
	return nil
}

func (e *encoder) qr(q QR) error {
	if q.Data == "" || len(q.Data) > 7089 {
		return fmt.Errorf("%w: QR data of %d bytes", ErrInvalid, len(q.Data))
	}
	if !e.p.Feature("qrCode") {
		return e.block(Text{Text: q.Data, Style: Style{Align: q.Align}})
	}
	module := q.Module
	if module == 0 {
		module = 6
	}
	if module < 1 || module > 16 {
		return fmt.Errorf("%w: QR module size %d", ErrInvalid, q.Module)
	}
	ecc := map[byte]byte{'L': 48, 'M': 49, 'Q': 50, 'H': 51, 0: 49}[q.ECC]
	if ecc == 0 {
		return fmt.Errorf("%w: QR error correction %q", ErrInvalid, q.ECC)
	}
	e.setStyle(Style{Align: q.Align})
	if e.star {
		e.starQR(q, module, ecc)
		return nil
	}
	n := len(q.Data) + 3
	e.buf = append(e.buf,
		gs, '(', 'k', 4, 0, 49, 65, 50, 0, // model 2
		gs, '(', 'k', 3, 0, 49, 67, byte(module), // module size
		gs, '(', 'k', 3, 0, 49, 69, ecc, // error correction
		gs, '(', 'k', byte(n), byte(n>>8), 49, 80, 48) // store
	e.buf = append(e.buf, q.Data...)
	e.buf = append(e.buf, gs, '(', 'k', 3, 0, 49, 81, 48, lf) // print
	return nil
}

func validBarcode(b Barcode) error {
	digits := func(min, max int) error {
		if len(b.Data) < min || len(b.Data) > max {
			return fmt.Errorf("%w: %s needs %d-%d digits, got %q", ErrInvalid, b.Symbology, min, max, b.Data)
		}
		for _, c := range []byte(b.Data) {
			if c < '0' || c > '9' {
				return fmt.Errorf("%w: %s takes digits only, got %q", ErrInvalid, b.Symbology, b.Data)
			}
		}
		return nil
	}
	switch b.Symbology {
	case UPCA:
		return digits(11, 12)
	case UPCE:
		return digits(6, 12)
	case EAN13:
		return digits(12, 13)
	case EAN8:
		return digits(7, 8)
	case ITF:
		if len(b.Data)%2 != 0 {
			return fmt.Errorf("%w: ITF needs an even number of digits", ErrInvalid)
		}
		return digits(2, 254)
	case CODE39, CODABAR, CODE93, CODE128:
		if b.Data == "" || len(b.Data) > 250 {
			return fmt.Errorf("%w: %s data of %d bytes", ErrInvalid, b.Symbology, len(b.Data))
		}
		for _, r := range b.Data {
			if r < 0x20 || r > 0x7E {
				return fmt.Errorf("%w: %s takes printable ASCII only", ErrInvalid, b.Symbology)
			}
		}
		if !utf8.ValidString(b.Data) {
			return fmt.Errorf("%w: %s data is not valid text", ErrInvalid, b.Symbology)
		}
		return nil
	}
	return fmt.Errorf("%w: unknown symbology %d", ErrInvalid, b.Symbology)
}

func (e *encoder) barcode(b Barcode) error {
	if err := validBarcode(b); err != nil {
		return err
	}
	height := b.Height
	if height == 0 {
		height = 80
	}
	if height < 1 || height > 255 {
		return fmt.Errorf("%w: barcode height %d", ErrInvalid, b.Height)
	}
	if e.star {
		e.setStyle(Style{Align: b.Align})
		if e.starBarcode(b, height) {
			return nil
		}
		return e.block(Text{Text: b.Data, Style: Style{Align: b.Align}})
	}
	formatA := !e.p.Feature("barcodeB") && e.p.Feature("barcodeA") && b.Symbology <= CODABAR
	if !e.p.Feature("barcodeB") && !formatA {
		return e.block(Text{Text: b.Data, Style: Style{Align: b.Align}})
	}
	e.setStyle(Style{Align: b.Align})
	e.buf = append(e.buf, gs, 'H', 2, gs, 'h', byte(height), gs, 'w', 2)
	data := b.Data
	if b.Symbology == CODE128 {
		data = "{B" + strings.ReplaceAll(data, "{", "{{")
	}
	if formatA {
		e.buf = append(e.buf, gs, 'k', byte(b.Symbology-UPCA))
		e.buf = append(e.buf, data...)
		e.buf = append(e.buf, nul, lf)
		return nil
	}
	e.buf = append(e.buf, gs, 'k', byte(b.Symbology), byte(len(data)))
	e.buf = append(e.buf, data...)
	e.buf = append(e.buf, lf)
	return nil
}

func (e *encoder) cut(c Cut) {
	part, full := e.p.Feature("paperPartCut"), e.p.Feature("paperFullCut")
	e.setStyle(Style{})
	if e.star {
		switch {
		case c.Partial && part, !full && part:
			e.buf = append(e.buf, esc, 'd', 3)
		case full:
			e.buf = append(e.buf, esc, 'd', 2)
		default:
			e.buf = append(e.buf, esc, 'a', 6)
		}
		return
	}
	switch {
	case c.Partial && part, !full && part:
		e.buf = append(e.buf, gs, 'V', 66, 3)
	case full:
		e.buf = append(e.buf, gs, 'V', 65, 3)
	default:
		// No cutter: feed the receipt out so it can be torn off.
		e.buf = append(e.buf, esc, 'd', 6)
	}
}

func (e *encoder) drawer(d DrawerKick) error {
	if d.Pin != 0 && d.Pin != 1 {
		return fmt.Errorf("%w: drawer pin %d", ErrInvalid, d.Pin)
	}
	switch {
	case e.star && d.Pin == 0:
		e.buf = append(e.buf, bel) // Star: drive external device 1
	case e.star:
		return fmt.Errorf("drawer pin %d on a Star printer: %w", d.Pin, ErrUnsupported)
	case e.p.Feature("pulseStandard"):
		// ESC p m t1 t2: on for 25×2 ms, off for 250×2 ms.
		e.buf = append(e.buf, esc, 'p', byte(d.Pin), 25, 250)
	case e.p.Feature("pulseBel") && d.Pin == 0:
		e.buf = append(e.buf, bel)
	default:
		return fmt.Errorf("drawer kick: %w", ErrUnsupported)
	}
	return nil
}
