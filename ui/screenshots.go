package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// ScreenshotSetup is what RenderScreenshots needs to put realistic data on
// the screens.
type ScreenshotSetup struct {
	// NewLane returns a fresh, started lane with its store's journal; it is
	// called once per picture so every scene starts from an empty basket.
	// For pictures that do not change from one run to the next, give the
	// lane a fixed clock. When the journal's store also keeps online orders
	// (UpsertOrders, as pos/sqlite does), the desk's pickup scene has one.
	NewLane func() (*pos.Lane, JournalVerifier, error)
	// Barcodes of at least four packaged (not weighed) products in that
	// lane's catalog, rung up in the basket scenes.
	Barcodes []string
	// AgeRestricted is the barcode of an age-restricted product, shown in
	// the kiosk's age-check scene (skipped when empty).
	AgeRestricted string
	// Weighed is the code (PLU) of a product sold by weight, weighed in the
	// weighing scenes (they show no weighing when it is empty).
	Weighed string
	// Catalog, if set, is searched in the search scene and tells the kiosk
	// which products are age-restricted.
	Catalog pos.Catalog
	// Sizes to render; default 1024×768 and 1920×1080.
	Sizes []fyne.Size
	// Langs to render; default every translated language.
	Langs []string

	small bool // 256 colours, compressed hard
}

// ScreenshotSizes are the screen sizes the lane and kiosk must read well on.
var ScreenshotSizes = []fyne.Size{{Width: 1024, Height: 768}, {Width: 1920, Height: 1080}}

