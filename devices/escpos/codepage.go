package escpos

import (
	"github.com/omnilane/omnilane/devices/profile"
)

// preferredCodePages lists, in order, the code pages tried first for text:
// each prints Spanish and Portuguese letters, the first three also the euro.
func preferredCodePages() []string {
	return []string{"CP858", "ISO_8859-15", "CP1252", "CP850", "CP860", "CP437"}
}

type charsetRef struct {
	n  int
	cs *profile.Charset
}

// candidates returns the profile's charsets, preferred ones first.
func candidates(p *profile.Printer) []charsetRef {
	nums := p.Charsets()
	out := make([]charsetRef, 0, len(nums))
	used := map[int]bool{}
	for _, name := range preferredCodePages() {
		for _, n := range nums {
			cs, _ := p.Charset(n)
			if cs.Name == name && !used[n] {
				out = append(out, charsetRef{n, cs})
				used[n] = true
				break
			}
		}
	}
	for _, n := range nums {
		if !used[n] {
			cs, _ := p.Charset(n)
			out = append(out, charsetRef{n, cs})
		}
	}
	return out
}

// chooseCodePage picks the candidate that can print the most of needed,
// preferring earlier candidates on a tie. It returns -1 when there is none.
func chooseCodePage(cands []charsetRef, needed []rune) int {
	best, bestScore := -1, -1
	for i, c := range cands {
		score := 0
		for _, r := range needed {
			if _, ok := c.cs.Encode(r); ok {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
		if score == len(needed) {
			break
		}
	}
	return best
}

// fold replaces a letter no code page can print with its closest ASCII.
func fold(r rune) rune {
	switch r {
	case 'á', 'à', 'â', 'ä', 'ã', 'å':
		return 'a'
	case 'Á', 'À', 'Â', 'Ä', 'Ã', 'Å':
		return 'A'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'É', 'È', 'Ê', 'Ë':
		return 'E'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'Í', 'Ì', 'Î', 'Ï':
		return 'I'
	case 'ó', 'ò', 'ô', 'ö', 'õ':
		return 'o'
	case 'Ó', 'Ò', 'Ô', 'Ö', 'Õ':
		return 'O'
	case 'ú', 'ù', 'û', 'ü':
		return 'u'
	case 'Ú', 'Ù', 'Û', 'Ü':
		return 'U'
	case 'ñ':
		return 'n'
	case 'Ñ':
		return 'N'
	case 'ç':
		return 'c'
	case 'Ç':
		return 'C'
	case '€':
		return 'E'
	case '¡':
		return '!'
	case '¿':
		return '?'
	case '\u00a0':
		return ' '
	case '‘', '’':
		return '\''
	case '“', '”', '«', '»':
		return '"'
	case '–', '—':
		return '-'
	}
	return '?'
}
