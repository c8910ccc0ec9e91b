package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// findLocal finds a sale rung at this device by its receipt code, in the
// real store: what cmd wires until pos has a sale finder.
func findLocal(db *sqlite.DB) func(context.Context, string) (pos.Sale, error) {
	return func(ctx context.Context, code string) (pos.Sale, error) {
		num, ok := strings.CutPrefix(code, db.DeviceID()+"-")
		n, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil {
			return pos.Sale{}, pos.Errorf(pos.ENOTFOUND, "no receipt %s", code)
		}
		return db.SaleByNumber(ctx, n)
	}
}

func TestDeskReturnWithSupervisorAndOverReturn(t *testing.T) {
	a := test.NewTempApp(t)
	lane, db := newTestLane(t)
	ctx := context.Background()
	if _, err := lane.Scan(ctx, coffeeCode); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.AddByCode(ctx, wineCode, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.PayCash(ctx, 2200); err != nil {
		t.Fatal(err)
	}
	d := NewDeskScreen(a, lane, DeskOptions{Lang: "es", FindSale: findLocal(db)})
	d.Window().Show()
	d.jobs.wait() // the cashier is signed in and the shift open: the desk shows at once
	c := d.Window().Canvas()
	if c.Focused() != d.code {
		t.Fatal("receipt code not focused")
	}

	test.Type(d.code, "lane-1-000099")
	pressEnter(c)
	d.jobs.wait()
	contains(t, "unknown receipt", d.header.Text, "No se encuentra el tique lane-1-000099")

	d.code.SetText("lane-1-000001")
	pressEnter(c)
	d.jobs.wait()
	contains(t, "header", d.header.Text, "Tique lane-1-000001")
	contains(t, "header", d.header.Text, "21,47 €")
	if len(d.qty) != 2 || !d.form.Visible() {
		t.Fatalf("lines shown: %d", len(d.qty))
	}
	test.Type(d.qty[2], "1")
	d.reason.SetText("Producto defectuoso")
	d.method.SetSelected("En efectivo")
	test.Tap(d.confirm)
	d.jobs.wait()
	if d.message.Text != "Esta acción necesita la autorización de un supervisor." {
		t.Fatalf("refund as cashier: %q", d.message.Text)
	}
	test.Type(d.supID, "2001")
	test.Type(d.supPIN, "9999")
	test.Tap(d.confirm)
	d.jobs.wait()
	if d.result.Text != "Devolución lane-1-R000001 hecha: 8,99 € reembolsados (Efectivo 8,99 €). Entregue el tique de devolución." {
		t.Fatalf("result %q, message %q", d.result.Text, d.message.Text)
	}
	ev, err := db.LastEvent(ctx)
	if err != nil || ev.Type != pos.EventReturnCompleted {
		t.Errorf("journal: %+v %v", ev.Type, err)
	}

	// One wine is left to return; asking for two is refused clearly.
	d.code.SetText("lane-1-000001")
	pressEnter(c)
	d.jobs.wait()
	d.qty[2].SetText("2")
	d.reason.SetText("Producto defectuoso")
	d.supID.SetText("2001")
	d.supPIN.SetText("9999")
	test.Tap(d.confirm)
	d.jobs.wait()
	contains(t, "over-return", d.message.Text, "No se pueden devolver más unidades de las vendidas")
}

func TestDeskPickupPartialThenFullAndCancelled(t *testing.T) {
	a := test.NewTempApp(t)
	lane, db := newTestLane(t)
	ctx := context.Background()
	orders := []pos.Order{
		{ID: "W-1001", StoreID: "s1", PickupCode: "PK7Q2", CustomerName: "Lucía Fernández", Phone: "600111222", Status: pos.OrderReady,
			Currency: "EUR", Paid: 2147, PaymentRef: "PSP-889", Lines: []pos.OrderLine{
				{No: 1, SKU: "CAF", Name: "Café molido 250 g", Qty: 1, Amount: 349},
				{No: 2, SKU: "VIN", Name: "Vino tinto", Qty: 2, Amount: 1798}}},
		{ID: "W-1002", StoreID: "s1", PickupCode: "ZZ9X1", CustomerName: "Pedro Gil", Status: pos.OrderCancelled,
			Currency: "EUR", Paid: 899, Lines: []pos.OrderLine{{No: 1, SKU: "VIN", Name: "Vino tinto", Qty: 1, Amount: 899}}},
	}
	if err := db.UpsertOrders(ctx, orders); err != nil {
		t.Fatal(err)
	}
	d := NewDeskScreen(a, lane, DeskOptions{Lang: "es"})
	d.Window().Show()
	d.jobs.wait()
	d.tabs.SelectIndex(1)
	p := d.pickup
	if d.Window().Canvas().Focused() != p.query {
		t.Fatal("the pickup field is not focused on the pickup tab")
	}

	test.Type(p.query, "omnilane:pickup:PK7Q2") // scanned from the customer's QR
	pressEnter(d.Window().Canvas())
	d.jobs.wait()
	if p.header.Text != "Pedido PK7Q2 · Lucía Fernández · pagado en línea 21,47 € (PSP-889)" || len(p.qty) != 2 {
		t.Fatalf("order shown: %q, %d lines", p.header.Text, len(p.qty))
	}
	p.qty[1].SetText("0")
	p.qty[2].SetText("1")
	test.Tap(p.some)
	d.jobs.wait()
	if p.result.Text != "Entrega parcial del pedido PK7Q2 de Lucía Fernández registrada; queda mercancía pendiente." {
		t.Fatalf("partial: %q (message %q)", p.result.Text, p.message.Text)
	}
	// By phone, then everything that is left.
	p.query.SetText("600111")
	d.findOrders()
	d.jobs.wait()
	test.Tap(p.all)
	d.jobs.wait()
	if p.result.Text != "Pedido PK7Q2 de Lucía Fernández entregado completo." {
		t.Fatalf("rest: %q (message %q)", p.result.Text, p.message.Text)
	}
	// Again: nothing left, refused clearly.
	p.query.SetText("PK7Q2")
	d.findOrders()
	d.jobs.wait()
	test.Tap(p.all)
	d.jobs.wait()
	contains(t, "again", p.message.Text, "No se puede entregar")

	// A cancelled order warns before anything is tapped, and is refused.
	p.query.SetText("ZZ9X1")
	d.findOrders()
	d.jobs.wait()
	if p.warning.Text != "PEDIDO CANCELADO: no lo entregue. Avise al encargado." {
		t.Errorf("cancelled warning %q", p.warning.Text)
	}
	test.Tap(p.all)
	d.jobs.wait()
	if p.message.Text != p.warning.Text {
		t.Errorf("cancelled release: %q", p.message.Text)
	}
	ev, err := db.LastEvent(ctx)
	if err != nil || ev.Type != pos.EventPickupException {
		t.Errorf("last event %s, %v: want the exception journalled", ev.Type, err)
	}
}
