package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/pgstore/pgtest"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/protocol"
	"github.com/omnilane/omnilane/sync/testchain"
)

// TestTwoProcessesOnePostgres starts two central processes on one
// PostgreSQL database at the same moment (both migrate), has lanes push
// the same journals to both at once, and checks every entry and sale is
// held exactly once and a catalog change made at one process reaches a
// lane long-polling the other.
func TestTwoProcessesOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dsn := pgtest.ServerForTest(t)
	ctx := context.Background()
	bin := buildCentral(t)
	bases := make([]string, 2)
	var wg sync.WaitGroup
	for i := range bases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bases[i], _ = startCentral(t, bin, "-db", dsn, "-store", "store-7", "-sample", "50")
		}()
	}
	wg.Wait()
	cs := make([]*client.Client, 2)
	for i, b := range bases {
		if b == "" {
			t.Fatal("a central process did not start")
		}
		c, err := client.New(b, &http.Client{Timeout: 30 * time.Second}, "")
		if err != nil {
			t.Fatal(err)
		}
		cs[i] = c
	}
	const lanes, perLane = 4, 120
	journals := make([][]pos.Event, lanes)
	for i := range journals {
		es, err := testchain.Chain("store-7", fmt.Sprintf("lane-%d", i+1), nil, perLane, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		journals[i] = es
	}
	errs := make(chan error, 2*lanes)
	for i := range lanes {
		for k := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- pushAll(ctx, cs[k], journals[i], 7+k*3)
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cs {
		for _, es := range journals {
			rec, err := c.DeviceRecord(ctx, es[0].DeviceID, 0, 1000)
			if err != nil || rec.EventCount != perLane || len(rec.Sales) != perLane || rec.AckedSeq != perLane {
				t.Fatalf("%s: %d events, %d sales, acked %d (%v); want %d each", es[0].DeviceID, rec.EventCount, len(rec.Sales), rec.AckedSeq, err, perLane)
			}
		}
	}
	// Both seeded the same 50 products; the second seeding changed nothing.
	page, err := cs[1].Feed(ctx, "store-7", 0, 1000, 0)
	if err != nil || len(page.Products) != 50 || page.Cursor != 50 {
		t.Fatalf("feed: %d products to %d, %v", len(page.Products), page.Cursor, err)
	}
	done := make(chan protocol.FeedPage, 1)
	go func() {
		p, _ := cs[1].Feed(ctx, "store-7", page.Cursor, 10, 20*time.Second)
		done <- p
	}()
	time.Sleep(200 * time.Millisecond)
	changed := page.Products[0]
	changed.Price += 10
	if err := cs[0].Post(ctx, central.PathAdminProducts, central.ProductChange{Products: []pos.Product{changed}}, &central.ProductChangeResult{}); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-done:
		if len(p.Products) != 1 || p.Products[0].Price != changed.Price {
			t.Fatalf("long poll at the other process: %+v", p)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("a change at one process did not reach a lane polling the other")
	}
}

// pushAll pushes es in overlapping batches of step until central acks all.
func pushAll(ctx context.Context, c *client.Client, es []pos.Event, step int) error {
	var acked int64
	for start := 0; acked < int64(len(es)); start = max(0, int(acked)-2) {
		end := min(len(es), start+step)
		ack, err := c.PushBatch(ctx, protocol.JournalBatch{DeviceID: es[0].DeviceID, Entries: es[start:end]})
		var pe *protocol.Error
		switch {
		case errors.As(err, &pe) && pe.Code == protocol.CodeChainGap:
			acked = max(acked, pe.AckedSeq)
		case err != nil:
			return fmt.Errorf("%s: %w", es[0].DeviceID, err)
		default:
			acked = max(acked, ack.AckedSeq)
		}
	}
	return nil
}
