package agent_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
	"github.com/omnilane/omnilane/sync/agent"
)

// TestMain lets the test binary play a lane process for the kill -9 test:
// with OMNILANE_TEST_LANE set it runs a lane (real store, real agent) instead
// of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("OMNILANE_TEST_LANE") != "" {
		if err := laneProcess(); err != nil {
			fmt.Fprintln(os.Stderr, "lane process:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// laneProcess sells until killed (mode "sell") or pushes until central
// holds the whole journal (mode "drain").
func laneProcess() error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	device, dbPath, url, mode := os.Getenv("LANE_DEVICE"), os.Getenv("LANE_DB"), os.Getenv("LANE_CENTRAL"), os.Getenv("LANE_MODE")
	store, err := sqlite.Open(ctx, dbPath, device, quiet())
	if err != nil {
		return err
	}
	defer store.Close()
	if _, err := store.VerifyJournal(ctx); err != nil {
		return fmt.Errorf("journal after restart: %w", err)
	}
	a, err := agent.New(agent.Config{CentralURL: url, DeviceID: device, StoreID: "store-1", BatchSize: 7,
		LongPoll: -1, Interval: 50 * time.Millisecond, RequestTimeout: 2 * time.Second,
		MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}, store, &http.Client{}, pos.SystemClock{}, quiet())
	if err != nil {
		return err
	}
	go a.Run(ctx)
	if mode == "drain" {
		for ctx.Err() == nil {
			last, _ := store.LastEvent(ctx)
			if acked, _ := store.AckedSeq(ctx); acked == last.Seq {
				return nil
			}
			time.Sleep(20 * time.Millisecond)
		}
		return ctx.Err()
	}
	for i := 0; ctx.Err() == nil; i++ {
		now := time.Now()
		s := pos.Sale{ID: newID(), StoreID: "store-1", DeviceID: device, Currency: "EUR",
			Lines:   []pos.Line{{No: 1, SKU: "P0000000", Name: "Café molido 250 g", Qty: 1, UnitPrice: pos.Money(100 + i%37), Amount: pos.Money(100 + i%37), TaxRate: 1000}},
			Totals:  pos.Totals{Total: pos.Money(100 + i%37), Items: 1},
			Tenders: []pos.Tender{{Method: pos.TenderCash, Amount: pos.Money(100 + i%37)}}, At: now.UTC()}
		ev := pos.Event{DeviceID: device, ID: newID(), HLC: now.UnixMilli() << 16, At: now}
		if _, err := store.CommitSale(ctx, &s, ev); err != nil {
			return err
		}
		a.Wake()
		if i == 0 {
			fmt.Println("selling") // the parent kills only a lane that sells
		}
		time.Sleep(time.Duration(2+i%5) * time.Millisecond)
	}
	return nil
}
