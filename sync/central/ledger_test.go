package central_test

import (
	"context"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
	"github.com/omnilane/omnilane/sync/testchain"
)

// journal builds a device's journal entry by entry.
type journal struct {
	t      *testing.T
	device string
	es     []pos.Event
}

func (j *journal) add(typ string, payload any, at time.Time) pos.Event {
	j.t.Helper()
	var prev *pos.Event
	if len(j.es) > 0 {
		prev = &j.es[len(j.es)-1]
	}
	e, err := testchain.Next(j.device, prev, typ, payload, at)
	if err != nil {
		j.t.Fatal(err)
	}
	j.es = append(j.es, e)
	return e
}

func (j *journal) sale(n int64, qty int64, at time.Time) pos.Sale {
	s := testchain.Sale("store-1", j.device, n, 289*pos.Money(qty), at)
	s.Lines[0].Qty = qty
	j.add(pos.EventSaleCompleted, s, at)
	return s
}

func (j *journal) push(h *harness) {
	j.t.Helper()
	if _, err := h.c.PushBatch(context.Background(), protocol.JournalBatch{DeviceID: j.device, Entries: j.es}); err != nil {
		j.t.Fatal(err)
	}
}

func exceptionKinds(t *testing.T, h *harness) map[string]int {
	t.Helper()
	xs, err := h.db.Exceptions(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, x := range xs {
		out[x.Kind]++
	}
	return out
}

func onHand(t *testing.T, h *harness, sku string) int64 {
	t.Helper()
	levels, err := h.c.Stock(context.Background(), "store-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range levels {
		if l.SKU == sku {
			return l.OnHand
		}
	}
	return 0
}

func TestStockLedgerOversell(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	count := t0.Add(time.Hour)
	if err := h.c.Post(ctx, "/v1/admin/stores/store-1/stock", []protocol.StockCount{{SKU: "P0000000", Qty: 3, At: count}}, &map[string]int{}); err != nil {
		t.Fatal(err)
	}
	lane := &journal{t: t, device: "lane-1"}
	lane.sale(1, 5, count.Add(-time.Minute))  // rung before the count: the count saw it
	lane.sale(2, 2, count.Add(time.Minute))   // 3 → 1
	lane.sale(3, 2, count.Add(2*time.Minute)) // 1 → -1: sold while offline beyond stock
	lane.push(h)
	if got := onHand(t, h, "P0000000"); got != -1 {
		t.Fatalf("on hand %d; want -1", got)
	}
	if k := exceptionKinds(t, h); k["oversell"] != 1 || len(k) != 1 {
		t.Fatalf("exceptions %v; want one oversell", k)
	}
	// The sale stands (never a lost sale): all three are held.
	if rec := held(t, h, "lane-1"); len(rec.Sales) != 3 {
		t.Fatalf("%d sales held", len(rec.Sales))
	}
	// A new count resets the level; re-sending the journal changes nothing.
	if err := h.c.Post(ctx, "/v1/admin/stores/store-1/stock", []protocol.StockCount{{SKU: "P0000000", Qty: 10, At: count.Add(90 * time.Second)}}, &map[string]int{}); err != nil {
		t.Fatal(err)
	}
	lane.push(h)
	if got := onHand(t, h, "P0000000"); got != 8 {
		t.Fatalf("on hand after recount %d; want 10 - 2 sold after the count = 8", got)
	}
}

func TestReturnAnywhere(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	lane1 := &journal{t: t, device: "lane-1"}
	lane2 := &journal{t: t, device: "lane-2"}
	sale := lane1.sale(1, 2, t0)

	ret := func(j *journal, id string, qty int64) {
		l := sale.Lines[0]
		l.Qty, l.Amount = qty, 289*pos.Money(qty)
		j.add(pos.EventReturnCompleted, pos.Return{ID: id, StoreID: "store-1", DeviceID: j.device, Number: 1,
			OriginalSaleID: sale.ID, OriginalReceipt: sale.ReceiptCode(), OriginalDevice: "lane-1", Reason: "roto",
			Currency: "EUR", Lines: []pos.Line{l}, Totals: pos.Totals{Total: l.Amount}, At: t0.Add(time.Hour)}, t0.Add(time.Hour))
	}
	// Lane 2 takes a return of lane 1's sale before lane 1 synced: nothing to check yet.
	ret(lane2, "ret-1", 1)
	lane2.push(h)
	if k := exceptionKinds(t, h); len(k) != 0 {
		t.Fatalf("exceptions %v", k)
	}
	lane1.push(h)
	look, err := h.c.LookupSale(ctx, sale.ReceiptCode())
	if err != nil || look.Sale.ID != sale.ID || look.Returned[1] != 1 {
		t.Fatalf("lookup %+v, %v", look, err)
	}
	if _, err := h.c.LookupSale(ctx, "lane-1-000099"); protocol.CodeOf(err) != protocol.CodeNotFound {
		t.Fatalf("unknown receipt: %v", err)
	}
	// Returned again at another lane (offline, say): 3 of 2 sold — flagged.
	ret(lane2, "ret-2", 2)
	lane2.push(h)
	if k := exceptionKinds(t, h); k["over_return"] != 1 {
		t.Fatalf("exceptions %v; want over_return", k)
	}
	// The same return re-sent counts once.
	lane2.push(h)
	if look, _ := h.c.LookupSale(ctx, sale.ReceiptCode()); look.Returned[1] != 3 {
		t.Fatalf("returned %v", look.Returned)
	}
}

func TestPickups(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	order := func(id, status string) pos.Order {
		return pos.Order{ID: id, StoreID: "store-1", PickupCode: "PK-" + id, CustomerName: "Ana García", Status: status, Currency: "EUR",
			Lines: []pos.OrderLine{{No: 1, SKU: "P0000000", Name: "Café molido 250 g", Qty: 2, Amount: 578}, {No: 2, SKU: "P0000002", Name: "Leche entera 1 L", Qty: 1, Amount: 99}}, Paid: 677}
	}
	if err := h.c.Post(ctx, central.PathAdminOrders, central.OrdersChange{Orders: []pos.Order{order("o1", pos.OrderReady), order("o2", pos.OrderCancelled)}}, &map[string]int{}); err != nil {
		t.Fatal(err)
	}
	page, err := h.c.Orders(ctx, "store-1", 0, 10)
	if err != nil || len(page.Orders) != 2 {
		t.Fatalf("orders feed %+v, %v", page, err)
	}
	desk := &journal{t: t, device: "desk-1"}
	release := func(id, orderID string, lines ...pos.ReturnLine) {
		desk.add(pos.EventPickupReleased, pos.PickupRelease{ID: id, OrderID: orderID, DeviceID: "desk-1", Lines: lines, At: t0}, t0)
	}
	release("r1", "o1", pos.ReturnLine{LineNo: 1, Qty: 1})
	desk.push(h)
	if o, _, _ := h.db.OrderByID(ctx, "o1"); o.Status != pos.OrderReady {
		t.Fatalf("partly released order is %s", o.Status)
	}
	release("r2", "o1", pos.ReturnLine{LineNo: 1, Qty: 1}, pos.ReturnLine{LineNo: 2, Qty: 1})
	desk.push(h)
	next, err := h.c.Orders(ctx, "store-1", page.Cursor, 10)
	if err != nil || len(next.Orders) != 1 || next.Orders[0].Status != pos.OrderCollected {
		t.Fatalf("collected order not in the feed: %+v, %v", next, err)
	}
	if k := exceptionKinds(t, h); len(k) != 0 {
		t.Fatalf("exceptions %v", k)
	}
	release("r1", "o1", pos.ReturnLine{LineNo: 1, Qty: 1}) // the same release again: idempotent
	release("r3", "o1", pos.ReturnLine{LineNo: 2, Qty: 1}) // a second hand-over: double release
	release("r4", "o2", pos.ReturnLine{LineNo: 1, Qty: 2}) // a cancelled order
	desk.add(pos.EventPickupException, pos.PickupException{OrderID: "o2", Reason: "order cancelled"}, t0)
	desk.push(h)
	if k := exceptionKinds(t, h); k["double_release"] != 1 || k["release_cancelled_order"] != 1 || k["pickup_exception"] != 1 || len(k) != 3 {
		t.Fatalf("exceptions %v", k)
	}
}
