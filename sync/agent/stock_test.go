package agent_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/agent"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
	"github.com/omnilane/omnilane/sync/testchain"
)

const sku = "P0000000" // what testchain's sales sell, one unit each

// onHand is the lane's on-hand of sku; it fails the test when unknown.
func (w *world) onHand(t *testing.T) int64 {
	t.Helper()
	got, err := w.store.OnHand(context.Background(), []string{sku})
	if err != nil {
		t.Fatal(err)
	}
	if !got[sku].Known {
		t.Fatalf("on-hand of %s unknown at the lane: %+v", sku, got)
	}
	return got[sku].Units
}

func (w *world) count(t *testing.T, qty int64, at time.Time) {
	t.Helper()
	path := strings.Replace(central.PathAdminStock, "{store}", "store-1", 1)
	if err := w.reader.Post(context.Background(), path, []protocol.StockCount{{SKU: sku, Qty: qty, At: at}}, &map[string]int{}); err != nil {
		t.Fatal(err)
	}
}

func (w *world) centralOnHand(t *testing.T) int64 {
	t.Helper()
	levels, err := w.reader.Stock(context.Background(), "store-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range levels {
		if l.SKU == sku {
			return l.OnHand
		}
	}
	t.Fatalf("central has no level of %s: %+v", sku, levels)
	return 0
}

// TestOnHandIsSnapshotPlusUncounted: a count at central reaches the lane
// with the feed; sales made offline come off at once; after the push and
// the next pull the figure is the same (nothing subtracted twice); a peer
// lane's sales held from the LAN count until central has them; a sale that
// happened before a later count is in that count.
func TestOnHandIsSnapshotPlusUncounted(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 10)
	w.count(t, 40, time.Now().Add(-time.Minute))
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got := w.onHand(t); got != 40 {
		t.Fatalf("after the count reached the lane: %d; want 40", got)
	}

	// Offline: two sales come off the lane's figure at once.
	w.down.Store(true)
	w.sell(t)
	w.sell(t)
	if _, err := w.agent.Pull(ctx); err == nil {
		t.Fatal("pull succeeded with central unreachable")
	}
	if got := w.onHand(t); got != 38 {
		t.Fatalf("offline after two sales: %d; want 38", got)
	}

	// Back online: pushed, central counts them; before and after the next pull the lane still says 38.
	w.down.Store(false)
	if _, err := w.agent.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if got := w.centralOnHand(t); got != 38 {
		t.Fatalf("central after the push: %d; want 38", got)
	}
	if got := w.onHand(t); got != 38 {
		t.Fatalf("pushed, old snapshot: %d; want 38", got)
	}
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got := w.onHand(t); got != 38 {
		t.Fatalf("pushed and pulled: %d; want 38 (a sale subtracted twice?)", got)
	}

	// A peer lane's three sales, copied over the LAN, count once the
	// snapshot says how far central has lane-2's journal, and only until
	// central has them.
	peer, err := testchain.Chain("store-1", "lane-2", nil, 3, time.Now().Add(-30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AppendPeerEvents(ctx, "store-1", peer); err != nil {
		t.Fatal(err)
	}
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got := w.onHand(t); got != 35 {
		t.Fatalf("with lane-2's three sales held from the LAN: %d; want 35", got)
	}
	if _, err := w.reader.PushBatch(ctx, protocol.JournalBatch{DeviceID: "lane-2", Entries: peer}); err != nil {
		t.Fatal(err)
	}
	if got := w.onHand(t); got != 35 {
		t.Fatalf("lane-2 pushed, old snapshot: %d; want 35", got)
	}
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got, c := w.onHand(t), w.centralOnHand(t); got != 35 || c != 35 {
		t.Fatalf("lane-2 pushed and pulled: lane %d, central %d; want 35", got, c)
	}

	// A sale offline, then a recount at central that saw the shelf after it:
	// the sale is in the count, before and after it reaches central.
	w.down.Store(true)
	w.sell(t)
	w.down.Store(false)
	time.Sleep(5 * time.Millisecond)
	w.count(t, 50, time.Now())
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got := w.onHand(t); got != 50 {
		t.Fatalf("recount after an unpushed sale: %d; want 50", got)
	}
	if _, err := w.agent.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got, c := w.onHand(t), w.centralOnHand(t); got != 50 || c != 50 {
		t.Fatalf("recount, pushed and pulled: lane %d, central %d; want 50", got, c)
	}

	// A SKU central never counted is unknown, not zero.
	if got, err := w.store.OnHand(ctx, []string{"P0000003"}); err != nil || got["P0000003"].Known {
		t.Fatalf("uncounted SKU: %+v, %v", got, err)
	}
}

// TestStockBootstrapInPagesResumesAfterACut: a snapshot bigger than a page
// comes in pages; a cut between pages leaves the lane at its old position,
// so the next pull starts the snapshot again and ends exact; then only
// changes are asked for.
func TestStockBootstrapInPagesResumesAfterACut(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 10)
	path := strings.Replace(central.PathAdminStock, "{store}", "store-1", 1)
	at := time.Now().Add(-time.Minute)
	if err := w.reader.Post(ctx, path, []protocol.StockCount{{SKU: "P0000000", Qty: 40, At: at}, {SKU: "P0000001", Qty: 7, At: at}, {SKU: "P0000002", Qty: 3, At: at}}, &map[string]int{}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var asked []string // counts=/after= of each stock feed request
	cut := true
	front := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/stock/feed") {
			mu.Lock()
			after := r.URL.Query().Get("after")
			asked = append(asked, r.URL.Query().Get("counts")+"/"+after)
			drop := cut && after == "P0000001"
			if drop {
				cut = false
			}
			mu.Unlock()
			if drop {
				http.Error(rw, "cut", http.StatusBadGateway)
				return
			}
		}
		w.srv.ServeHTTP(rw, r)
	}))
	t.Cleanup(front.Close)
	a, err := agent.New(agent.Config{CentralURL: front.URL, DeviceID: "lane-1", StoreID: "store-1", LongPoll: -1, StockPageSize: 1}, w.store, &http.Client{}, pos.SystemClock{}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.PullStock(ctx); err == nil {
		t.Fatal("a pull cut between pages succeeded")
	}
	if moves, counts, _, err := w.store.StockPosition(ctx); err != nil || moves != 0 || counts != 0 {
		t.Fatalf("position after a cut bootstrap: %d/%d, %v; want 0/0", moves, counts, err)
	}
	if err := a.PullStock(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := w.store.OnHand(ctx, []string{"P0000000", "P0000001", "P0000002"})
	if err != nil || got["P0000000"].Units != 40 || got["P0000001"].Units != 7 || got["P0000002"].Units != 3 || !got["P0000002"].Known {
		t.Fatalf("on-hand after the bootstrap: %+v, %v", got, err)
	}
	mu.Lock()
	asked = nil
	mu.Unlock()
	if err := a.PullStock(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(asked) != 1 || strings.HasPrefix(asked[0], "0/") {
		t.Fatalf("after the bootstrap the lane asked %q; want one request from its position", asked)
	}
}
