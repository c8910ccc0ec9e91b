package scanner

import (
	"strings"
	"testing"
)

func TestFramer(t *testing.T) {
	tests := []struct {
		name           string
		prefix, suffix string
		chunks         []string
		want           []string
	}{
		{"CR", "", "", []string{"]E04006381333931\r"}, []string{"]E04006381333931"}},
		{"CR LF once", "", "", []string{"abc\r\n", "def\r\n"}, []string{"abc", "def"}},
		{"split chunks", "", "", []string{"]C1010", "9506000134352\r"}, []string{"]C10109506000134352"}},
		{"custom suffix and prefix", "\x02", "\x03", []string{"\x02one\x03\x02two", "\x03"}, []string{"one", "two"}},
		{"GS kept inside", "", "\r", []string{"]C110AB\x1d21C\r"}, []string{"]C110AB\x1d21C"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := framer{prefix: tt.prefix, suffix: tt.suffix}
			var got []string
			for _, c := range tt.chunks {
				fr, _ := f.feed([]byte(c))
				got = append(got, fr...)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("got %q want %q", got, tt.want)
			}
		})
	}
	f := framer{}
	if _, overflow := f.feed([]byte(strings.Repeat("x", maxFrame+1))); !overflow {
		t.Fatal("no overflow")
	}
}

// FuzzFramer checks that framing never panics, that frames hold no
// terminator and that split feeding gives the same frames.
func FuzzFramer(f *testing.F) {
	f.Add([]byte("]E04006381333931\r\n]C1010950600013435210AB\x1d21C\r"), 7)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		if len(b) > maxFrame {
			return // overflow drops depend on chunking by design
		}
		whole := framer{}
		a, _ := whole.feed(b)
		if cut < 0 {
			cut = -cut
		}
		cut %= len(b) + 1
		split := framer{}
		x, _ := split.feed(b[:cut])
		y, _ := split.feed(b[cut:])
		got := append(x, y...)
		if strings.Join(a, "\x00") != strings.Join(got, "\x00") {
			t.Fatalf("split at %d: %q vs %q", cut, a, got)
		}
		for _, fr := range a {
			if fr == "" || strings.ContainsAny(fr, "\r\n") {
				t.Fatalf("bad frame %q", fr)
			}
		}
	})
}
