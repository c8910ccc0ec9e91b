package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

// TestDeskPickupByCustomerEmailOrCard: with the customer summaries from
// central, the desk finds an order placed under a nickname by the
// customer's email or loyalty card; without a match it says so.
func TestDeskPickupByCustomerEmailOrCard(t *testing.T) {
	a := test.NewTempApp(t)
	lane, db := newTestLane(t)
	ctx := context.Background()
	if err := db.ApplyCustomers(ctx, pos.CustomerDelta{Cursor: 1, Customers: []pos.Customer{
		{ID: "C-1001", Name: "Lucía Fernández", Phone: "600 111 222", Email: "lucia@example.com", Tier: "oro"}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertOrders(ctx, []pos.Order{{ID: "W-1001", StoreID: "s1", PickupCode: "PK7Q2", CustomerName: "Lu", Phone: "600111222",
		Status: pos.OrderReady, Currency: "EUR", Paid: 349, PaymentRef: "PSP-1", Lines: []pos.OrderLine{{No: 1, SKU: "CAF", Name: "Café molido 250 g", Qty: 1, Amount: 349}}}}); err != nil {
		t.Fatal(err)
	}
	d := NewDeskScreen(a, lane, DeskOptions{Lang: "es"})
	d.Window().Show()
	d.jobs.wait()
	d.tabs.SelectIndex(1)
	p := d.pickup
	for _, q := range []string{"LUCIA@example.com", "C-1001"} {
		p.query.SetText("")
		test.Type(p.query, q)
		pressEnter(d.Window().Canvas())
		d.jobs.wait()
		if p.header.Text != "Pedido PK7Q2 · Lu · pagado en línea 3,49 € (PSP-1)" {
			t.Fatalf("%s: shown %q", q, p.header.Text)
		}
	}
	p.query.SetText("")
	test.Type(p.query, "otra@example.com")
	pressEnter(d.Window().Canvas())
	d.jobs.wait()
	if p.header.Text != "Ningún pedido con «otra@example.com»." {
		t.Fatalf("unknown email: %q", p.header.Text)
	}
}
