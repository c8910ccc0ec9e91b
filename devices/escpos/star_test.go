package escpos

import (
	"bytes"
	"strings"
	"testing"
)

func TestStarLineMode(t *testing.T) {
	p := printer(t, "TSP600")
	if !p.Star() {
		t.Fatal("TSP600 should use Star commands")
	}
	b, err := Encode(sampleReceipt(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range [][]byte{
		{esc, '@', esc, gs, 't', 4}, // CP858 is Star code page 4
		{esc, 'E'},                  // bold on
		{esc, gs, 'a', 1},           // centre
		{esc, 'i', 1, 1},            // double size
		{esc, 'd', 3},               // partial cut
		{bel},                       // drawer
		{esc, gs, 'y', 'P'},         // QR print
	} {
		if !bytes.Contains(b, want) {
			t.Errorf("Star output lacks % x", want)
		}
	}
	if bytes.Contains(b, []byte{gs, 'V'}) || bytes.Contains(b, []byte{esc, 'p'}) {
		t.Error("ESC/POS cut or drawer command in Star output")
	}
	res, err := Decode(b, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Panadería Muñoz", "Pingüino de azúcar", "6,35 €", "[QR https://id.example.com/01/08412345678905]", "[CODE128 L01-000042]"} {
		if !strings.Contains(res.Text, want) {
			t.Errorf("decoded Star text lacks %q:\n%s", want, res.Text)
		}
	}
	var kinds []Kind
	for _, c := range res.Commands {
		switch c.Kind {
		case KindQR, KindBarcode, KindCut, KindDrawerKick:
			kinds = append(kinds, c.Kind)
		case KindUnknown:
			t.Errorf("unknown command %+v", c)
		}
	}
	if strings.Join(kindStrings(kinds), ",") != "qr,barcode,drawer-kick,cut" {
		t.Errorf("commands %v", kinds)
	}
}

func kindStrings(ks []Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}