// RenderScreenshots renders every scene of every screen in each language
// and size into dir as <screen>-<scene>-<lang>-<w>x<h>.png and returns the
// files written. app must paint in software (fyne.io/fyne/v2/test.NewApp).
func RenderScreenshots(app fyne.App, dir string, setup ScreenshotSetup) ([]string, error) {
	setup, err := setup.check(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	shoot := func(screen, scene, lang string, size fyne.Size, f func(path string) error) error {
		name := filepath.Join(dir, fmt.Sprintf("%s-%s-%s-%dx%d.png", screen, scene, lang, int(size.Width), int(size.Height)))
		if lang == "" {
			name = filepath.Join(dir, fmt.Sprintf("%s-%s-%dx%d.png", screen, scene, int(size.Width), int(size.Height)))
		}
		if err := f(name); err != nil {
			return err
		}
		files = append(files, name)
		return nil
	}
	for _, lang := range setup.Langs {
		for _, sc := range laneScenes {
			for _, size := range setup.Sizes {
				if err := shoot("lane", sc.name, lang, size, func(path string) error { return shootLane(app, setup, sc, lang, size, path) }); err != nil {
					return files, err
				}
			}
		}
	}
	for _, lang := range setup.Langs {
		for _, sc := range managerScenes {
			for _, size := range setup.Sizes {
				if err := shoot("manager", sc.name, lang, size, func(path string) error { return shootManager(app, setup, sc, lang, size, path) }); err != nil {
					return files, err
				}
			}
		}
	}
	for _, sc := range kioskScenes {
		if sc.name == "age-check" && setup.AgeRestricted == "" {
			continue
		}
		for _, lang := range setup.Langs {
			if sc.name == "attract" {
				lang = "" // one language-neutral picture
			}
			for _, size := range setup.Sizes {
				if err := shoot("kiosk", sc.name, lang, size, func(path string) error { return shootKiosk(app, setup, sc, lang, size, path) }); err != nil {
					return files, err
				}
			}
			if sc.name == "attract" {
				break
			}
		}
	}
	for _, lang := range setup.Langs {
		for _, sc := range deskScenes {
			for _, size := range setup.Sizes {
				if err := shoot("desk", sc.name, lang, size, func(path string) error { return shootDesk(app, setup, sc, lang, size, path) }); err != nil {
					return files, err
				}
			}
		}
	}
	return files, nil
}

// CuratedScreens are the scenes of the small set of pictures kept in the
// repository for the README (ui/screenshots), each in every language.
var CuratedScreens = []struct{ Screen, Scene string }{
	{"lane", "basket"}, {"lane", "cash"},
	{"kiosk", "basket"}, {"kiosk", "age-check"}, {"kiosk", "thanks"},
	{"desk", "find"}, {"desk", "pickup"},
	{"manager", "shift"},
}

// RenderCurated renders CuratedScreens at 1024×768 into dir as
// <screen>-<scene>-<lang>.png in 256 colours, compressed hard, and returns the files
// written. With a lane on a fixed clock the files are the same byte for
// byte on every run.
func RenderCurated(app fyne.App, dir string, setup ScreenshotSetup) ([]string, error) {
	setup.Sizes = []fyne.Size{{Width: 1024, Height: 768}}
	setup.small = true
	setup, err := setup.check(dir)
	if err != nil {
		return nil, err
	}
	size := setup.Sizes[0]
	var files []string
	for _, c := range CuratedScreens {
		for _, lang := range setup.Langs {
			path := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", c.Screen, c.Scene, lang))
			var err error
			switch c.Screen {
			case "lane":
				err = shootLane(app, setup, findScene(laneScenes, c.Scene), lang, size, path)
			case "kiosk":
				err = shootKiosk(app, setup, findScene(kioskScenes, c.Scene), lang, size, path)
			case "desk":
				err = shootDesk(app, setup, findScene(deskScenes, c.Scene), lang, size, path)
			case "manager":
				err = shootManager(app, setup, findScene(managerScenes, c.Scene), lang, size, path)
			}
			if err != nil {
				return files, err
			}
			files = append(files, path)
		}
	}
	return files, nil
}

// named is a scene with a name.
type named interface{ sceneName() string }

func (s laneScene) sceneName() string    { return s.name }
func (s kioskScene) sceneName() string   { return s.name }
func (s deskScene) sceneName() string    { return s.name }
func (s managerScene) sceneName() string { return s.name }

// findScene returns the scene called name; a curated name with no scene is a bug.
func findScene[S named](scenes []S, name string) S {
	for _, s := range scenes {
		if s.sceneName() == name {
			return s
		}
	}
	panic("screenshots: no scene " + name)
}

// check fills in the defaults and makes dir.
func (setup ScreenshotSetup) check(dir string) (ScreenshotSetup, error) {
	if len(setup.Barcodes) < 4 {
		return setup, fmt.Errorf("screenshots: need at least 4 barcodes, have %d", len(setup.Barcodes))
	}
	if len(setup.Sizes) == 0 {
		setup.Sizes = ScreenshotSizes
	}
	if len(setup.Langs) == 0 {
		setup.Langs = i18n.Languages
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return setup, fmt.Errorf("screenshots: %w", err)
	}
	return setup, nil
}

func shootLane(app fyne.App, setup ScreenshotSetup, sc laneScene, lang string, size fyne.Size, path string) error {
	lane, _, err := setup.NewLane()
	if err != nil {
		return fmt.Errorf("screenshots: lane: %w", err)
	}
	s := NewLaneScreen(app, lane, LaneOptions{Lang: lang, Sync: shotSync{}, Printer: shotPrinter, Catalog: setup.Catalog})
	s.jobs.wait()
	codes := setup.Barcodes
	if sc.name == "weigh" {
		codes = weighCodes(setup)
	}
	sc.play(s, codes)
	defer s.Window().Close()
	return renderPNG(s.Window(), size, path, setup.small)
}

func shootManager(app fyne.App, setup ScreenshotSetup, sc managerScene, lang string, size fyne.Size, path string) error {
	lane, journal, err := setup.NewLane()
	if err != nil {
		return fmt.Errorf("screenshots: lane: %w", err)
	}
	settings, _ := journal.(pos.SettingsStore) // the local store keeps settings too
	m := NewManagerScreen(app, lane, ManagerOptions{Lang: lang, Journal: journal, Sync: shotSync{}, Devices: shotDevices,
		TestPrint: func(context.Context) error { return nil }, Settings: settings, PrinterAddress: "192.168.1.50:9100"})
	m.jobs.wait()
	sc.play(m, lane, setup.Barcodes)
	defer m.Window().Close()
	return renderPNG(m.Window(), size, path, setup.small)
}

func shootKiosk(app fyne.App, setup ScreenshotSetup, sc kioskScene, lang string, size fyne.Size, path string) error {
	lane, _, err := setup.NewLane()
	if err != nil {
		return fmt.Errorf("screenshots: lane: %w", err)
	}
	k := NewKioskScreen(app, lane, KioskOptions{Catalog: setup.Catalog})
	k.window.SetFullScreen(false)
	codes := setup.Barcodes
	if sc.name == "age-check" {
		codes = []string{codes[0], setup.AgeRestricted}
	}
	if sc.name == "weigh" {
		codes = weighCodes(setup)
	}
	sc.play(k, lane, i18n.Normalize(lang), codes)
	defer k.Window().Close()
	return renderPNG(k.Window(), size, path, setup.small)
}

func shootDesk(app fyne.App, setup ScreenshotSetup, sc deskScene, lang string, size fyne.Size, path string) error {
	lane, journal, err := setup.NewLane()
	if err != nil {
		return fmt.Errorf("screenshots: lane: %w", err)
	}
	ctx := context.Background()
	for i, c := range setup.Barcodes[:3] {
		_, _ = lane.AddByCode(ctx, c, int64(i+1))
	}
	sale, _ := lane.PayCash(ctx, lane.Basket().Totals.Total)
	if o, ok := journal.(interface {
		UpsertOrders(context.Context, []pos.Order) error
	}); ok {
		_ = o.UpsertOrders(ctx, []pos.Order{shotOrder(sale)})
	}
	find := func(context.Context, string) (pos.Sale, error) { return sale, nil }
	d := NewDeskScreen(app, lane, DeskOptions{Lang: lang, FindSale: find})
	d.jobs.wait()
	sc.play(d, sale, lang)
	defer d.Window().Close()
	return renderPNG(d.Window(), size, path, setup.small)
}

// shotOrder is an online order for the pickup scene, of the sale's goods.
func shotOrder(s pos.Sale) pos.Order {
	o := pos.Order{ID: "W-20417", StoreID: s.StoreID, PickupCode: "PK7Q2", CustomerName: "Lucía Fernández", Phone: "600111222",
		Status: pos.OrderReady, Currency: s.Currency, Paid: s.Totals.Total, PaymentRef: "PSP-889"}
	for _, l := range s.Lines {
		o.Lines = append(o.Lines, pos.OrderLine{No: l.No, SKU: l.SKU, Name: l.Name, Qty: l.Qty, Amount: l.Amount})
	}
	return o
}

// deskScene brings a desk to a state worth a picture, given a paid sale.
type deskScene struct {
	name string
	play func(d *DeskScreen, sale pos.Sale, lang string)
}

var deskScenes = []deskScene{
	{"find", func(d *DeskScreen, sale pos.Sale, lang string) {
		shotReturn(d, sale, lang)
	}},
	{"done", func(d *DeskScreen, sale pos.Sale, lang string) {
		shotReturn(d, sale, lang)
		d.supID.SetText("2001")
		d.supPIN.SetText("9999")
		d.doReturn()
		d.jobs.wait()
	}},
	{"pickup", func(d *DeskScreen, _ pos.Sale, _ string) {
		d.tabs.SelectIndex(1)
		d.pickup.query.SetText("PK7Q2")
		d.findOrders()
		d.jobs.wait()
		if q := d.pickup.qty[2]; q != nil {
			q.SetText("1")
		}
	}},
	{"pickup-released", func(d *DeskScreen, _ pos.Sale, _ string) {
		d.tabs.SelectIndex(1)
		d.pickup.query.SetText("PK7Q2")
		d.findOrders()
		d.jobs.wait()
		if q := d.pickup.qty[2]; q != nil {
			q.SetText("1")
		}
		d.releaseMarked()
		d.jobs.wait()
	}},
	{"signin", func(d *DeskScreen, _ pos.Sale, _ string) { d.signOut(); d.jobs.wait() }},
	{"open-shift", func(d *DeskScreen, _ pos.Sale, _ string) {
		d.showShift()
		d.shift.count.set(2000, 2)
		d.shift.count.set(500, 4)
	}},
}

// shotReturn finds the sale and marks one unit of line 2 coming back.
func shotReturn(d *DeskScreen, sale pos.Sale, lang string) {
	d.code.SetText(sale.ReceiptCode())
	d.findSale()
	d.jobs.wait()
	if q := d.qty[2]; q != nil {
		q.SetText("1")
	}
	d.reason.SetText(i18n.T(lang, "desk.reason.faulty"))
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
	{"paying", func(k *KioskScreen, _ *pos.Lane, lang string, codes []string) {
		k.start(lang)
		for _, c := range codes[:2] {
			k.sell.code.SetText(c)
			k.scan()
			k.jobs.wait()
		}
		step := k.showPaying()
		k.sell.paying.Objects[1].(*widget.ProgressBarInfinite).Stop() // a still picture
		step.SetText(kioskStepText(lang, pos.CardProgress{Step: pos.CardStepPresentCard}))
		k.sell.relayout()
	}},
	{"age-check", func(k *KioskScreen, _ *pos.Lane, lang string, codes []string) {
		k.start(lang)
		for _, c := range codes { // a packaged item, then the age-restricted one
			k.sell.code.SetText(c)
			k.scan()
			k.jobs.wait()
		}
	}},
	{"weigh", shotKioskWeigh},
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
	{"settings", func(m *ManagerScreen, _ *pos.Lane, _ []string) { m.tabs.SelectIndex(3) }},
	{"open-shift", func(m *ManagerScreen, lane *pos.Lane, _ []string) {
		ctx := context.Background()
		if _, err := lane.Access().SignIn(ctx, "3001", "5555"); err == nil { // the demo manager closes the demo shift
			_, _ = lane.Till().Close(ctx, pos.ClosingCount{Cash: pos.CashCount{Denominations: []pos.Denomination{}}}, nil)
		}
		m.refreshShift()
		m.jobs.wait()
		m.shift.open.count.set(2000, 2)
		m.shift.open.count.set(500, 2)
	}},
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
	{"card", func(s *LaneScreen, codes []string) {
		shotBasket(s, codes)
		p := s.openCardPanel()
		p.progress.Stop() // a still picture
		p.step.SetText(cardStepText(s.lang, pos.CardProgress{Step: pos.CardStepEnterPIN}))
	}},
	{"done-no-receipt", func(s *LaneScreen, codes []string) {
		shotBasket(s, codes)
		shotCash(s)
		s.cash.noReceipt.SetChecked(true)
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
	{"weigh", shotLaneWeigh},
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
