package escpos

import (
	"bytes"
	"image"
	"image/color"
	"testing"
)

func TestImage(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 10, 2))
	for x := 0; x < 10; x++ {
		img.SetGray(x, 0, color.Gray{Y: 255})
		img.SetGray(x, 1, color.Gray{Y: 0})
	}
	im := NewImage(img)
	if !bytes.Equal(im.Bits, []byte{0, 0, 0xFF, 0xC0}) {
		t.Fatalf("bits % x", im.Bits)
	}
	p := printer(t, "TM-T88V")
	b, err := Encode((&Document{}).Logo(im).Line("Logo"), p)
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{gs, 'v', '0', 0, 2, 0, 2, 0, 0, 0, 0xFF, 0xC0}
	if !bytes.Contains(b, want) {
		t.Fatalf("no raster command in % x", b)
	}
	res, err := Decode(b, p)
	if err != nil || res.Text != "                 [image]\nLogo" {
		t.Fatalf("decoded %q %v", res.Text, err)
	}
	// A profile without raster support skips the logo.
	b, err = Encode((&Document{}).Logo(im), printer(t, "OCD-100"))
	if err != nil || bytes.Contains(b, []byte{gs, 'v', '0'}) {
		t.Fatalf("OCD-100: % x %v", b, err)
	}
	if _, err := Encode((&Document{}).Logo(Image{Width: 9, Height: 1, Bits: []byte{1}}), p); err == nil {
		t.Fatal("bad image accepted")
	}
}
