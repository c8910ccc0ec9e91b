package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

// testPickupStock: goods handed over at a pickup leave the store's stock
// exactly once — a partial release moves what was released, the same
// event re-sent or the same release id journalled again moves nothing
// more, a release of a cancelled order or beyond what was ordered still
// moves the goods (they left) and lists the exception, a release that
// takes a counted SKU below zero is an oversell, a line central cannot
// name a SKU for moves nothing and is listed, and the stock feed carries
// the new level with the desk's head.
func testPickupStock(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := omniStores(t, newDatabase, 1)[0]
	o := st.(central.OmniStorage)
	const coffee, milk = "P0000000", "P0000001"
	counted := T0.Add(-time.Hour)
	for sku, qty := range map[string]int64{coffee: 10, milk: 1} {
		if err := o.SetStockCount(ctx, store, sku, qty, counted); err != nil {
			t.Fatal(err)
		}
	}
	order := func(id, status string, lines ...pos.OrderLine) pos.Order {
		return pos.Order{ID: id, StoreID: store, PickupCode: "PK-" + id, CustomerName: "Ana García", Status: status, Currency: "EUR", Lines: lines}
	}
	coffee3 := pos.OrderLine{No: 1, SKU: coffee, Name: "Café molido 250 g", Qty: 3, Amount: 867}
	if err := o.UpsertOrders(ctx, []pos.Order{
		order("o1", pos.OrderReady, coffee3),
		order("o2", pos.OrderCancelled, pos.OrderLine{No: 1, SKU: coffee, Name: "Café molido 250 g", Qty: 2, Amount: 578}),
		order("o3", pos.OrderReady, pos.OrderLine{No: 1, SKU: milk, Name: "Leche entera 1 L", Qty: 2, Amount: 198}),
	}); err != nil {
		t.Fatal(err)
	}
	desk := &lane{t: t, device: "desk-1"}
	release := func(id, orderID string, lines ...pos.ReturnLine) {
		desk.add(pos.EventPickupReleased, pos.PickupRelease{ID: id, OrderID: orderID, DeviceID: desk.device, Lines: lines, At: T0}, T0)
	}
	want := func(what string, sku string, units int64) {
		t.Helper()
		if got, isCounted := onHandOf(t, st, sku); got != units || !isCounted {
			t.Fatalf("%s: central's on-hand of %s is %d (counted %v); want %d", what, sku, got, isCounted, units)
		}
	}

	// 2 of 3 ordered handed over: 10 → 8.
	release("r1", "o1", pos.ReturnLine{LineNo: 1, Qty: 2})
	desk.push(st)
	want("2 of 3 released", coffee, 8)
	if k := kinds(t, st); len(k) != 0 {
		t.Fatalf("a partial release raised exceptions %v", k)
	}

	// The same event re-sent, and the same release journalled again (a desk
	// retrying it): still one movement.
	desk.push(st)
	release("r1", "o1", pos.ReturnLine{LineNo: 1, Qty: 2})
	desk.push(st)
	want("the same release re-sent", coffee, 8)
	if k := kinds(t, st); len(k) != 0 {
		t.Fatalf("a re-sent release raised exceptions %v", k)
	}

	// A cancelled order's goods handed over anyway: they left the store.
	release("r2", "o2", pos.ReturnLine{LineNo: 1, Qty: 2})
	desk.push(st)
	want("a cancelled order released", coffee, 6)
	if k := kinds(t, st); k["release_cancelled_order"] != 1 || len(k) != 1 {
		t.Fatalf("exceptions %v; want one release_cancelled_order", k)
	}

	// Two more of o1's line 1 (3 ordered, 4 now handed over): the goods
	// left, and the over-release is listed.
	release("r3", "o1", pos.ReturnLine{LineNo: 1, Qty: 2})
	desk.push(st)
	want("an over-release", coffee, 4)
	if k := kinds(t, st); k["double_release"] != 1 || len(k) != 2 {
		t.Fatalf("exceptions %v; want a double_release beside the cancelled order", k)
	}

	// Milk: 1 counted, 2 handed over: an oversell, like a sale's.
	release("r4", "o3", pos.ReturnLine{LineNo: 1, Qty: 2})
	desk.push(st)
	want("a release beyond stock", milk, -1)
	if k := kinds(t, st); k["oversell"] != 1 || len(k) != 3 {
		t.Fatalf("exceptions %v; want an oversell from the release", k)
	}

	// A line the order does not have: no SKU to move, listed, nothing guessed.
	release("r5", "o3", pos.ReturnLine{LineNo: 2, Qty: 1})
	desk.push(st)
	want("a line without a SKU", milk, -1)
	want("a line without a SKU", coffee, 4)
	if k := kinds(t, st); k["release_without_sku"] != 1 {
		t.Fatalf("exceptions %v; want a release_without_sku", k)
	}

	// A release that happened before a recount is in the count.
	if err := o.SetStockCount(ctx, store, coffee, 20, T0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := o.UpsertOrders(ctx, []pos.Order{order("o4", pos.OrderReady, coffee3)}); err != nil {
		t.Fatal(err)
	}
	release("r6", "o4", pos.ReturnLine{LineNo: 1, Qty: 1}) // at T0, before the recount
	desk.push(st)
	want("a release before the recount", coffee, 20)

	// The stock feed carries the level with the desk's head: a lane adds
	// only the desk's later entries.
	sf, ok := st.(central.StockFeed)
	if !ok {
		return
	}
	page, err := sf.StockChanges(ctx, store, protocol.StockQuery{Limit: 100, Devices: []string{desk.device}})
	if err != nil {
		t.Fatal(err)
	}
	if head := page.Heads[desk.device]; head != int64(len(desk.es)) {
		t.Fatalf("stock feed head of %s is %d; want %d", desk.device, head, len(desk.es))
	}
	levels := map[string]int64{}
	for _, l := range page.Levels {
		levels[l.SKU] = l.OnHand
	}
	if levels[coffee] != 20 || levels[milk] != -1 {
		t.Fatalf("stock feed levels %v; want %s 20, %s -1", levels, coffee, milk)
	}
}
