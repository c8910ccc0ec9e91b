package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
)

// screenshotSizes are the screens the lane and kiosk must read well on.
var screenshotSizes = []fyne.Size{{Width: 1024, Height: 768}, {Width: 1920, Height: 1080}}

// TestScreenshots renders every screen in both languages at both sizes into
// the folder named by OMNILANE_SCREENSHOTS (make screenshots). It is
// skipped when the variable is unset; nothing it writes is committed.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("OMNILANE_SCREENSHOTS")
	if dir == "" {
		t.Skip("set OMNILANE_SCREENSHOTS=<folder> to render the screens")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"es", "en"} {
		for _, sc := range laneScenes {
			for _, size := range screenshotSizes {
				s := newShotScreen(t, lang)
				sc.setup(t, s)
				name := filepath.Join(dir, shotName("lane-"+sc.name, lang, size))
				if err := RenderPNG(s.Window(), size, name); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func shotName(screen, lang string, size fyne.Size) string {
	return screen + "-" + lang + "-" + itoa(int(size.Width)) + "x" + itoa(int(size.Height)) + ".png"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// newShotScreen is a lane screen with the Omnilane theme, a busy status
// bar and sample products in its catalog.
func newShotScreen(t *testing.T, lang string) *LaneScreen {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme())
	lane, db := newTestLane(t)
	var ps []pos.Product
	for i := range 12 {
		p, err := samplecatalog.Product(i * 7919)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	if err := db.ApplyCatalog(context.Background(), pos.CatalogDelta{Cursor: 2, Products: ps}); err != nil {
		t.Fatal(err)
	}
	printer := func() DeviceStatus { return DeviceStatus{Class: "printer", State: DeviceReady} }
	s := NewLaneScreen(a, lane, LaneOptions{Lang: lang, Sync: fixedSync{Online: false, Pending: 3}, Printer: printer, Operator: "Ana García"})
	s.Window().Show()
	t.Cleanup(s.Window().Close)
	shotProducts = ps
	return s
}

var shotProducts []pos.Product

type laneScene struct {
	name  string
	setup func(t *testing.T, s *LaneScreen)
}

// fillBasket rings up a realistic basket with one voided line.
func fillBasket(t *testing.T, s *LaneScreen) {
	scan(t, s, coffeeCode)
	scan(t, s, "2*"+wineCode)
	for _, p := range shotProducts[:8] {
		if len(p.Barcodes) > 0 && !p.ByWeight {
			scan(t, s, p.Barcodes[0])
		}
	}
	s.list.Select(2)
	test.Tap(s.voidBtn)
	s.jobs.wait()
}

var laneScenes = []laneScene{
	{"empty", func(t *testing.T, s *LaneScreen) {}},
	{"basket", fillBasket},
	{"not-found", func(t *testing.T, s *LaneScreen) { fillBasket(t, s); scan(t, s, "12345") }},
	{"cash", func(t *testing.T, s *LaneScreen) {
		fillBasket(t, s)
		test.Tap(s.cashBtn)
		test.Tap(s.cash.notes.Objects[len(s.cash.notes.Objects)-1].(*widget.Button))
	}},
	{"done", func(t *testing.T, s *LaneScreen) {
		fillBasket(t, s)
		test.Tap(s.cashBtn)
		test.Tap(s.cash.notes.Objects[len(s.cash.notes.Objects)-1].(*widget.Button))
		test.Tap(s.cash.confirm)
		s.jobs.wait()
	}},
}
