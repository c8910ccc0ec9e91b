package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// ScreenshotSetup is what RenderScreenshots needs to put realistic data on
// the screens.
type ScreenshotSetup struct {
	// NewLane returns a fresh, started lane with its store's journal; it is
	// called once per picture so every scene starts from an empty basket.
	NewLane func() (*pos.Lane, JournalVerifier, error)
	// Barcodes of at least four packaged (not weighed) products in that
	// lane's catalog, rung up in the basket scenes.
	Barcodes []string
	// Catalog, if set, is searched in the search scene.
	Catalog pos.Catalog
	// Sizes to render; default 1024×768 and 1920×1080.
	Sizes []fyne.Size
	// Langs to render; default every translated language.
	Langs []string
}

// ScreenshotSizes are the screen sizes the lane and kiosk must read well on.
var ScreenshotSizes = []fyne.Size{{Width: 1024, Height: 768}, {Width: 1920, Height: 1080}}

// RenderScreenshots renders every scene of every screen in each language
// and size into dir as <screen>-<scene>-<lang>-<w>x<h>.png and returns the
// files written. app must paint in software (fyne.io/fyne/v2/test.NewApp).
func RenderScreenshots(app fyne.App, dir string, setup ScreenshotSetup) ([]string, error) {
	if len(setup.Barcodes) < 4 {
		return nil, fmt.Errorf("screenshots: need at least 4 barcodes, have %d", len(setup.Barcodes))
	}
	if len(setup.Sizes) == 0 {
		setup.Sizes = ScreenshotSizes
	}
	if len(setup.Langs) == 0 {
		setup.Langs = i18n.Languages
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("screenshots: %w", err)
	}
	var files []string
	for _, lang := range setup.Langs {
		for _, sc := range laneScenes {
			for _, size := range setup.Sizes {
				lane, _, err := setup.NewLane()
				if err != nil {
					return files, fmt.Errorf("screenshots: lane: %w", err)
				}
				s := NewLaneScreen(app, lane, LaneOptions{Lang: lang, Sync: shotSync{}, Printer: shotPrinter, Catalog: setup.Catalog})
				s.jobs.wait()
				sc.play(s, setup.Barcodes)
				name := filepath.Join(dir, fmt.Sprintf("lane-%s-%s-%dx%d.png", sc.name, lang, int(size.Width), int(size.Height)))
				err = RenderPNG(s.Window(), size, name)
				s.Window().Close()
				if err != nil {
					return files, err
				}
				files = append(files, name)
			}
		}
	}
	for _, lang := range setup.Langs {
		for _, sc := range managerScenes {
			for _, size := range setup.Sizes {
				lane, journal, err := setup.NewLane()
				if err != nil {
					return files, fmt.Errorf("screenshots: lane: %w", err)
				}
				m := NewManagerScreen(app, lane, ManagerOptions{Lang: lang, Journal: journal, Sync: shotSync{}, Devices: shotDevices,
					TestPrint: func(context.Context) error { return nil }})
				m.jobs.wait()
				sc.play(m, lane, setup.Barcodes)
				name := filepath.Join(dir, fmt.Sprintf("manager-%s-%s-%dx%d.png", sc.name, lang, int(size.Width), int(size.Height)))
				err = RenderPNG(m.Window(), size, name)
				m.Window().Close()
				if err != nil {
					return files, err
				}
				files = append(files, name)
			}
		}
	}
	for _, sc := range kioskScenes {
		for _, lang := range setup.Langs {
			for _, size := range setup.Sizes {
				lane, _, err := setup.NewLane()
				if err != nil {
					return files, fmt.Errorf("screenshots: lane: %w", err)
				}
				k := NewKioskScreen(app, lane, KioskOptions{Catalog: setup.Catalog})
				k.window.SetFullScreen(false)
				sc.play(k, lane, lang, setup.Barcodes)
				name := filepath.Join(dir, fmt.Sprintf("kiosk-%s-%s-%dx%d.png", sc.name, lang, int(size.Width), int(size.Height)))
				if sc.name == "attract" {
					name = filepath.Join(dir, fmt.Sprintf("kiosk-attract-%dx%d.png", int(size.Width), int(size.Height)))
				}
				err = RenderPNG(k.Window(), size, name)
				k.Window().Close()
				if err != nil {
					return files, err
				}
				files = append(files, name)
			}
			if sc.name == "attract" {
				break // one language-neutral picture
			}
		}
	}
	for _, lang := range setup.Langs {
		for _, sc := range []string{"find", "done"} {
			for _, size := range setup.Sizes {
				lane, _, err := setup.NewLane()
				if err != nil {
					return files, fmt.Errorf("screenshots: lane: %w", err)
				}
				ctx := context.Background()
				for i, c := range setup.Barcodes[:3] {
					_, _ = lane.AddByCode(ctx, c, int64(i+1))
				}
				sale, _ := lane.PayCash(ctx, lane.Basket().Totals.Total)
				find := func(context.Context, string) (pos.Sale, error) { return sale, nil }
				d := NewDeskScreen(app, lane, DeskOptions{Lang: lang, FindSale: find})
				d.code.SetText(sale.ReceiptCode())
				d.findSale()
				d.jobs.wait()
				d.qty[2].SetText("1")
				d.reason.SetText(i18n.T(lang, "desk.reason.faulty"))
				if sc == "done" {
					d.supID.SetText("2001")
					d.supPIN.SetText("9999")
					d.doReturn()
					d.jobs.wait()
				}
				name := filepath.Join(dir, fmt.Sprintf("desk-%s-%s-%dx%d.png", sc, lang, int(size.Width), int(size.Height)))
				err = RenderPNG(d.Window(), size, name)
				d.Window().Close()
				if err != nil {
					return files, err
				}
				files = append(files, name)
			}
		}
	}
	return files, nil
}

