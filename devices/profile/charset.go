package profile

import (
	"fmt"
	"unicode/utf8"
)

// Encoding is one entry of firmware-profiles/codepages/encoding.json (the
// escpos-printer-db data/encoding.yml schema).
type Encoding struct {
	Name         string   `json:"name,omitempty"`
	Iconv        string   `json:"iconv,omitempty"`
	PythonEncode string   `json:"python_encode,omitempty"`
	Notes        string   `json:"notes,omitempty"`
	Data         []string `json:"data,omitempty"` // 8 rows of 16 characters for bytes 0x80-0xFF; " " = undefined
}

// Charset maps the bytes of a single-byte code page to runes and back. Bytes
// below 0x80 are ASCII.
type Charset struct {
	Name  string
	upper [128]rune
	rev   map[rune]byte
}

func newCharset(name string, e Encoding) (*Charset, error) {
	if len(e.Data) != 8 {
		return nil, fmt.Errorf("data: want 8 rows, got %d", len(e.Data))
	}
	c := &Charset{Name: name, rev: make(map[rune]byte, 128)}
	for i, row := range e.Data {
		if n := utf8.RuneCountInString(row); n != 16 {
			return nil, fmt.Errorf("data[%d]: want 16 characters, got %d", i, n)
		}
		j := 0
		for _, r := range row {
			b := byte(0x80 + i*16 + j)
			c.upper[b-0x80] = r
			if r != ' ' {
				if _, dup := c.rev[r]; !dup {
					c.rev[r] = b
				}
			}
			j++
		}
	}
	return c, nil
}

// Encode returns the byte for r, and false when the code page cannot print it.
func (c *Charset) Encode(r rune) (byte, bool) {
	if r >= 0x20 && r < 0x7F {
		return byte(r), true
	}
	b, ok := c.rev[r]
	return b, ok
}

// Decode returns the rune printed for byte b (U+FFFD for undefined bytes at or
// above 0x80; control bytes below 0x20 are returned unchanged).
func (c *Charset) Decode(b byte) rune {
	if b < 0x80 {
		return rune(b)
	}
	r := c.upper[b-0x80]
	if r == ' ' || r == 0 {
		return utf8.RuneError
	}
	return r
}
