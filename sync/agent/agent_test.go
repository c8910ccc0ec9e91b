package agent_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/pos/sqlite"
	"github.com/omnilane/omnilane/sync/agent"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/faultproxy"
	"github.com/omnilane/omnilane/sync/testchain"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// world is a real central (SQLite file, HTTP on 127.0.0.1) reached through a
// fault proxy, and a real lane store with a lane selling from it.
type world struct {
	db     *sqlitestore.DB
	srv    *central.Server
	proxy  *faultproxy.Proxy
	fault  atomic.Int64 // faultproxy.Fault applied to journal pushes
	down   atomic.Bool  // drop every request
	store  *sqlite.DB
	agent  *agent.Agent
	reader *client.Client // straight to central
}

func newWorld(t *testing.T, products int) *world { return newWorldB(t, products) }

func newWorldB(t testing.TB, products int) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{}
	var err error
	w.db, err = sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "central.db"), pos.SystemClock{}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.db.Close() })
	if err := w.db.EnsureStore(ctx, "store-1"); err != nil {
		t.Fatal(err)
	}
	ps, err := samplecatalog.Generate(products)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	w.srv = central.NewServer(w.db, central.Config{PollInterval: 100 * time.Millisecond}, pos.SystemClock{}, quiet())
	cts := httptest.NewServer(w.srv)
	t.Cleanup(cts.Close)
	w.proxy = &faultproxy.Proxy{Target: cts.URL, Choose: func(r *http.Request) faultproxy.Fault {
		if w.down.Load() {
			return faultproxy.DropRequest
		}
		if r.URL.Path == "/v1/journal" {
			return faultproxy.Fault(w.fault.Load())
		}
		return faultproxy.Pass
	}}
	pts := httptest.NewServer(w.proxy)
	t.Cleanup(pts.Close)
	w.reader, _ = client.New(cts.URL, nil, "")

	w.store, err = sqlite.Open(ctx, filepath.Join(t.TempDir(), "lane.db"), "lane-1", quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.store.Close() })
	w.agent, err = agent.New(agent.Config{
		CentralURL: pts.URL, DeviceID: "lane-1", StoreID: "store-1", BatchSize: 4,
		LongPoll: 5 * time.Second, Interval: 200 * time.Millisecond, RequestTimeout: 5 * time.Second,
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
	}, w.store, &http.Client{}, pos.SystemClock{}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// sell records one cash sale in the lane's store the way the lane does:
// sale and journal event in one transaction (pos.SaleStore.CommitSale).
func (w *world) sell(t *testing.T) pos.Sale {
	t.Helper()
	now := time.Now()
	s := testchain.Sale("store-1", "lane-1", 0, 388, now)
	ev := pos.Event{DeviceID: "lane-1", ID: uuid.Must(uuid.NewV7()).String(), HLC: now.UnixMilli() << 16, At: now}
	if _, err := w.store.CommitSale(context.Background(), &s, ev); err != nil {
		t.Fatal(err)
	}
	return s
}

func (w *world) held(t *testing.T) (events int64, sales int) {
	t.Helper()
	rec, err := w.reader.DeviceRecord(context.Background(), "lane-1", 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return rec.EventCount, len(rec.Sales)
}

func TestAgentPushPullExactlyOnce(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 120)

	// Pull: the lane gets central's catalog and can sell from it.
	cur, err := w.agent.Pull(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := w.db.CatalogCursor(ctx); cur != want {
		t.Fatalf("lane cursor %d; central %d", cur, want)
	}
	for _, i := range []int{0, 50, 119} {
		want, _ := samplecatalog.Product(i)
		keys, _ := pos.LookupKeys(want.Barcodes[0])
		if got, err := w.store.ProductByCode(ctx, keys); err != nil || got.Name != want.Name || got.Price != want.Price {
			t.Fatalf("lane finds %s as %+v, %v", want.Barcodes[0], got, err)
		}
	}
	for range 6 {
		w.sell(t)
	}
	if st := w.agent.SyncStatus(); st.Pending != 0 {
		t.Fatalf("status before any push: %+v", st) // pending is learnt at the next push
	}

	// The ack is lost: central stores the batch, the lane does not learn it.
	w.fault.Store(int64(faultproxy.DropResponse))
	if _, err := w.agent.Push(ctx); err == nil {
		t.Fatal("push with a lost ack succeeded")
	}
	if st := w.agent.SyncStatus(); st.Online || st.Pending != 6 || st.LastError == "" {
		t.Fatalf("status after a lost ack: %+v", st)
	}
	if lag := w.agent.Lag(time.Now().Add(time.Minute)); lag < time.Minute {
		t.Fatalf("lag %v with 6 entries pending for a minute", lag)
	}
	if acked, _ := w.store.AckedSeq(ctx); acked != 0 {
		t.Fatalf("lane recorded ack %d it never received", acked)
	}
	if ev, _ := w.held(t); ev != 4 {
		t.Fatalf("central holds %d after the first batch of 4", ev)
	}

	// Duplicated requests and then a clean re-send: held exactly once.
	w.fault.Store(int64(faultproxy.Duplicate))
	acked, err := w.agent.Push(ctx)
	if err != nil || acked != 6 {
		t.Fatalf("re-send: acked %d, %v", acked, err)
	}
	w.fault.Store(int64(faultproxy.Pass))
	if _, err := w.agent.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if ev, sales := w.held(t); ev != 6 || sales != 6 {
		t.Fatalf("central holds %d events, %d sales; want 6 and 6", ev, sales)
	}
	if st := w.agent.SyncStatus(); !st.Online || st.Pending != 0 || st.LastError != "" || st.LastSuccess.IsZero() {
		t.Fatalf("status after sync: %+v", st)
	}
	if lag := w.agent.Lag(time.Now()); lag != 0 {
		t.Fatalf("lag %v with nothing pending", lag)
	}
	if acked, _ := w.store.AckedSeq(ctx); acked != 6 {
		t.Fatalf("lane acked %d", acked)
	}
}

func TestAgentRunRetriesAndFollowsTheFeed(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newWorld(t, 60)
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	w.down.Store(true)
	done := make(chan error, 1)
	go func() { done <- w.agent.Run(ctx) }()

	// Central unreachable: sales go on, the lane shows offline and pending.
	for range 3 {
		w.sell(t)
		w.agent.Wake()
	}
	waitFor(t, "offline with 3 pending", func() bool {
		st := w.agent.SyncStatus()
		return !st.Online && st.Pending == 3
	})
	// Central back: the agent's retries drain the journal.
	w.down.Store(false)
	waitFor(t, "drained", func() bool {
		st := w.agent.SyncStatus()
		ev, sales := w.held(t)
		return st.Online && st.Pending == 0 && ev == 3 && sales == 3
	})

	// A price changed at central reaches the online lane through the long-poll.
	p, _ := samplecatalog.Product(0)
	p.Price = 123
	if err := w.reader.Post(ctx, central.PathAdminProducts, central.ProductChange{Products: []pos.Product{p}}, &central.ProductChangeResult{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "price change at the lane", func() bool {
		keys, _ := pos.LookupKeys(p.Barcodes[0])
		got, err := w.store.ProductByCode(ctx, keys)
		return err == nil && got.Price == 123
	})
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("Run returned %v", err)
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