// kioskScene brings a kiosk to a state worth a picture.
type kioskScene struct {
	name string
	play func(k *KioskScreen, lane *pos.Lane, lang string, codes []string)
}

var kioskScenes = []kioskScene{
	{"attract", func(*KioskScreen, *pos.Lane, string, []string) {}},
	{"basket", func(k *KioskScreen, _ *pos.Lane, lang string, codes []string) {
		k.start(lang)
		for _, c := range codes[:4] {
			k.sell.code.SetText(c)
			k.scan()
			k.jobs.wait()
		}
	}},
	{"still-there", func(k *KioskScreen, _ *pos.Lane, lang string, codes []string) {
		k.start(lang)
		k.sell.code.SetText(codes[0])
		k.scan()
		k.jobs.wait()
		k.checkIdle(k.opts.Now().Add(2 * k.opts.IdleAfter))
		k.checkIdle(k.opts.Now().Add(4 * k.opts.IdleAfter))
	}},
	{"thanks", func(k *KioskScreen, lane *pos.Lane, lang string, codes []string) {
		k.start(lang)
		_, _ = lane.Scan(context.Background(), codes[0])
		sale, err := lane.PayCash(context.Background(), lane.Basket().Totals.Total)
		if err == nil {
			k.basket = lane.Basket()
			k.showPaid(sale)
		}
	}},
}

func shotDevices() []DeviceStatus {
	return []DeviceStatus{
		{Class: "printer", Name: "Epson TM-T20III 192.168.1.50:9100", State: DeviceError, Reason: "paper out", Pending: 2},
		{Class: "scanner", Name: "Honeywell Voyager 1450g (USB HID)", State: DeviceReady},
		{Class: "terminal", Name: "Verifone V400c 192.168.1.60", State: DeviceConnecting},
		{Class: "display", Name: "Logic Controls PD3000 /dev/ttyUSB0", State: DeviceAbsent},
	}
}

// managerScene brings a manager screen to a state worth a picture.
type managerScene struct {
	name string
	play func(m *ManagerScreen, lane *pos.Lane, codes []string)
}

var managerScenes = []managerScene{
	{"shift", func(m *ManagerScreen, lane *pos.Lane, codes []string) {
		ctx := context.Background()
		for _, c := range codes {
			_, _ = lane.Scan(ctx, c)
		}
		b := lane.Basket()
		_, _ = lane.PayCash(ctx, b.Totals.Total)
		m.runX()
		m.jobs.wait()
	}},
	{"journal", func(m *ManagerScreen, _ *pos.Lane, _ []string) {
		m.tabs.SelectIndex(1)
		m.verifyJournal()
		m.loadJournal()
		m.jobs.wait()
	}},
	{"devices", func(m *ManagerScreen, _ *pos.Lane, _ []string) { m.tabs.SelectIndex(2) }},
}

// shotSync is the sync state shown in screenshots: offline, three events waiting.
type shotSync struct{}

// SyncStatus implements pos.SyncStatusSource.
func (shotSync) SyncStatus() pos.SyncStatus { return pos.SyncStatus{Online: false, Pending: 3} }

func shotPrinter() DeviceStatus { return DeviceStatus{Class: "printer", State: DeviceReady} }

// laneScene brings a lane screen to a state worth a picture.
type laneScene struct {
	name string
	play func(s *LaneScreen, codes []string)
}

var laneScenes = []laneScene{
	{"empty", func(*LaneScreen, []string) {}},
	{"basket", shotBasket},
	{"not-found", func(s *LaneScreen, codes []string) { shotBasket(s, codes); s.enter("12345") }},
	{"cash", func(s *LaneScreen, codes []string) { shotBasket(s, codes); shotCash(s) }},
	{"done", func(s *LaneScreen, codes []string) {
		shotBasket(s, codes)
		shotCash(s)
		s.payCash()
		s.jobs.wait()
	}},
	{"signin", func(s *LaneScreen, _ []string) { s.signOut(); s.jobs.wait() }},
	{"open-shift", func(s *LaneScreen, _ []string) {
		s.openShiftPane()
		s.shift.count.set(2000, 2)
		s.shift.count.set(100, 10)
	}},
	{"void-sale", func(s *LaneScreen, codes []string) {
		shotBasket(s, codes)
		s.voidSale()
		s.jobs.wait()
		s.approval.reason.SetText("cliente sin dinero")
	}},
	{"search", func(s *LaneScreen, codes []string) {
		shotBasket(s, codes)
		s.openSearch()
		s.search.query.SetText("leche")
		s.jobs.wait()
	}},
}

// shotBasket rings up every code, the second one twice, and voids the third line.
func shotBasket(s *LaneScreen, codes []string) {
	for i, c := range codes {
		if i == 1 {
			c = "2*" + c
		}
		s.enter(c)
	}
	s.list.Select(2)
	s.voidSelected()
	s.jobs.wait()
}

// shotCash opens the cash panel and takes the largest suggested note.
func shotCash(s *LaneScreen) {
	s.openCash()
	notes := nextNotes(s.basket.Currency, s.cash.due, 3)
	s.setReceived(notes[len(notes)-1])
}

// enter types code into the code entry and submits it, waiting for the lane.
func (s *LaneScreen) enter(code string) {
	s.code.SetText(code)
	s.submitCode()
	s.jobs.wait()
}
