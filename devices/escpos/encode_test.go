package escpos

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestEncodeBytes(t *testing.T) {
	p := printer(t, "TM-T88V")
	tests := []struct {
		name string
		doc  *Document
		want []byte
	}{
		{"ascii only picks the first preferred page", (&Document{}).Line("Hi"),
			[]byte{esc, '@', esc, 't', 19, 'H', 'i', lf}},
		{"euro and eñe in CP858", (&Document{}).Line("ñ€"),
			[]byte{esc, '@', esc, 't', 19, 0xA4, 0xD5, lf}},
		{"bold centred double", (&Document{}).Text("A", Style{Bold: true, DoubleWidth: true, DoubleHeight: true, Align: AlignCenter}),
			[]byte{esc, '@', esc, 't', 19, esc, 'E', 1, gs, '!', 0x11, esc, 'a', 1, 'A', lf}},
		{"partial cut", (&Document{}).Cut(), []byte{esc, '@', esc, 't', 19, gs, 'V', 66, 3}},
		{"full cut", (&Document{}).Add(Cut{}), []byte{esc, '@', esc, 't', 19, gs, 'V', 65, 3}},
		{"drawer", (&Document{}).KickDrawer(), []byte{esc, '@', esc, 't', 19, esc, 'p', 0, 25, 250}},
		{"feed", (&Document{}).Feed(3), []byte{esc, '@', esc, 't', 19, esc, 'd', 3}},
		{"barcode", (&Document{}).Add(Barcode{Symbology: EAN13, Data: "8412345678905", Height: 50}),
			append([]byte{esc, '@', esc, 't', 19, gs, 'H', 2, gs, 'h', 50, gs, 'w', 2, gs, 'k', 67, 13}, append([]byte("8412345678905"), lf)...)},
		{"qr", (&Document{}).Add(QR{Data: "hi", Module: 4, ECC: 'Q'}),
			[]byte{esc, '@', esc, 't', 19,
				gs, '(', 'k', 4, 0, 49, 65, 50, 0,
				gs, '(', 'k', 3, 0, 49, 67, 4,
				gs, '(', 'k', 3, 0, 49, 69, 50,
				gs, '(', 'k', 5, 0, 49, 80, 48, 'h', 'i',
				gs, '(', 'k', 3, 0, 49, 81, 48, lf}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Encode(tt.doc, p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Fatalf("got  % x\nwant % x", got, tt.want)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name    string
		profile string
		doc     *Document
		want    error
	}{
		{"bad ean", "TM-T88V", (&Document{}).Barcode(EAN13, "12ab"), ErrInvalid},
		{"code128 non ascii", "TM-T88V", (&Document{}).Barcode(CODE128, "añ"), ErrInvalid},
		{"empty qr", "TM-T88V", (&Document{}).QR(""), ErrInvalid},
		{"feed too long", "TM-T88V", (&Document{}).Feed(300), ErrInvalid},
		{"nil block", "TM-T88V", (&Document{}).Add(nil), ErrInvalid},
		{"bad pin", "TM-T88V", (&Document{}).Add(DrawerKick{Pin: 3}), ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Encode(tt.doc, printer(t, tt.profile))
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// TestSpanishRoundTripEveryProfile encodes a Spanish/Portuguese receipt for
// every profile and decodes it back: every letter either survives or (when
// the profile has no code page with it) becomes its ASCII fold.
func TestSpanishRoundTripEveryProfile(t *testing.T) {
	const line = "Año: ñ á é í ó ú ü ç ã õ Ñ Ç €"
	for _, p := range catalog(t).Printers() {
		t.Run(p.ID, func(t *testing.T) {
			b, err := Encode((&Document{}).Line(line).Cut(), p)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Decode(b, p)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(strings.Fields(res.Text), " ") // narrow printers wrap
			gr, wr := []rune(got), []rune(line)
			if len(gr) != len(wr) {
				t.Fatalf("got %q want %q", got, line)
			}
			for i := range wr {
				if gr[i] != wr[i] && gr[i] != fold(wr[i]) {
					t.Errorf("rune %d: got %q want %q (or %q)", i, gr[i], wr[i], fold(wr[i]))
				}
			}
		})
	}
}

func TestSpanishExactOnCommonPrinters(t *testing.T) {
	const line = "Año: ñ á é í ó ú ü ç ã õ Ñ Ç €"
	for _, id := range []string{"default", "TM-T88V", "TM-T20II", "TM-m30III", "TM-T88IV", "RP-F10-80mm", "CT-S651"} {
		t.Run(id, func(t *testing.T) {
			p := printer(t, id)
			b, err := Encode((&Document{}).Line(line), p)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Decode(b, p)
			if err != nil || res.Text != line {
				t.Fatalf("got %q, %v; want %q", res.Text, err, line)
			}
		})
	}
}

func TestLayout(t *testing.T) {
	tests := []struct {
		name        string
		left, right string
		width       int
		want        []string
	}{
		{"fits", "Pan", "1,00 €", 12, []string{"Pan   1,00 €"}},
		{"exact", "Panes", "1,00 €", 12, []string{"Panes 1,00 €"}},
		{"right on its own line", "Pan de molde integral", "1,00 €", 12, []string{"Pan de molde", "integral", "      1,00 €"}},
		{"right after wrapped left", "Pan tostado x", "1,00 €", 12, []string{"Pan tostado", "x     1,00 €"}},
		{"long word broken", "Supercalifragilistico", "1 €", 10, []string{"Supercalif", "ragilistic", "o      1 €"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := columns(tt.left, tt.right, tt.width)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("got %q want %q", got, tt.want)
			}
		})
	}
}
