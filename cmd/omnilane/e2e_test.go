package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/cmd/internal/procs"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/enroll"
)

// TestSaleEndToEnd is the walking skeleton: the real central server and the
// real printer simulator run as processes; a sale is rung through the pos
// service of a lane wired as cmd/omnilane wires it.
func TestSaleEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs processes")
	}
	ctx, dir, bins, logs := buildProcs(t, 3*time.Minute, "./cmd/omnilane-central", "./cmd/omnilane-sim")
	// Central over TLS, devices must enroll: a one-time token first.
	centralDB := filepath.Join(dir, "central.db")
	tok, err := procs.IssueToken(ctx, bins[0], centralDB, "store-1")
	if err != nil {
		t.Fatal(err)
	}
	central, err := procs.Start(ctx, logs, 30*time.Second, bins[0], "-listen", "127.0.0.1:0", "-db", centralDB, "-sample", "50", "-tls", "-require-auth")
	if err != nil {
		t.Fatal(err)
	}
	defer central.Stop()
	receipts := filepath.Join(dir, "receipts")
	sim, err := procs.Start(ctx, logs, 30*time.Second, bins[1], "printer", "-listen", "127.0.0.1:0", "-out", receipts)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Stop()

	terminal, err := procs.Start(ctx, logs, 30*time.Second, bins[1], "terminal", "-listen", "127.0.0.1:0", "-ledger", filepath.Join(dir, "terminal-ledger.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer terminal.Stop()

	cfg := testConfig(dir)
	cfg.Central, cfg.Printer, cfg.Card.Addr = "https://"+central.Addr, sim.Addr, terminal.Addr
	if _, err := startSystem(ctx, cfg, newLogger(logs, "debug")); err == nil || !strings.Contains(err.Error(), "enroll") {
		t.Fatalf("a lane that never enrolled started against a TLS central: %v", err)
	}
	var out bytes.Buffer
	if code := runEnroll(ctx, []string{"-central", cfg.Central, "-token", tok.Token, "-fingerprint", tok.Fingerprint,
		"-db", cfg.DB, "-device", cfg.Device}, &out, logs); code != 0 {
		t.Fatalf("enroll exited %d", code)
	}
	if code := runEnroll(ctx, []string{"-central", cfg.Central, "-token", tok.Token, "-db", cfg.DB, "-device", "lane-other"}, &out, logs); code == 0 {
		t.Fatal("a one-time token enrolled a second device")
	}
	sys, err := startSystem(ctx, cfg, newLogger(logs, "debug"))
	if err != nil {
		t.Fatal(err)
	}
	defer sys.close()
	if err := sys.waitForCatalog(ctx, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := sys.lane.Access().SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signInAndOpen(ctx, sys.lane, "1001", "1234", true); err != nil {
		t.Fatal(err)
	}

	// Scan two products and pay cash.
	var names []string
	for i := range 2 {
		p, err := samplecatalog.Product(i)
		if err != nil {
			t.Fatal(err)
		}
		l, err := sys.lane.Scan(ctx, strings.TrimPrefix(p.Barcodes[0], "0"))
		if err != nil {
			t.Fatalf("scan %s: %v", p.Barcodes[0], err)
		}
		names = append(names, l.Name)
	}
	total := sys.lane.Basket().Totals.Total
	received := (total/1000 + 1) * 1000 // the next 10-euro note
	sale, err := sys.lane.PayCash(ctx, received)
	if err != nil {
		t.Fatal(err)
	}
	m := func(v pos.Money) string { return pos.EUR.Format(v, "es") }

	// The sale and its journal event are in the lane's SQLite file.
	raw, err := sql.Open("sqlite", "file:"+cfg.DB+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM sales WHERE id = ? AND total = ?`, sale.ID, int64(total)).Scan(&n); err != nil || n != 1 {
		t.Fatalf("sale rows in the lane file: %d, %v", n, err)
	}
	var saleSeq int64
	if err := raw.QueryRow(`SELECT count(*), max(seq) FROM journal WHERE type = 'sale.completed' AND payload LIKE '%' || ? || '%'`, sale.ID).Scan(&n, &saleSeq); err != nil || n != 1 {
		t.Fatalf("journal events for the sale: %d, %v", n, err)
	}

	// The simulator received a receipt with both lines, the total and the
	// change, and the drawer opened.
	if err := sys.waitPrinted(ctx, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, 10*time.Second, "drawer pulse", func() (bool, error) {
		return strings.Contains(logs.String(), "drawer kicked"), nil
	}); err != nil {
		t.Error("the cash drawer did not open for the cash sale:", err)
	}
	text, err := os.ReadFile(filepath.Join(receipts, "receipt-0001.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range append(names, "TOTAL", m(total), "Cambio", m(sale.Change), sale.ReceiptCode()) {
		if !strings.Contains(string(text), want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}

	// Central holds the event exactly once, even after the agent re-sends it.
	if err := sys.waitSynced(ctx, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	cr, err := enroll.Load(cfg.credentialsPath())
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(cr.CentralURL, cr.HTTPClient(), cr.Credential)
	if err != nil {
		t.Fatal(err)
	}
	last, err := sys.db.LastEvent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		rec, err := c.DeviceRecord(ctx, cfg.Device, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		sales := 0
		for _, e := range rec.Events {
			if e.Type == pos.EventSaleCompleted {
				sales++
				if e.Seq != saleSeq {
					t.Errorf("%s: central holds the sale at seq %d, the lane at %d", when, e.Seq, saleSeq)
				}
			}
		}
		if rec.EventCount != last.Seq || len(rec.Events) != int(last.Seq) || sales != 1 {
			t.Fatalf("%s: central holds %d events (%d sale events); the lane's journal has %d", when, rec.EventCount, sales, last.Seq)
		}
		if len(rec.Sales) != 1 || rec.Sales[0].ID != sale.ID || rec.Sales[0].Totals.Total != total {
			t.Fatalf("%s: central's sales %+v; want the one sale once", when, rec.Sales)
		}
	}
	check("after the first push")
	// Forget the acknowledgement so the agent sends the event again.
	if _, err := sys.db.SQL().ExecContext(ctx, `UPDATE sync_state SET value = 0 WHERE key = 'acked_seq'`); err != nil {
		t.Fatal(err)
	}
	if p, _ := sys.db.PendingEvents(ctx); p != last.Seq {
		t.Fatalf("pending after forgetting the ack = %d", p)
	}
	if err := sys.waitSynced(ctx, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	check("after the re-send")

	// A card sale: paid on the terminal, its customer slip printed with the
	// receipt, no card number anywhere but masked.
	p, _ := samplecatalog.Product(2)
	if _, err := sys.lane.Scan(ctx, strings.TrimPrefix(p.Barcodes[0], "0")); err != nil {
		t.Fatal(err)
	}
	cardSale, err := sys.lane.PayCard(ctx, sys.cards)
	if err != nil {
		t.Fatal(err)
	}
	if len(cardSale.Tenders) != 1 || cardSale.Tenders[0].Method != pos.TenderCard || cardSale.Tenders[0].Ref == "" {
		t.Fatalf("card sale tenders = %+v", cardSale.Tenders)
	}
	if err := sys.waitPrinted(ctx, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	text, err = os.ReadFile(filepath.Join(receipts, "receipt-0002.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{p.Name, "Tarjeta", m(cardSale.Totals.Total), "CUSTOMER COPY", "******", "APROBADA"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("card receipt lacks %q:\n%s", want, text)
		}
	}
	// The terminal profile says the lane prints the merchant copy: on its own.
	if err := poll(ctx, 10*time.Second, "merchant copy", func() (bool, error) {
		b, err := os.ReadFile(filepath.Join(receipts, "receipt-0003.txt"))
		return err == nil && strings.Contains(string(b), "MERCHANT COPY") && !strings.Contains(string(b), "TOTAL"), nil
	}); err != nil {
		t.Error(err)
	}
	if err := sys.waitSynced(ctx, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	rec, err := c.DeviceRecord(ctx, cfg.Device, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Sales) != 2 {
		t.Fatalf("central holds %d sales after the card sale; want 2", len(rec.Sales))
	}
}

func testConfig(dir string) config {
	var cfg config
	fs := newFlagSet()
	cfg.bind(fs)
	_ = fs.Parse(nil)
	cfg.DB = filepath.Join(dir, "lane.db")
	cfg.Device = "lane-e2e"
	cfg.Peers.Listen, cfg.Peers.DNSSD = "127.0.0.1:0", false // no LAN traffic from tests
	return cfg
}

// lockedBuffer collects the output of several processes at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
