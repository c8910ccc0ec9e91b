package escpos

// Align is the horizontal alignment of a block.
type Align uint8

// Alignments, numbered as ESC a n expects them.
const (
	AlignLeft   Align = 0
	AlignCenter Align = 1
	AlignRight  Align = 2
)

// Style is how text is printed.
type Style struct {
	Bold         bool
	Underline    bool
	DoubleWidth  bool // halves the characters per line
	DoubleHeight bool
	Align        Align
}

// Block is one element of a Document: Text, Columns, Separator, Feed, QR,
// Barcode, Image, Cut or DrawerKick.
type Block interface{ block() }

// Text is one or more lines of text; "\n" starts a new line and long lines
// are word-wrapped to the printer's line width.
type Text struct {
	Text  string
	Style Style
}

// Columns is a "left … right" line: Left is flush left and Right flush right
// on the same line, sized from the profile's font width. A Left too long to
// fit is wrapped and Right goes at the end of its last line (or the next).
type Columns struct {
	Left, Right string
	Style       Style // Align is ignored
}

// Separator is a full-width line of one character ('-' when zero).
type Separator struct {
	Char rune
}

// Feed advances the paper by Lines empty lines.
type Feed struct {
	Lines int
}

// QR is a QR code (model 2). On printers without QR support the data is
// printed as text instead.
type QR struct {
	Data   string
	Module int  // module size in dots 1-16; 0 means 6
	ECC    byte // 'L', 'M' (default), 'Q' or 'H'
	Align  Align
}

// Symbology is a one-dimensional barcode type.
type Symbology uint8

// Barcode symbologies, numbered as GS k m (function B) expects them.
const (
	UPCA    Symbology = 65
	UPCE    Symbology = 66
	EAN13   Symbology = 67
	EAN8    Symbology = 68
	CODE39  Symbology = 69
	ITF     Symbology = 70
	CODABAR Symbology = 71
	CODE93  Symbology = 72
	CODE128 Symbology = 73
)

// String returns the symbology name.
func (s Symbology) String() string {
	switch s {
	case UPCA:
		return "UPC-A"
	case UPCE:
		return "UPC-E"
	case EAN13:
		return "EAN-13"
	case EAN8:
		return "EAN-8"
	case CODE39:
		return "CODE39"
	case ITF:
		return "ITF"
	case CODABAR:
		return "CODABAR"
	case CODE93:
		return "CODE93"
	case CODE128:
		return "CODE128"
	}
	return "barcode"
}

// Barcode is a one-dimensional barcode with its human-readable text below.
type Barcode struct {
	Symbology Symbology
	Data      string // for CODE128, plain data (code set B is selected for you)
	Height    int    // dots; 0 means 80
	Align     Align
}

// Cut feeds the paper past the cutter and cuts it; Partial leaves a hinge
// when the profile supports it.
type Cut struct {
	Partial bool
}

// DrawerKick pulses the cash drawer connector (ESC p). Pin 0 is connector
// pin 2 (the usual drawer), 1 is pin 5.
type DrawerKick struct {
	Pin int
}

func (Text) block()       {}
func (Columns) block()    {}
func (Separator) block()  {}
func (Feed) block()       {}
func (QR) block()         {}
func (Barcode) block()    {}
func (Cut) block()        {}
func (DrawerKick) block() {}

// Document is a receipt (or any slip) to print, independent of the printer.
// Build it with the chaining methods or by appending Blocks.
type Document struct {
	Blocks []Block
}

// Add appends blocks and returns d.
func (d *Document) Add(b ...Block) *Document {
	d.Blocks = append(d.Blocks, b...)
	return d
}

// Text appends a text block in the given style.
func (d *Document) Text(s string, st Style) *Document { return d.Add(Text{Text: s, Style: st}) }

// Line appends a plain left-aligned line.
func (d *Document) Line(s string) *Document { return d.Add(Text{Text: s}) }

// Columns appends a "left … right" line.
func (d *Document) Columns(left, right string, st Style) *Document {
	return d.Add(Columns{Left: left, Right: right, Style: st})
}

// Separator appends a full-width line of '-'.
func (d *Document) Separator() *Document { return d.Add(Separator{}) }

// Feed appends n empty lines.
func (d *Document) Feed(n int) *Document { return d.Add(Feed{Lines: n}) }

// QR appends a centred QR code.
func (d *Document) QR(data string) *Document { return d.Add(QR{Data: data, Align: AlignCenter}) }

// Barcode appends a centred barcode.
func (d *Document) Barcode(s Symbology, data string) *Document {
	return d.Add(Barcode{Symbology: s, Data: data, Align: AlignCenter})
}

// Cut appends a partial cut (a full cut where the profile has no partial cut).
func (d *Document) Cut() *Document { return d.Add(Cut{Partial: true}) }

// KickDrawer appends a cash drawer pulse on pin 2.
func (d *Document) KickDrawer() *Document { return d.Add(DrawerKick{}) }
