package agent_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
	"github.com/omnilane/omnilane/sync/agent"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/faultproxy"
)

func TestOrdersReachTheLane(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 10)
	o := pos.Order{ID: "web-1001", StoreID: "store-1", PickupCode: "K7Q2", CustomerName: "Lucía Pérez", Phone: "600111222",
		Status: pos.OrderReady, Currency: "EUR", Lines: []pos.OrderLine{{No: 1, SKU: "P0000000", Name: "Café molido 250 g", Qty: 1, Amount: 289}}, Paid: 289}
	if err := w.reader.Post(ctx, central.PathAdminOrders, central.OrdersChange{Orders: []pos.Order{o}}, &map[string]int{}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	found, err := w.store.FindOrders(ctx, "K7Q2", 5)
	if err != nil || len(found) != 1 || found[0].ID != o.ID {
		t.Fatalf("lane finds %+v, %v", found, err)
	}
	// Cancelled at central: the lane learns it at the next pull.
	o.Status = pos.OrderCancelled
	if err := w.reader.Post(ctx, central.PathAdminOrders, central.OrdersChange{Orders: []pos.Order{o}}, &map[string]int{}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := w.store.OrderByID(ctx, o.ID); err != nil || got.Status != pos.OrderCancelled {
		t.Fatalf("lane holds %+v, %v", got, err)
	}
	// Returns anywhere: the lane asks central for a sale rung elsewhere.
	s := w.sell(t)
	if _, err := w.agent.Push(ctx); err != nil {
		t.Fatal(err)
	}
	look, err := w.agent.LookupSale(ctx, s.ReceiptCode())
	if err != nil || look.Sale.ID != s.ID {
		t.Fatalf("lookup %s: %+v, %v", s.ReceiptCode(), look, err)
	}
	finder := pos.SaleLookup{DeviceID: "lane-9", Central: w.agent}
	if got, err := finder.FindSale(ctx, s.ReceiptCode()); err != nil || got.ID != s.ID {
		t.Fatalf("pos.SaleLookup through central: %+v, %v", got, err)
	}
	if _, err := w.agent.SaleByReceipt(ctx, "lane-1-000777"); !pos.IsNotFound(err) {
		t.Fatalf("unknown receipt: %v", err)
	}
	w.down.Store(true)
	if _, err := w.agent.SaleByReceipt(ctx, s.ReceiptCode()); err == nil || pos.IsNotFound(err) {
		t.Fatalf("central unreachable reads as %v", err)
	}
}

// TestEmptyCatalogDoesNotSpin: against a central with no products, a
// running agent long-polls instead of asking again and again.
func TestEmptyCatalogDoesNotSpin(t *testing.T) {
	w := newWorld(t, 0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.agent.Run(ctx) }()
	time.Sleep(1500 * time.Millisecond)
	cancel()
	<-done
	n := w.proxy.Count(faultproxy.Pass)
	t.Logf("%d requests", n)
	if n > 20 {
		t.Fatalf("%d requests in 1.5 s with nothing to fetch", n)
	}
}

// TestOrdersCursorSurvivesRestart: the lane keeps its place in the orders
// feed in its database, so a restarted lane asks only for orders changed
// since, and still learns the changes made while it was down.
func TestOrdersCursorSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 0)
	var asked []string // cursor= of every orders request
	var mu sync.Mutex
	front := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/orders") {
			mu.Lock()
			asked = append(asked, r.URL.Query().Get("cursor"))
			mu.Unlock()
		}
		w.srv.ServeHTTP(rw, r)
	}))
	t.Cleanup(front.Close)
	dbPath := filepath.Join(t.TempDir(), "lane-2.db")
	start := func() (*sqlite.DB, *agent.Agent) {
		st, err := sqlite.Open(ctx, dbPath, "lane-2", quiet())
		if err != nil {
			t.Fatal(err)
		}
		a, err := agent.New(agent.Config{CentralURL: front.URL, DeviceID: "lane-2", StoreID: "store-1", LongPoll: -1}, st, &http.Client{}, pos.SystemClock{}, quiet())
		if err != nil {
			t.Fatal(err)
		}
		return st, a
	}
	order := func(id, code string) pos.Order {
		return pos.Order{ID: id, StoreID: "store-1", PickupCode: code, CustomerName: "Lucía Pérez", Phone: "600111222",
			Status: pos.OrderReady, Currency: "EUR", Lines: []pos.OrderLine{{No: 1, SKU: "P0000000", Name: "Café", Qty: 1, Amount: 289}}, Paid: 289}
	}
	post := func(o pos.Order) {
		if err := w.reader.Post(ctx, central.PathAdminOrders, central.OrdersChange{Orders: []pos.Order{o}}, &map[string]int{}); err != nil {
			t.Fatal(err)
		}
	}
	post(order("web-1", "AAA1"))
	post(order("web-2", "AAA2"))
	st, a := start()
	if _, err := a.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	cur, err := st.OrdersCursor(ctx)
	if err != nil || cur == 0 {
		t.Fatalf("orders cursor after the first pull: %d, %v", cur, err)
	}
	st.Close()

	// While the lane is down, one order changes and one is new.
	o1 := order("web-1", "AAA1")
	o1.Status = pos.OrderCancelled
	post(o1)
	post(order("web-3", "AAA3"))
	mu.Lock()
	asked = nil
	mu.Unlock()
	st, a = start()
	defer st.Close()
	if _, err := a.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	first := asked
	mu.Unlock()
	if len(first) == 0 || first[0] != strconv.FormatInt(cur, 10) {
		t.Fatalf("after a restart the lane asked for orders from cursor %q; want %d", first, cur)
	}
	if got, err := st.OrderByID(ctx, "web-1"); err != nil || got.Status != pos.OrderCancelled {
		t.Fatalf("order cancelled while down: %+v, %v", got, err)
	}
	if found, err := st.FindOrders(ctx, "AAA3", 5); err != nil || len(found) != 1 {
		t.Fatalf("order added while down: %+v, %v", found, err)
	}
	if n, _ := st.OrdersCursor(ctx); n <= cur {
		t.Fatalf("orders cursor %d did not move past %d", n, cur)
	}
}
