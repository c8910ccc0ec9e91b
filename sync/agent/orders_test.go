package agent_test

import (
	"context"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
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
