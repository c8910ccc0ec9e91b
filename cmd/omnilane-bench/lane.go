package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/pos/sqlite"
)

const device = "bench-lane"

func run(ctx context.Context, t *table, work string, n int, log *slog.Logger) error {
	path := filepath.Join(work, "lane.db")
	db, err := sqlite.Open(ctx, path, device, log)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(os.Stderr, "loading %d products into the lane database…\n", n)
	loadStart := time.Now()
	if err := db.BeginCatalogBulk(ctx); err != nil { // as a fresh lane's bootstrap does
		return err
	}
	var codes []string
	batch := make([]pos.Product, 0, 10_000)
	flush := func(cursor int64) error {
		err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: cursor, Products: batch})
		batch = batch[:0]
		return err
	}
	i := 0
	for p := range samplecatalog.Seq(n) {
		i++
		if len(p.Barcodes) > 0 && len(p.Barcodes[0]) == 14 && !p.ByWeight {
			if rand.IntN(max(n/20000, 1)) == 0 {
				codes = append(codes, strings.TrimLeft(p.Barcodes[0], "0"))
			}
		}
		batch = append(batch, p)
		if len(batch) == cap(batch) {
			if err := flush(int64(i)); err != nil {
				return err
			}
		}
	}
	if err := flush(int64(i)); err != nil {
		return err
	}
	if err := db.EndCatalogBulk(ctx); err != nil {
		return err
	}
	load := time.Since(loadStart)
	t.add("lane catalog load (10k/tx, search index built once)", fmt.Sprintf("%.0f products/s", float64(n)/load.Seconds()), "", "", true)

	lane, err := newLane(ctx, db, log)
	if err != nil {
		return err
	}
	if err := benchScan(ctx, t, db, lane, codes); err != nil {
		return err
	}
	if err := benchPromoScan(ctx, t, db, lane, codes); err != nil {
		return err
	}
	if err := benchSearch(ctx, t, db); err != nil {
		return err
	}
	if err := benchSale(ctx, t, work, db, lane, codes); err != nil {
		return err
	}
	db.Close()
	if err := benchColdStart(t, path); err != nil {
		return err
	}
	return benchImport(ctx, t, work, n, log)
}

func newLane(ctx context.Context, db *sqlite.DB, log *slog.Logger) (*pos.Lane, error) {
	info := pos.StoreInfo{ID: "store-1", Name: "Bench", Lang: "es", Currency: pos.EUR, Location: time.UTC}
	lane := pos.NewLane(pos.LaneConfig{DeviceID: device, Store: info}, db, pos.SystemClock{}, nil, log)
	if err := lane.Start(ctx); err != nil {
		return nil, err
	}
	return lane, lane.ReadyForDemo(ctx)
}

