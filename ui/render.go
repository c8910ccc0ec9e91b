package ui

import (
	"fmt"
	"image/png"
	"os"

	"fyne.io/fyne/v2"
)

// RenderPNG resizes w to size and writes what its canvas shows to path as a
// PNG. Under fyne.io/fyne/v2/test (test.NewApp) this needs no display: the
// test driver paints in software. As a real window would, the size is
// raised to the content's minimum size when it is smaller.
func RenderPNG(w fyne.Window, size fyne.Size, path string) error {
	if c := w.Content(); c != nil {
		size = size.Max(c.MinSize())
	}
	w.Resize(size)
	img := w.Canvas().Capture()
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("render %s: %w", path, err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("render %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("render %s: %w", path, err)
	}
	return nil
}
