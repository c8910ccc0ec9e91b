package escpos

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzDecode checks that any byte stream decodes without panicking, that
// decoding in two pieces equals decoding at once, and that command offsets
// are ordered and within the stream.
func FuzzDecode(f *testing.F) {
	p := printer(f, "TM-T88V")
	seed, _ := Encode(sampleReceipt(), p)
	f.Add(seed, 10)
	f.Add([]byte{esc, 't', 19, 0xA4, 0xD5, lf, gs, 'V', 66, 3}, 3)
	f.Add([]byte{gs, '(', 'k', 0xFF, 0xFF, 49}, 1)
	f.Add([]byte{gs, 'v', '0', 0, 0xFF, 0xFF, 0xFF, 0xFF}, 4)
	f.Add([]byte{gs, '8', 'L', 0xFF, 0xFF, 0xFF, 0x7F}, 2)
	f.Add([]byte{gs, 'k', 1, 'a', 'b'}, 1)
	f.Add([]byte{dle, dc4, 8, 1, 2, 3}, 2)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		whole, errWhole := Decode(b, p)
		d := NewDecoder(p)
		if cut < 0 {
			cut = -cut
		}
		if len(b) > 0 {
			cut %= len(b) + 1
		} else {
			cut = 0
		}
		_, _ = d.Write(b[:cut])
		_, _ = d.Write(b[cut:])
		split := d.Flush()
		if (d.Pending() > 0) != (errWhole != nil) {
			t.Fatalf("pending %d but err %v", d.Pending(), errWhole)
		}
		if !reflect.DeepEqual(whole, split) {
			t.Fatalf("split at %d differs", cut)
		}
		var last int64
		for _, c := range whole.Commands {
			if c.Offset < last || c.End <= c.Offset || c.End > int64(len(b)) {
				t.Fatalf("bad offsets %+v (prev end %d, len %d)", c, last, len(b))
			}
			last = c.End
		}
		if !utf8.ValidString(whole.Text) {
			t.Fatalf("decoded text is not UTF-8")
		}
	})
}

// FuzzEncodeText checks that any text encodes and decodes back to itself
// (or its ASCII fold) on a printer with CP858.
func FuzzEncodeText(f *testing.F) {
	p := printer(f, "TM-T88V")
	f.Add("Año: ñ á é í ó ú ü ç ã õ €")
	f.Add("日本語 and Ελληνικά")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\n") {
			return
		}
		b, err := Encode((&Document{}).Add(Text{Text: s}), p)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Decode(b, p)
		if err != nil {
			t.Fatal(err)
		}
		got := []rune(noSpace(res.Text)) // wrapping moves spaces and line breaks
		want := []rune(noSpace(clean(s)))
		if len(got) != len(want) {
			t.Fatalf("got %q want %q", string(got), string(want))
		}
		for i := range want {
			if got[i] != want[i] && got[i] != fold(want[i]) {
				t.Fatalf("rune %d: got %q want %q", i, got[i], want[i])
			}
		}
	})
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == ' ' {
			return -1
		}
		return r
	}, s)
}

// clean drops the control characters the encoder drops.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return -1
		}
		return r
	}, s)
}

// FuzzDecodeStar runs the decoder in Star Line mode on any bytes.
func FuzzDecodeStar(f *testing.F) {
	p := printer(f, "TSP600")
	seed, _ := Encode(sampleReceipt(), p)
	f.Add(seed)
	f.Add([]byte{esc, 'b', 6, '2', '2', 80, 'A', rs})
	f.Add([]byte{esc, gs, 'y', 'D', '1', 0, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, b []byte) {
		res, _ := Decode(b, p)
		if !utf8.ValidString(res.Text) {
			t.Fatal("decoded text is not UTF-8")
		}
		var last int64
		for _, c := range res.Commands {
			if c.Offset < last || c.End <= c.Offset || c.End > int64(len(b)) {
				t.Fatalf("bad offsets %+v", c)
			}
			last = c.End
		}
	})
}
