package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// pngRenderer draws receipt text in Go Mono on a white paper strip sized to
// the printer's line width.
type pngRenderer struct {
	face    font.Face
	columns int
	advance int
	line    int
	ascent  int
}

func newPNGRenderer(columns int) (*pngRenderer, error) {
	f, err := opentype.Parse(gomono.TTF)
	if err != nil {
		return nil, fmt.Errorf("parse Go Mono: %w", err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 16, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("font face: %w", err)
	}
	adv, _ := face.GlyphAdvance('M')
	m := face.Metrics()
	return &pngRenderer{face: face, columns: columns, advance: adv.Ceil(), line: m.Height.Ceil() + 2, ascent: m.Ascent.Ceil()}, nil
}

// Render draws text (lines separated by "\n") as a grey PNG.
func (r *pngRenderer) Render(text string) ([]byte, error) {
	lines := strings.Split(text, "\n")
	cols := r.columns
	for _, l := range lines {
		cols = max(cols, utf8.RuneCountInString(l))
	}
	const margin = 12
	w := cols*r.advance + 2*margin
	h := len(lines)*r.line + 2*margin
	img := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.Black), Face: r.face}
	for i, l := range lines {
		d.Dot = fixed.P(margin, margin+i*r.line+r.ascent)
		d.DrawString(l)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}
