package ui

import (
	"image/png"
	"os"
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
		NewLane:  func() (*pos.Lane, JournalVerifier, error) { l, db := newTestLane(t); return l, db, nil },
		Barcodes: []string{coffeeCode, wineCode, coffeeCode, wineCode},
		Sizes:    sizes,
	}
	_, setup.Catalog = newTestLane(t) // searched in the search scenes
	files, err := RenderScreenshots(a, dir, setup)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2*(len(laneScenes)+len(managerScenes)+len(kioskScenes))-1 {
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
