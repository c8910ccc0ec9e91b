package pos_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// printerPort records receipts and fails while broken is set, standing in
// for the device behind the pos.ReceiptPrinter port.
type printerPort struct {
	mu       sync.Mutex
	broken   bool
	receipts []pos.Receipt
	printed  chan struct{}
}

func (p *printerPort) PrintReceipt(ctx context.Context, r pos.Receipt) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.broken {
		return errors.New("paper out")
	}
	p.receipts = append(p.receipts, r)
	p.printed <- struct{}{}
	return nil
}

func newLane(t *testing.T, printer pos.ReceiptPrinter) (*pos.Lane, *sqlite.DB, *pos.ReceiptQueue) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "lane.db"), "lane-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	g := func(c string) string { s, _ := pos.NormalizeGTIN(c); return s }
	if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: []pos.Product{
		{SKU: "CAF", Name: "Café molido 250 g", Barcodes: []string{g("8410001000015")}, Price: 349, Currency: "EUR", TaxRate: 1000},
		{SKU: "VIN", Name: "Vino tinto", Barcodes: []string{g("8410001000039")}, Price: 899, Currency: "EUR", TaxRate: 2100},
	}}); err != nil {
		t.Fatal(err)
	}
	info := pos.StoreInfo{ID: "s1", Name: "Tienda Centro", Lang: "es", Currency: pos.EUR, Location: time.UTC}
	var q *pos.ReceiptQueue
	if printer != nil {
		q = pos.NewReceiptQueue(db, printer, info, quiet)
	}
	clock := pos.ClockFunc(func() time.Time { return time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC) })
	lane := pos.NewLane(pos.LaneConfig{DeviceID: "lane-1", Store: info, Access: pos.AccessPolicy{BcryptCost: 4}}, db, clock, q, quiet)
	if err := lane.Start(ctx); err != nil {
		t.Fatal(err)
	}
	// Sign the demo cashier in and open a shift: the lane sells only then.
	if err := lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}
	return lane, db, q
}

func TestLaneCashSaleAndReceipt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr := &printerPort{printed: make(chan struct{}, 4), broken: true}
	lane, db, q := newLane(t, pr)
	go q.Run(ctx)

	if _, err := lane.Scan(ctx, "8410001000015"); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.Scan(ctx, "8410001000039"); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.Scan(ctx, "8410001000046"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("unknown product: %v", err)
	}
	if _, err := lane.Scan(ctx, "8410001000016"); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("bad check digit: %v", err)
	}
	if _, err := lane.PayCash(ctx, 1000); pos.ErrorCode(err) != pos.EINSUFFICIENT {
		t.Fatalf("short cash: %v", err)
	}
	s, err := lane.PayCash(ctx, 2000)
	if err != nil {
		t.Fatal(err)
	}
	if s.Totals.Total != 1248 || s.Change != 752 || s.Number != 1 {
		t.Fatalf("sale total %d change %d number %d", s.Totals.Total, s.Change, s.Number)
	}
	if len(lane.Basket().Lines) != 0 {
		t.Error("basket not cleared after the sale")
	}
	// The printer is out of paper: the sale stands, the receipt waits.
	if _, err := db.SaleByID(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, lastErr := q.Status(); lastErr != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("printer failure never reported")
		}
		time.Sleep(10 * time.Millisecond)
	}
	pr.mu.Lock()
	pr.broken = false
	pr.mu.Unlock()
	q.Wake()
	select {
	case <-pr.printed:
	case <-time.After(5 * time.Second):
		t.Fatal("receipt not printed after the printer recovered")
	}
	r := pr.receipts[0]
	text := strings.Join(r.Header, "\n")
	for _, l := range append(r.Items, r.Totals...) {
		text += "\n" + l.Left + " " + l.Right
	}
	for _, want := range []string{"Tienda Centro", "Café molido 250 g 3,49 €", "Vino tinto 8,99 €", "TOTAL 12,48 €", "Efectivo 20,00 €", "Cambio 7,52 €"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
	// A reprint is marked as a copy.
	if err := lane.Reprint(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	select {
	case <-pr.printed:
	case <-time.After(5 * time.Second):
		t.Fatal("reprint not printed")
	}
	if !pr.receipts[1].Copy || !strings.Contains(pr.receipts[1].Title, "COPIA") {
		t.Errorf("reprint not marked as a copy: %+v", pr.receipts[1].Title)
	}
	if _, err := lane.PayCash(ctx, 100); pos.ErrorCode(err) != pos.EEMPTY {
		t.Errorf("paying an empty basket: %v", err)
	}
}

func TestLaneRefusesToSellOnBrokenJournal(t *testing.T) {
	ctx := context.Background()
	lane, db, _ := newLane(t, nil)
	lane.Scan(ctx, "8410001000015")
	if _, err := lane.PayCash(ctx, 500); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`UPDATE journal SET operator = 'mallory'`); err != nil {
		t.Fatal(err)
	}
	info := pos.StoreInfo{ID: "s1", Lang: "es", Currency: pos.EUR}
	lane2 := pos.NewLane(pos.LaneConfig{DeviceID: "lane-1", Store: info}, db, pos.SystemClock{}, nil, quiet)
	if err := lane2.Start(ctx); pos.ErrorCode(err) != pos.EJOURNAL {
		t.Fatalf("start on a tampered journal: %v", err)
	}
	if _, err := lane2.Scan(ctx, "8410001000015"); pos.ErrorCode(err) != pos.EJOURNAL {
		t.Fatalf("scan on a tampered journal: %v", err)
	}
}
