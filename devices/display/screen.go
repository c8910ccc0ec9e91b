package display

import (
	"strings"
	"unicode/utf8"
)

// Charset maps a code page's bytes to runes (profile.Charset satisfies it).
type Charset interface {
	Decode(b byte) rune
}

// Screen is the state of a line display as decoded from its command bytes.
// Write accepts the stream in any split; unknown commands are skipped.
type Screen struct {
	Width, Height int
	// Charsets resolves ESC t n; nil or missing entries show U+FFFD for bytes ≥ 0x80.
	Charsets func(n int) (Charset, bool)

	cells   [][]rune
	x, y    int
	cs      Charset
	pending []byte
}

// NewScreen returns a blank width × height screen.
func NewScreen(width, height int, charsets func(int) (Charset, bool)) *Screen {
	s := &Screen{Width: width, Height: height, Charsets: charsets}
	s.clear()
	if charsets != nil {
		s.cs, _ = charsets(0)
	}
	return s
}

func (s *Screen) clear() {
	s.cells = make([][]rune, s.Height)
	for i := range s.cells {
		s.cells[i] = []rune(strings.Repeat(" ", s.Width))
	}
	s.x, s.y = 0, 0
}

// Lines returns the rows with trailing spaces removed.
func (s *Screen) Lines() []string {
	out := make([]string, s.Height)
	for i, row := range s.cells {
		out[i] = strings.TrimRight(string(row), " ")
	}
	return out
}

// Write decodes command bytes into the screen. It never fails.
func (s *Screen) Write(b []byte) (int, error) {
	s.pending = append(s.pending, b...)
	i := 0
	for i < len(s.pending) {
		n := s.step(s.pending[i:])
		if n == 0 {
			break
		}
		i += n
	}
	s.pending = append(s.pending[:0], s.pending[i:]...)
	return len(b), nil
}

func (s *Screen) put(r rune) {
	if s.x >= s.Width { // overwrite mode: wrap to the next line
		s.x = 0
		s.y = (s.y + 1) % s.Height
	}
	s.cells[s.y][s.x] = r
	s.x++
}

// step handles one item at the start of b, returning its length or 0 if incomplete.
func (s *Screen) step(b []byte) int {
	c := b[0]
	switch {
	case c >= 0x20 && c < 0x7F:
		s.put(rune(c))
		return 1
	case c >= 0x80:
		r := utf8.RuneError
		if s.cs != nil {
			r = s.cs.Decode(c)
		}
		s.put(r)
		return 1
	case c == ff:
		s.clear()
	case c == cr:
		s.x = 0
	case c == lf:
		s.y = (s.y + 1) % s.Height
	case c == bs:
		if s.x > 0 {
			s.x--
		}
	case c == ht:
		if s.x < s.Width {
			s.x++
		}
	case c == esc:
		if len(b) < 2 {
			return 0
		}
		switch b[1] {
		case '@':
			s.clear()
			if s.Charsets != nil {
				s.cs, _ = s.Charsets(0)
			}
			return 2
		case 't', 'R', '=':
			if len(b) < 3 {
				return 0
			}
			if b[1] == 't' {
				s.cs = nil
				if s.Charsets != nil {
					s.cs, _ = s.Charsets(int(b[2]))
				}
			}
			return 3
		}
		return 2
	case c == us:
		if len(b) < 2 {
			return 0
		}
		switch b[1] {
		case '$':
			if len(b) < 4 {
				return 0
			}
			x, y := int(b[2])-1, int(b[3])-1
			if x >= 0 && x < s.Width && y >= 0 && y < s.Height {
				s.x, s.y = x, y
			}
			return 4
		case 'C', 'E', 'X', 'r', 'T':
			if len(b) < 3 {
				return 0
			}
			return 3
		case 0x01, 0x02, 0x03:
			return 2
		}
		return 2
	}
	return 1
}
