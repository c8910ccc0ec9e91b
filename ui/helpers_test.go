package ui

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
	"golang.org/x/crypto/bcrypt"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Jobs run when a test waits for them, on the test's goroutine, which
// stands in for the UI goroutine (see inlineJobs).
func init() { inlineJobs = true }

// Barcodes of the test catalog.
const (
	coffeeCode = "8410001000015" // Café molido 250 g, 3,49 €
	wineCode   = "8410001000039" // Vino tinto, 8,99 €
)

// newTestLane opens a real SQLite store in a temp dir, loads a small
// catalog through the sync port and starts a lane on it with the demo
// cashier (1001) signed in and a shift open.
func newTestLane(t *testing.T) (*pos.Lane, *sqlite.DB) {
	t.Helper()
	lane, db := newBareLane(t)
	if err := lane.ReadyForDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	return lane, db
}

// newBareLane is newTestLane with the demo operators seeded but nobody
// signed in and no shift open.
func newBareLane(t *testing.T) (*pos.Lane, *sqlite.DB) {
	t.Helper()
	return newBareLaneAt(t, pos.ClockFunc(func() time.Time { return time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC) }))
}

// newBareLaneAt is newBareLane on clock, for idle sign-out tests.
func newBareLaneAt(t *testing.T, clock pos.Clock) (*pos.Lane, *sqlite.DB) {
	t.Helper()
	lane, db, _ := newLaneWithPrinter(t, clock, nil)
	return lane, db
}

// newLaneWithPrinter is newBareLaneAt with a receipt queue printing on
// printer (none when printer is nil); the queue is not running.
func newLaneWithPrinter(t *testing.T, clock pos.Clock, printer pos.ReceiptPrinter) (*pos.Lane, *sqlite.DB, *pos.ReceiptQueue) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "lane.db"), "lane-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	g := func(c string) string {
		s, err := pos.NormalizeGTIN(c)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: []pos.Product{
		{SKU: "CAF", Name: "Café molido 250 g", NameEN: "Ground coffee 250 g", Barcodes: []string{g(coffeeCode)}, Price: 349, Currency: "EUR", TaxRate: 1000},
		{SKU: "VIN", Name: "Vino tinto", NameEN: "Red wine", Barcodes: []string{g(wineCode)}, Price: 899, Currency: "EUR", TaxRate: 2100, AgeRestricted: true},
		{SKU: "BAN", Name: "Plátano de Canarias", NameEN: "Canary banana", Barcodes: []string{"4011"}, Price: 199, Currency: "EUR", TaxRate: 400},
	}}); err != nil {
		t.Fatal(err)
	}
	info := pos.StoreInfo{ID: "s1", Name: "Tienda Centro", Lang: "es", Currency: pos.EUR, Location: time.UTC}
	cfg := pos.LaneConfig{DeviceID: "lane-1", Store: info, Access: pos.AccessPolicy{BcryptCost: bcrypt.MinCost}}
	var q *pos.ReceiptQueue
	if printer != nil {
		q = pos.NewReceiptQueue(db, printer, info, quiet)
		cfg.ReportPrinter = printer // reports and slips print on it too
	}
	lane := pos.NewLane(cfg, db, clock, q, quiet)
	if err := lane.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.Access().SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	return lane, db, q
}

// fixedSync is a sync status that does not change, standing in for the
// sync agent (a port, not storage).
type fixedSync pos.SyncStatus

func (f fixedSync) SyncStatus() pos.SyncStatus { return pos.SyncStatus(f) }

// newTestScreen builds a lane screen on a temp test app.
func newTestScreen(t *testing.T, lang string, opts LaneOptions) (*LaneScreen, *sqlite.DB) {
	t.Helper()
	a := test.NewTempApp(t)
	lane, db := newTestLane(t)
	opts.Lang = lang
	s := NewLaneScreen(a, lane, opts)
	s.Window().Show()
	t.Cleanup(s.Window().Close)
	s.jobs.wait()
	return s, db
}

// scan types code on the canvas (into whatever has focus, as a wedge
// scanner does), presses Enter and waits for the lane to answer.
func scan(t *testing.T, s *LaneScreen, code string) {
	t.Helper()
	c := s.Window().Canvas()
	if c.Focused() != s.code {
		t.Fatalf("the code entry is not focused before scanning %s", code)
	}
	for _, r := range code {
		c.Focused().TypedRune(r)
	}
	pressEnter(c)
	s.jobs.wait()
}

// pressEnter sends Return to the focused widget.
func pressEnter(c fyne.Canvas) {
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// rows returns the basket rows on screen, top to bottom, as text.
func rows(s *LaneScreen) []string {
	var out []string
	for _, o := range test.LaidOutObjects(s.list) {
		if r, ok := o.(*basketRow); ok && r.Visible() && r.no.Text != "000" {
			out = append(out, r.text())
		}
	}
	return out
}

// tapButton taps the button labelled label inside o.
func tapButton(t *testing.T, o fyne.CanvasObject, label string) {
	t.Helper()
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == label && b.Visible() {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q on screen", label)
}

// contains fails unless got holds want.
func contains(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s: got %q, want it to contain %q", what, got, want)
	}
}
