package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

func TestRenderPNG(t *testing.T) {
	s, _ := newTestScreen(t, "es", LaneOptions{})
	scan(t, s, coffeeCode)
	path := filepath.Join(t.TempDir(), "lane.png")
	if err := RenderPNG(s.Window(), fyne.NewSize(1024, 768), path); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1024 || b.Dy() != 768 {
		t.Errorf("rendered %v, want 1024×768", b)
	}
	first := img.At(0, 0)
	for y := 0; y < 768; y += 7 {
		for x := 0; x < 1024; x += 7 {
			if img.At(x, y) != first {
				return
			}
		}
	}
	t.Error("the rendered image is blank")
}
