package escpos

import (
	"fmt"
	"image"
	"image/color"
)

// Image is a monochrome raster (a logo), printed with GS v 0. Bits hold rows
// of ceil(Width/8) bytes, most significant bit leftmost, 1 = black. Printers
// whose profile lacks bitImageRaster skip it (a logo is decoration).
type Image struct {
	Width, Height int
	Bits          []byte
	Align         Align
}

func (Image) block() {}

// NewImage converts img to black and white: pixels darker than mid-grey (or
// transparent ones) become white/black by luminance.
func NewImage(img image.Image) Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	stride := (w + 7) / 8
	bits := make([]byte, stride*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			g := color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray)
			_, _, _, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			if a > 0x8000 && g.Y < 128 {
				bits[y*stride+x/8] |= 0x80 >> (x % 8)
			}
		}
	}
	return Image{Width: w, Height: h, Bits: bits, Align: AlignCenter}
}

// Logo appends an image block.
func (d *Document) Logo(img Image) *Document { return d.Add(img) }

func (e *encoder) image(im Image) error {
	stride := (im.Width + 7) / 8
	if im.Width <= 0 || im.Height <= 0 || im.Height > 2303 || stride > 255 || len(im.Bits) != stride*im.Height {
		return fmt.Errorf("%w: image %dx%d with %d bytes", ErrInvalid, im.Width, im.Height, len(im.Bits))
	}
	if px, ok := e.p.Media.Width.Pixels.Int(); ok && px > 0 && im.Width > px {
		return fmt.Errorf("%w: image %d dots wide, paper %d", ErrInvalid, im.Width, px)
	}
	if !e.p.Feature("bitImageRaster") || e.star {
		return nil // Star raster graphics are not implemented: the logo is skipped
	}
	e.setStyle(Style{Align: im.Align})
	e.buf = append(e.buf, gs, 'v', '0', 0, byte(stride), byte(stride>>8), byte(im.Height), byte(im.Height>>8))
	e.buf = append(e.buf, im.Bits...)
	return nil
}
