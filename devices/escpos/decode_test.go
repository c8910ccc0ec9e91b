package escpos

import (
	"reflect"
	"strings"
	"testing"
)

func TestDecodeSampleReceipt(t *testing.T) {
	p := printer(t, "TM-T88V")
	b, err := Encode(sampleReceipt(), p)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Decode(b, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Panadería Muñoz",
		"Calle Mayor 1, Logroño",
		"Piñones 100 g                       3,25 €",
		"Pingüino de azúcar                  1,10 €",
		"Pão de açúcar com limão             2,00 €",
		"TOTAL                               6,35 €",
		"        ¡Gracias por su compra!",
		"[QR https://id.example.com/01/08412345678905]",
		"[CODE128 L01-000042]",
	} {
		if !strings.Contains(res.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, res.Text)
		}
	}
	var kinds []Kind
	for _, c := range res.Commands {
		switch c.Kind {
		case KindQR, KindBarcode, KindCut, KindDrawerKick, KindInit, KindCodePage:
			kinds = append(kinds, c.Kind)
		}
	}
	want := []Kind{KindInit, KindCodePage, KindQR, KindBarcode, KindDrawerKick, KindCut}
	if !reflect.DeepEqual(kinds, want) {
		t.Fatalf("commands %v, want %v", kinds, want)
	}
}

func TestDecodeCommands(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want Command
		text string
	}{
		{"status request", []byte{dle, eot, 4}, Command{Kind: KindStatusRequest, N: 4, End: 3}, ""},
		{"full cut A", []byte{'x', gs, 'V', 0}, Command{Kind: KindCut, Offset: 1, End: 4}, "x"},
		{"partial cut B", []byte{gs, 'V', 66, 0}, Command{Kind: KindCut, N: 66, Partial: true, End: 4}, ""},
		{"drawer pin 5", []byte{esc, 'p', 1, 50, 50}, Command{Kind: KindDrawerKick, N: 1, End: 5}, ""},
		{"barcode A", append([]byte{gs, 'k', 2}, append([]byte("4006381333931"), 0)...),
			Command{Kind: KindBarcode, N: int(EAN13), Data: "4006381333931", End: 17}, "[EAN-13 4006381333931]"},
		{"asb", []byte{gs, 'a', 0xFF}, Command{Kind: KindASB, N: 0xFF, End: 3}, ""},
		{"unknown escape", []byte{esc, 0x01}, Command{Kind: KindUnknown, N: 1, End: 2}, ""},
		{"raster image", []byte{gs, 'v', '0', 0, 1, 0, 2, 0, 0xFF, 0x00}, Command{Kind: KindImage, End: 10}, "[image]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Decode(tt.in, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got *Command
			for i := range res.Commands {
				if res.Commands[i].Kind == tt.want.Kind {
					got = &res.Commands[i]
				}
			}
			if got == nil || *got != tt.want {
				t.Fatalf("commands %+v, want %+v", res.Commands, tt.want)
			}
			if res.Text != tt.text {
				t.Fatalf("text %q want %q", res.Text, tt.text)
			}
		})
	}
}

func TestDecodeTruncated(t *testing.T) {
	for _, in := range [][]byte{{esc}, {gs, '(', 'k', 10, 0, 49}, {dle, eot}, {gs, 'k', 73, 5, 'a'}} {
		if _, err := Decode(in, nil); err != ErrTruncated {
			t.Errorf("% x: got %v, want ErrTruncated", in, err)
		}
	}
}

// TestDecoderSplitWrites feeds a receipt one byte at a time and in one go:
// the results must match, and OnCommand must see every command.
func TestDecoderSplitWrites(t *testing.T) {
	p := printer(t, "TM-T20II")
	b, err := Encode(sampleReceipt(), p)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Decode(b, p)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(p)
	var seen int
	d.OnCommand = func(Command) { seen++ }
	for i := range b {
		_, _ = d.Write(b[i : i+1])
	}
	split := d.Flush()
	if !reflect.DeepEqual(whole, split) {
		t.Fatalf("split decode differs:\n%q\n%q", whole.Text, split.Text)
	}
	if seen != len(whole.Commands) {
		t.Fatalf("OnCommand saw %d commands, want %d", seen, len(whole.Commands))
	}
	if last := split.Commands[len(split.Commands)-1]; last.End != int64(len(b)) {
		t.Fatalf("last command ends at %d, stream is %d bytes", last.End, len(b))
	}
}
