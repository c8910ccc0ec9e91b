package escpos

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/omnilane/omnilane/devices/profile"
)

// ErrTruncated is returned by Decode when the bytes end inside a command.
var ErrTruncated = errors.New("escpos: stream ends inside a command")

// Kind names a decoded command.
type Kind string

// Command kinds reported by the Decoder.
const (
	KindInit          Kind = "init"           // ESC @
	KindCodePage      Kind = "codepage"       // ESC t n
	KindBold          Kind = "bold"           // ESC E n / ESC G n
	KindUnderline     Kind = "underline"      // ESC - n
	KindSize          Kind = "size"           // GS ! n / ESC ! n
	KindAlign         Kind = "align"          // ESC a n
	KindFeed          Kind = "feed"           // ESC d n (lines) / ESC J n (dots)
	KindCut           Kind = "cut"            // GS V
	KindDrawerKick    Kind = "drawer-kick"    // ESC p m t1 t2 (or BEL)
	KindQR            Kind = "qr"             // GS ( k print, Data is the payload
	KindBarcode       Kind = "barcode"        // GS k, Data is the content
	KindImage         Kind = "image"          // GS v 0, ESC *, GS ( L, FS p
	KindStatusRequest Kind = "status-request" // DLE EOT n (answer one byte)
	KindASB           Kind = "asb"            // GS a n automatic status back
	KindTransmit      Kind = "transmit"       // GS r n / GS I n (answer requested)
	KindRealtime      Kind = "realtime"       // DLE ENQ, DLE DC4
	KindOther         Kind = "other"          // a known command with no effect on text
	KindUnknown       Kind = "unknown"        // an escape sequence this decoder does not know
)

// Command is one command seen in the stream.
type Command struct {
	Kind    Kind
	N       int    // main argument: code page, cut/size mode, symbology, status n, pin…
	Data    string // QR payload or barcode content
	Partial bool   // for KindCut
	Offset  int64  // byte offset of the command's first byte in the stream
	End     int64  // byte offset just past the command
}

// Result is what a stream decoded to.
type Result struct {
	Text     string    // printed text, lines joined by "\n", alignment rendered with spaces
	Commands []Command // every command, in order
}

// Decode decodes a complete ESC/POS stream for the printer p (nil means the
// default profile behaviour: CP437 only when p has no table).
func Decode(b []byte, p *profile.Printer) (Result, error) {
	d := NewDecoder(p)
	_, _ = d.Write(b)
	r := d.Flush()
	if d.Pending() > 0 {
		return r, ErrTruncated
	}
	return r, nil
}

// Decoder decodes an ESC/POS byte stream incrementally: Write may split a
// command anywhere. Each complete command is passed to OnCommand (if set) as
// soon as it is seen, which is how a simulator answers DLE EOT in time.
type Decoder struct {
	// OnCommand, if non-nil, is called for every command as it is decoded.
	OnCommand func(Command)

	p       *profile.Printer
	star    bool
	width   int
	pending []byte
	offset  int64 // stream offset of pending[0]
	page    *profile.Charset

	bold, dw bool
	align    Align
	line     []rune
	lines    []string
	cmds     []Command
	qrData   string
}

// NewDecoder returns a Decoder for printer p (Star Line mode when its command
// set is "star"); p may be nil (42 columns, code
// page bytes decoded as CP437 would be unknown, so shown as U+FFFD).
func NewDecoder(p *profile.Printer) *Decoder {
	d := &Decoder{p: p, width: defaultColumns}
	if p != nil {
		d.width = LineWidth(p)
		d.star = p.Star()
	}
	d.reset()
	return d
}

func (d *Decoder) reset() {
	d.bold, d.dw, d.align = false, false, AlignLeft
	d.page = nil
	if d.p != nil {
		d.page, _ = d.p.Charset(0)
	}
}

// Pending returns how many bytes are held back waiting for the rest of a command.
func (d *Decoder) Pending() int { return len(d.pending) }

// Write feeds bytes to the decoder. It never fails.
func (d *Decoder) Write(b []byte) (int, error) {
	d.pending = append(d.pending, b...)
	i := 0
	for i < len(d.pending) {
		n := d.step(d.pending[i:], d.offset+int64(i))
		if n == 0 { // incomplete command: wait for more bytes
			break
		}
		i += n
	}
	d.offset += int64(i)
	d.pending = append(d.pending[:0], d.pending[i:]...)
	return len(b), nil
}

// Flush ends the current line if it has text and returns (and forgets) the
// text and commands decoded since the last Flush. The printer state (code
// page, styles) is kept.
func (d *Decoder) Flush() Result {
	if len(d.line) > 0 {
		d.endLine()
	}
	r := Result{Text: strings.Join(d.lines, "\n"), Commands: d.cmds}
	d.lines, d.cmds = nil, nil
	return r
}

func (d *Decoder) emit(c Command) {
	d.cmds = append(d.cmds, c)
	if d.OnCommand != nil {
		d.OnCommand(c)
	}
}

// endLine renders the current line with its alignment.
func (d *Decoder) endLine() {
	w := d.width
	if d.dw {
		w /= 2
	}
	s := strings.TrimRight(string(d.line), " ")
	n := utf8.RuneCountInString(s)
	if n > 0 && n < w {
		switch d.align {
		case AlignCenter:
			s = strings.Repeat(" ", (w-n)/2) + s
		case AlignRight:
			s = strings.Repeat(" ", w-n) + s
		}
	}
	d.lines = append(d.lines, s)
	d.line = d.line[:0]
}

// marker writes a bracketed placeholder line for something printed as graphics.
func (d *Decoder) marker(s string) {
	if len(d.line) > 0 {
		d.endLine()
	}
	d.line = append(d.line, []rune(s)...)
	d.endLine()
}

func (d *Decoder) char(b byte) {
	if b < 0x80 {
		d.line = append(d.line, rune(b))
		return
	}
	if d.page == nil {
		d.line = append(d.line, utf8.RuneError)
		return
	}
	d.line = append(d.line, d.page.Decode(b))
}
