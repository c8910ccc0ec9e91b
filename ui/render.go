package ui

import (
	"cmp"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"slices"

	"fyne.io/fyne/v2"
)

// RenderPNG resizes w to size and writes what its canvas shows to path as a
// PNG. Under fyne.io/fyne/v2/test (test.NewApp) this needs no display: the
// test driver paints in software. As a real window would, the size is
// raised to the content's minimum size when it is smaller.
func RenderPNG(w fyne.Window, size fyne.Size, path string) error {
	return renderPNG(w, size, path, false)
}

// renderPNG is RenderPNG; small writes at most 256 colours, compressed
// hard, for pictures kept in the repository.
func renderPNG(w fyne.Window, size fyne.Size, path string, small bool) error {
	if c := w.Content(); c != nil {
		size = size.Max(c.MinSize())
	}
	w.Resize(size)
	var img image.Image = w.Canvas().Capture()
	level := png.DefaultCompression
	if small {
		img, level = quantize(img), png.BestCompression
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("render %s: %w", path, err)
	}
	if err := (&png.Encoder{CompressionLevel: level}).Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("render %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("render %s: %w", path, err)
	}
	return nil
}

// quantize maps img onto its 256 most frequent colours (the nearest one for
// the rest, without dithering, so the result is the same on every run).
// Screens are mostly flat colour; only the edges of text lose a shade.
func quantize(img image.Image) *image.Paletted {
	b := img.Bounds()
	counts := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	type freq struct {
		c color.RGBA
		n int
	}
	all := make([]freq, 0, len(counts))
	for c, n := range counts {
		all = append(all, freq{c, n})
	}
	key := func(c color.RGBA) uint32 { return uint32(c.R)<<24 | uint32(c.G)<<16 | uint32(c.B)<<8 | uint32(c.A) }
	slices.SortFunc(all, func(a, b freq) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return cmp.Compare(key(a.c), key(b.c))
	})
	pal := make(color.Palette, 0, 256)
	for _, f := range all[:min(256, len(all))] {
		pal = append(pal, f.c)
	}
	out := image.NewPaletted(b, pal)
	index := map[color.RGBA]uint8{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			i, ok := index[c]
			if !ok {
				i = uint8(pal.Index(c))
				index[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	return out
}
