package ui

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

// TestRenderScreenshots renders every scene once, small, in both languages,
// and checks each file is a PNG of the asked size. Set
// OMNILANE_SCREENSHOTS=<folder> to keep full-size pictures there instead.
func TestRenderScreenshots(t *testing.T) {
	dir, sizes := os.Getenv("OMNILANE_SCREENSHOTS"), []fyne.Size(nil)
	if dir == "" {
		dir, sizes = t.TempDir(), []fyne.Size{{Width: 1024, Height: 768}}
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme())
	setup := ScreenshotSetup{
		NewLane:       func() (*pos.Lane, JournalVerifier, error) { l, db := newTestLane(t); return l, db, nil },
		Barcodes:      []string{coffeeCode, wineCode, coffeeCode, wineCode},
		AgeRestricted: wineCode,
		Sizes:         sizes,
	}
	_, setup.Catalog = newTestLane(t) // searched in the search scenes
	files, err := RenderScreenshots(a, dir, setup)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2*(len(laneScenes)+len(managerScenes)+len(kioskScenes)+len(deskScenes))-1 {
		t.Fatalf("wrote %d files", len(files))
	}
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if strings.Contains(f, "1024x768") && (cfg.Width != 1024 || cfg.Height != 768) {
			t.Errorf("%s is %d×%d", f, cfg.Width, cfg.Height)
		}
	}
}

// TestRenderCurated renders the README's set twice: at most 16 pictures of
// 1024×768, each at most 100 KB, the same bytes both times (the lane's
// clock is fixed); and every one of them is committed in ui/screenshots.
func TestRenderCurated(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme())
	_, catalog := newTestLane(t)
	setup := ScreenshotSetup{
		NewLane:       func() (*pos.Lane, JournalVerifier, error) { l, db := newTestLane(t); return l, db, nil },
		Barcodes:      []string{coffeeCode, wineCode, coffeeCode, wineCode},
		AgeRestricted: wineCode,
		Catalog:       catalog,
	}
	dirs := []string{t.TempDir(), t.TempDir()}
	var files [2][]string
	for i, dir := range dirs {
		var err error
		if files[i], err = RenderCurated(a, dir, setup); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(files[0]); n == 0 || n > 16 || n != 2*len(CuratedScreens) {
		t.Fatalf("curated set of %d files", n)
	}
	for i, f := range files[0] {
		b1, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b2, _ := os.ReadFile(files[1][i])
		if !bytes.Equal(b1, b2) {
			t.Errorf("%s differs from one run to the next", filepath.Base(f))
		}
		if len(b1) > 100<<10 {
			t.Errorf("%s weighs %d KB", filepath.Base(f), len(b1)>>10)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b1))
		if err != nil || cfg.Width != 1024 || cfg.Height != 768 {
			t.Errorf("%s: %d×%d, %v (the scene does not fit the screen)", filepath.Base(f), cfg.Width, cfg.Height, err)
		}
		if _, err := os.Stat(filepath.Join("screenshots", filepath.Base(f))); err != nil {
			t.Errorf("%s is not committed in ui/screenshots: go run ./ui/cmd/screenshots -curated", filepath.Base(f))
		}
	}
}
