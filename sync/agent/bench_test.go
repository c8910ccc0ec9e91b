package agent_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/pos/sqlite"
	"github.com/omnilane/omnilane/sync/agent"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
	"github.com/omnilane/omnilane/sync/testchain"
)

// benchCentral starts a central on a fresh SQLite file, over loopback.
func benchCentral(b *testing.B) (*sqlitestore.DB, string) {
	b.Helper()
	db, err := sqlitestore.Open(context.Background(), filepath.Join(b.TempDir(), "central.db"), pos.SystemClock{}, quiet())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.EnsureStore(context.Background(), "store-1"); err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(central.NewServer(db, central.Config{}, pos.SystemClock{}, quiet()))
	b.Cleanup(ts.Close)
	return db, ts.URL
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkDrain10000Sales: a lane that sold 10,000 times while offline
// pushes its journal to central and records the acknowledgement. Target ≤ 10 s.
func BenchmarkDrain10000Sales(b *testing.B) {
	const sales = 10000
	ctx := context.Background()
	tmpl := filepath.Join(b.TempDir(), "template.db")
	store, err := sqlite.Open(ctx, tmpl, "lane-1", quiet())
	if err != nil {
		b.Fatal(err)
	}
	for i := range sales {
		now := time.Now()
		s := testchain.Sale("store-1", "lane-1", 0, pos.Money(100+i%900), now)
		if _, err := store.CommitSale(ctx, &s, pos.Event{DeviceID: "lane-1", ID: uuid.Must(uuid.NewV7()).String(), HLC: now.UnixMilli() << 16, At: now}); err != nil {
			b.Fatal(err)
		}
	}
	store.Close()
	var total time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		db, url := benchCentral(b)
		path := filepath.Join(b.TempDir(), "lane.db")
		if err := copyFile(path, tmpl); err != nil {
			b.Fatal(err)
		}
		store, err := sqlite.Open(ctx, path, "lane-1", quiet())
		if err != nil {
			b.Fatal(err)
		}
		a, err := agent.New(agent.Config{CentralURL: url, DeviceID: "lane-1", StoreID: "store-1"}, store, &http.Client{}, pos.SystemClock{}, quiet())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		acked, err := a.Push(ctx)
		total += time.Since(start)
		b.StopTimer()
		if err != nil || acked != sales {
			b.Fatalf("acked %d, %v", acked, err)
		}
		if cnt, _, _ := db.SalesTotal(ctx); cnt != sales {
			b.Fatalf("central holds %d sales", cnt)
		}
		store.Close()
		n++
		b.StartTimer()
	}
	b.ReportMetric(total.Seconds()/float64(n), "s/drain")
	b.ReportMetric(float64(sales*n)/total.Seconds(), "sales/s")
}

// BenchmarkBootstrap: a fresh lane pulls the whole catalog from central.
// OMNILANE_BENCH_PRODUCTS sets the size (default 100,000; the target is
// 1,000,000 in ≤ 30 s).
func BenchmarkBootstrap(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("OMNILANE_BENCH_PRODUCTS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	db, url := benchCentral(b)
	_, err := db.ImportProducts(ctx, func(yield func(pos.Product, error) bool) {
		for p := range samplecatalog.Seq(n) {
			if !yield(p, nil) {
				return
			}
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	runs := 0
	for b.Loop() {
		b.StopTimer()
		store, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("lane-%d.db", runs)), "lane-1", quiet())
		if err != nil {
			b.Fatal(err)
		}
		a, err := agent.New(agent.Config{CentralURL: url, DeviceID: "lane-1", StoreID: "store-1", PageSize: 10000}, store, &http.Client{}, pos.SystemClock{}, quiet())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if _, err := a.Pull(ctx); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		b.StopTimer()
		p, _ := samplecatalog.Product(n - 1)
		keys, _ := pos.LookupKeys(p.Barcodes[0])
		if got, err := store.ProductByCode(ctx, keys); err != nil || got.SKU != p.SKU {
			b.Fatalf("last product not at the lane: %v", err)
		}
		store.Close()
		runs++
		b.StartTimer()
	}
	b.ReportMetric(total.Seconds()/float64(runs), "s/bootstrap")
	b.ReportMetric(float64(n*runs)/total.Seconds(), "products/s")
}