// benchScan: scan → priced line with 50 lines in the basket, beside a bare
// SQLite barcode lookup.
func benchScan(ctx context.Context, t *table, db *sqlite.DB, lane *pos.Lane, codes []string) error {
	for i := 0; i < 50; i++ {
		if _, err := lane.Scan(ctx, codes[i%len(codes)]); err != nil {
			return fmt.Errorf("fill basket: %w", err)
		}
	}
	stmt, err := db.SQL().PrepareContext(ctx, `SELECT p.sku, p.price FROM barcodes b JOIN products p ON p.sku = b.sku WHERE b.code = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	const rounds = 20_000
	scan := make([]time.Duration, 0, rounds)
	floor := make([]time.Duration, 0, rounds)
	for i := 0; i < rounds; i++ {
		code := codes[rand.IntN(len(codes))]
		g, _ := pos.NormalizeGTIN(code)
		s := time.Now()
		var sku string
		var price int64
		if err := stmt.QueryRowContext(ctx, g).Scan(&sku, &price); err != nil {
			return fmt.Errorf("floor lookup %s: %w", code, err)
		}
		floor = append(floor, time.Since(s))

		s = time.Now()
		l, err := lane.Scan(ctx, code)
		if err != nil {
			return fmt.Errorf("scan %s: %w", code, err)
		}
		_ = lane.Basket() // the priced basket the screen shows
		scan = append(scan, time.Since(s))
		if err := lane.VoidLine(ctx, l.No); err != nil {
			return err
		}
		if i%50 == 49 { // keep the basket between 50 and 100 lines
			if err := resetBasket(ctx, lane, codes); err != nil {
				return err
			}
		}
	}
	med, p99 := percentile(scan, 50), percentile(scan, 99)
	t.add("scan → priced line, 50-line basket, median", us(med), us(percentile(floor, 50))+" bare lookup", "≤ 250 µs", med <= 250*time.Microsecond)
	t.add("scan → priced line, 50-line basket, p99", us(p99), us(percentile(floor, 99))+" bare lookup", "≤ 1 ms", p99 <= time.Millisecond)
	return nil
}

func resetBasket(ctx context.Context, lane *pos.Lane, codes []string) error {
	if _, err := lane.PayCash(ctx, 100_000_000); err != nil {
		return err
	}
	for i := 0; i < 50; i++ {
		if _, err := lane.Scan(ctx, codes[i%len(codes)]); err != nil {
			return err
		}
	}
	return nil
}

// benchSearch: name search, first 20 results.
func benchSearch(ctx context.Context, t *table, db *sqlite.DB) error {
	queries := []string{"cafe", "leche", "agua min", "galletas", "aceite oliva", "arroz", "tomate", "queso cur", "yogur", "pan", "vino", "cerveza", "chocolate neg", "zumo nar", "jabon", "pasta", "atun", "harina", "azucar", "sal"}
	var ds []time.Duration
	for i := 0; i < 1000; i++ {
		q := queries[i%len(queries)]
		s := time.Now()
		if _, err := db.SearchProducts(ctx, q, 20); err != nil {
			return err
		}
		ds = append(ds, time.Since(s))
	}
	p99 := percentile(ds, 99)
	t.add("name search, first 20 results, p99", ms(p99), "", "≤ 20 ms", p99 <= 20*time.Millisecond)
	return nil
}

// benchSale: completing a 20-line sale durably, beside a bare one-row
// durable INSERT transaction on the same disk.
func benchSale(ctx context.Context, t *table, work string, db *sqlite.DB, lane *pos.Lane, codes []string) error {
	if _, err := lane.PayCash(ctx, 100_000_000); err != nil {
		return err
	}
	var sale []time.Duration
	for i := 0; i < 200; i++ {
		for j := 0; j < 20; j++ {
			if _, err := lane.Scan(ctx, codes[rand.IntN(len(codes))]); err != nil {
				return err
			}
		}
		s := time.Now()
		if _, err := lane.PayCash(ctx, 100_000_000); err != nil {
			return err
		}
		sale = append(sale, time.Since(s))
	}
	floor, err := durableInsertFloor(ctx, filepath.Join(work, "floor.db"))
	if err != nil {
		return err
	}
	med := percentile(sale, 50)
	t.add("complete a 20-line sale durably, median", ms(med), ms(floor)+" one-row durable INSERT", "≤ 5 ms", med <= 5*time.Millisecond)
	return nil
}

func durableInsertFloor(ctx context.Context, path string) (time.Duration, error) {
	fdb, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		return 0, err
	}
	defer fdb.Close()
	if _, err := fdb.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT)`); err != nil {
		return 0, err
	}
	var ds []time.Duration
	for i := 0; i < 200; i++ {
		s := time.Now()
		tx, err := fdb.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO t(v) VALUES (?)`, "x"); err != nil {
			return 0, err
		}
		if err := tx.Commit(); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(s))
	}
	return percentile(ds, 50), nil
}

// benchColdStart runs a fresh process that opens the lane database, verifies
// the journal and answers a scan, and reports its time and peak memory.
func benchColdStart(t *table, path string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	out, err := exec.Command(self, "-coldstart-child", path).Output()
	if err != nil {
		return fmt.Errorf("cold start child: %w", err)
	}
	var d time.Duration
	var kb int64
	if _, err := fmt.Sscanf(string(out), "%d %d", &d, &kb); err != nil {
		return fmt.Errorf("cold start child said %q: %w", out, err)
	}
	t.add("lane cold start to ready-to-scan", ms(d), "", "≤ 1 s", d <= time.Second)
	t.add("lane resident memory (peak)", fmt.Sprintf("%d MB", kb/1024), "", "≤ 150 MB", kb <= 150*1024)
	return nil
}

func coldStartChild(ctx context.Context, path string, log *slog.Logger) error {
	s := time.Now()
	db, err := sqlite.Open(ctx, path, device, log)
	if err != nil {
		return err
	}
	defer db.Close()
	// Ready to scan: the journal verified (Start) and a lookup answered.
	// Signing in is the cashier's step, not part of start-up.
	info := pos.StoreInfo{ID: "store-1", Name: "Bench", Lang: "es", Currency: pos.EUR, Location: time.UTC}
	lane := pos.NewLane(pos.LaneConfig{DeviceID: device, Store: info}, db, pos.SystemClock{}, nil, log)
	if err := lane.Start(ctx); err != nil {
		return err
	}
	if _, err := db.SearchProducts(ctx, "cafe", 1); err != nil {
		return err
	}
	d := time.Since(s)
	fmt.Printf("%d %d\n", int64(d), peakRSSKB())
	return nil
}

func peakRSSKB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			v, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			return v
		}
	}
	return -1
}
