package escpos

import (
	"strings"
	"unicode/utf8"
)

// wrap splits s into lines of at most width runes, breaking at spaces where
// possible. An empty s gives one empty line.
func wrap(s string, width int) []string {
	if width <= 0 || utf8.RuneCountInString(s) <= width {
		return []string{s}
	}
	var lines []string
	words := strings.Fields(s)
	var cur []rune
	for _, w := range words {
		wr := []rune(w)
		for len(wr) > width { // a word longer than the line is broken hard
			if len(cur) > 0 {
				lines = append(lines, string(cur))
				cur = cur[:0]
			}
			lines = append(lines, string(wr[:width]))
			wr = wr[width:]
		}
		switch {
		case len(cur) == 0:
			cur = append(cur, wr...)
		case len(cur)+1+len(wr) <= width:
			cur = append(cur, ' ')
			cur = append(cur, wr...)
		default:
			lines = append(lines, string(cur))
			cur = append(cur[:0:0], wr...)
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// columns lays out left and right on lines of width runes.
func columns(left, right string, width int) []string {
	ln, rn := utf8.RuneCountInString(left), utf8.RuneCountInString(right)
	if ln+1+rn <= width || width <= 0 {
		return []string{left + strings.Repeat(" ", max(1, width-ln-rn)) + right}
	}
	lines := wrap(left, width)
	last := lines[len(lines)-1]
	lastN := utf8.RuneCountInString(last)
	if lastN+1+rn <= width {
		lines[len(lines)-1] = last + strings.Repeat(" ", width-lastN-rn) + right
		return lines
	}
	if rn < width {
		right = strings.Repeat(" ", width-rn) + right
	}
	return append(lines, right)
}
