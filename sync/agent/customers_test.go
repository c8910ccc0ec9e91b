package agent_test

import (
	"context"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
)

// TestCustomersFindOrdersAtTheDesk: a customer summary posted at central
// reaches the lanes of its home store; the desk then finds the customer's
// pickup order by their email or loyalty card, which the order does not
// carry; a customer erased at central is forgotten by the lane at the next
// pull; a customer of another store never arrives.
func TestCustomersFindOrdersAtTheDesk(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 0)
	post := func(c central.CustomersChange) {
		t.Helper()
		if err := w.reader.Post(ctx, central.PathAdminCustomers, c, &central.ProductChangeResult{}); err != nil {
			t.Fatal(err)
		}
	}
	post(central.CustomersChange{Customers: []pos.Customer{
		{ID: "C-1001", HomeStore: "store-1", Name: "Lucía Pérez", Phone: "600 111 222", Email: "Lucia@Example.com", Tier: "oro", Points: 1250},
		{ID: "C-2002", HomeStore: "store-2", Name: "Jon Etxeberria", Phone: "600333444", Email: "jon@example.com"},
	}})
	// The order was placed under a nickname, with her phone.
	o := pos.Order{ID: "web-77", StoreID: "store-1", PickupCode: "Q9Z4", CustomerName: "Lu", Phone: "600111222",
		Status: pos.OrderReady, Currency: "EUR", Lines: []pos.OrderLine{{No: 1, SKU: "P0000000", Name: "Café", Qty: 1, Amount: 289}}, Paid: 289}
	if err := w.reader.Post(ctx, central.PathAdminOrders, central.OrdersChange{Orders: []pos.Order{o}}, &map[string]int{}); err != nil {
		t.Fatal(err)
	}
	find := func(q string) []pos.Order {
		t.Helper()
		got, err := w.store.FindOrders(ctx, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := find("lucia@example.com"); len(got) != 0 {
		t.Fatalf("found by email before the customers reached the lane: %+v", got)
	}
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"lucia@example.com", "C-1001"} {
		if got := find(q); len(got) != 1 || got[0].ID != o.ID {
			t.Fatalf("desk looks for %q: %+v", q, got)
		}
	}
	if c, err := w.store.CustomerByID(ctx, "C-1001"); err != nil || c.Tier != "oro" || c.Points != 1250 {
		t.Fatalf("summary at the lane: %+v, %v", c, err)
	}
	if _, err := w.store.CustomerByID(ctx, "C-2002"); !pos.IsNotFound(err) {
		t.Fatalf("another store's customer reached the lane: %v", err)
	}
	// Erased at central: gone from the lane after the next pull.
	post(central.CustomersChange{Removed: []string{"C-1001"}})
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.CustomerByID(ctx, "C-1001"); !pos.IsNotFound(err) {
		t.Fatalf("erased customer still at the lane: %v", err)
	}
	if got := find("lucia@example.com"); len(got) != 0 {
		t.Fatalf("found by an erased customer's email: %+v", got)
	}
	if got := find("Q9Z4"); len(got) != 1 {
		t.Fatalf("the order itself: %+v", got)
	}
}
