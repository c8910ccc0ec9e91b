package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/testchain"
)

// omniStores opens n stores on one fresh database; it skips when the
// backend has no stock, returns and pickups (central.OmniStorage).
func omniStores(t *testing.T, newDatabase NewDatabase, n int) []central.Storage {
	t.Helper()
	open := newDatabase(t)
	var out []central.Storage
	for range n {
		st := open(t)
		if _, ok := st.(central.OmniStorage); !ok {
			t.Skipf("%T has no stock, returns or pickups (central.OmniStorage)", st)
		}
		out = append(out, st)
	}
	return out
}

// lane builds one device's journal entry by entry.
type lane struct {
	t      *testing.T
	device string
	es     []pos.Event
}

func (l *lane) add(typ string, payload any, at time.Time) {
	l.t.Helper()
	var prev *pos.Event
	if len(l.es) > 0 {
		prev = &l.es[len(l.es)-1]
	}
	e, err := testchain.Next(l.device, prev, typ, payload, at)
	if err != nil {
		l.t.Fatal(err)
	}
	l.es = append(l.es, e)
}

func (l *lane) sale(n, qty int64, at time.Time) pos.Sale {
	s := testchain.Sale(store, l.device, n, 289*pos.Money(qty), at)
	s.Lines[0].Qty = qty
	l.add(pos.EventSaleCompleted, s, at)
	return s
}

func (l *lane) push(st central.Storage) {
	l.t.Helper()
	if _, err := ingest(context.Background(), st, l.device, l.es); err != nil {
		l.t.Fatal(err)
	}
}

func kinds(t *testing.T, st central.Storage) map[string]int {
	t.Helper()
	xs, err := st.(central.OmniStorage).Exceptions(context.Background(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, x := range xs {
		out[x.Kind]++
	}
	return out
}

func onHandOf(t *testing.T, st central.Storage, sku string) (int64, bool) {
	t.Helper()
	levels, err := st.(central.OmniStorage).StockLevels(context.Background(), store)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range levels {
		if l.SKU == sku {
			return l.OnHand, l.Counted
		}
	}
	return 0, false
}

func testStockOversell(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := omniStores(t, newDatabase, 1)[0]
	o := st.(central.OmniStorage)
	count := T0.Add(time.Hour)
	if err := o.SetStockCount(ctx, store, "P0000000", 3, count); err != nil {
		t.Fatal(err)
	}
	l := &lane{t: t, device: "lane-1"}
	l.sale(1, 5, count.Add(-time.Minute))  // rung before the count: the count saw it
	l.sale(2, 2, count.Add(time.Minute))   // 3 → 1
	l.sale(3, 2, count.Add(2*time.Minute)) // 1 → -1: sold offline beyond stock
	l.push(st)
	if got, counted := onHandOf(t, st, "P0000000"); got != -1 || !counted {
		t.Fatalf("on hand %d (counted %v); want -1, counted", got, counted)
	}
	if k := kinds(t, st); k["oversell"] != 1 || len(k) != 1 {
		t.Fatalf("exceptions %v; want one oversell", k)
	}
	// A recount resets the level, keeping movements after it; re-sending changes nothing.
	if err := o.SetStockCount(ctx, store, "P0000000", 10, count.Add(90*time.Second)); err != nil {
		t.Fatal(err)
	}
	l.push(st)
	if got, _ := onHandOf(t, st, "P0000000"); got != 8 {
		t.Fatalf("on hand after recount %d; want 10 - 2 sold after it = 8", got)
	}
	// Uncounted goods move too, but are not "counted".
	l.sale(4, 1, count.Add(3*time.Minute))
	l.es[len(l.es)-1] = resealSKU(t, l, "P0000009")
	l.push(st)
	if got, counted := onHandOf(t, st, "P0000009"); got != -1 || counted {
		t.Fatalf("uncounted SKU on hand %d counted %v; want -1, false", got, counted)
	}
	if k := kinds(t, st); k["oversell"] != 1 {
		t.Fatalf("an uncounted SKU raised an oversell: %v", k)
	}
}

// resealSKU rewrites the lane's last sale to sell sku instead.
func resealSKU(t *testing.T, l *lane, sku string) pos.Event {
	t.Helper()
	last := l.es[len(l.es)-1]
	var s pos.Sale
	if err := json.Unmarshal(last.Payload, &s); err != nil {
		t.Fatal(err)
	}
	s.Lines[0].SKU = sku
	var prev *pos.Event
	if len(l.es) > 1 {
		prev = &l.es[len(l.es)-2]
	}
	e, err := testchain.Next(l.device, prev, last.Type, s, last.At)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func testReturnAnywhere(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := omniStores(t, newDatabase, 1)[0]
	o := st.(central.OmniStorage)
	lane1, lane2 := &lane{t: t, device: "lane-1"}, &lane{t: t, device: "lane-2"}
	sale := lane1.sale(1, 2, T0)
	ret := func(l *lane, id string, qty int64) {
		ln := sale.Lines[0]
		ln.Qty, ln.Amount = qty, 289*pos.Money(qty)
		l.add(pos.EventReturnCompleted, pos.Return{ID: id, StoreID: store, DeviceID: l.device, Number: 1,
			OriginalSaleID: sale.ID, OriginalReceipt: sale.ReceiptCode(), OriginalDevice: "lane-1", Reason: "roto",
			Currency: "EUR", Lines: []pos.Line{ln}, Totals: pos.Totals{Total: ln.Amount}, At: T0.Add(time.Hour)}, T0.Add(time.Hour))
	}
	// Lane 2 takes a return of lane 1's sale before lane 1 synced: nothing to check yet.
	ret(lane2, "ret-1", 1)
	lane2.push(st)
	if k := kinds(t, st); len(k) != 0 {
		t.Fatalf("exceptions %v", k)
	}
	lane1.push(st)
	got, ok, err := o.SaleByID(ctx, sale.ID)
	if err != nil || !ok || got.ID != sale.ID {
		t.Fatalf("sale by id: %v %v", ok, err)
	}
	got, ok, err = o.SaleByReceipt(ctx, "lane-1", 1)
	if err != nil || !ok || got.ID != sale.ID {
		t.Fatalf("sale by receipt: %v %v", ok, err)
	}
	if _, ok, err := o.SaleByReceipt(ctx, "lane-1", 99); err != nil || ok {
		t.Fatalf("unknown receipt: %v %v", ok, err)
	}
	if r, err := o.ReturnedQty(ctx, sale.ID); err != nil || r[1] != 1 {
		t.Fatalf("returned %v, %v", r, err)
	}
	// Returned again at another lane: 3 of 2 sold — flagged once.
	ret(lane2, "ret-2", 2)
	lane2.push(st)
	if k := kinds(t, st); k["over_return"] != 1 || len(k) != 1 {
		t.Fatalf("exceptions %v; want one over_return", k)
	}
	// The same returns re-sent count once.
	lane2.push(st)
	if r, err := o.ReturnedQty(ctx, sale.ID); err != nil || r[1] != 3 {
		t.Fatalf("returned %v, %v; want 3", r, err)
	}
	// Restocked: -2 sold, +3 returned.
	if got, _ := onHandOf(t, st, "P0000000"); got != 1 {
		t.Fatalf("on hand %d; want 1", got)
	}
}

func testPickups(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := omniStores(t, newDatabase, 1)[0]
	o := st.(central.OmniStorage)
	order := func(id, status string) pos.Order {
		return pos.Order{ID: id, StoreID: store, PickupCode: "PK-" + id, CustomerName: "Ana García", Status: status, Currency: "EUR",
			Lines: []pos.OrderLine{{No: 1, SKU: "P0000000", Name: "Café molido 250 g", Qty: 2, Amount: 578}, {No: 2, SKU: "P0000002", Name: "Leche entera 1 L", Qty: 1, Amount: 99}}, Paid: 677}
	}
	if err := o.UpsertOrders(ctx, []pos.Order{order("o1", pos.OrderReady), order("o2", pos.OrderCancelled)}); err != nil {
		t.Fatal(err)
	}
	if err := o.UpsertOrders(ctx, []pos.Order{order("o1", pos.OrderReady)}); err != nil { // unchanged: no feed change
		t.Fatal(err)
	}
	orders, cur, more, err := o.OrderChanges(ctx, store, 0, 10)
	if err != nil || len(orders) != 2 || more || cur != 2 {
		t.Fatalf("orders feed: %d orders to %d, more %v, %v", len(orders), cur, more, err)
	}
	if first, c1, more, err := o.OrderChanges(ctx, store, 0, 1); err != nil || len(first) != 1 || first[0].ID != "o1" || c1 != 1 || !more {
		t.Fatalf("first page of 1: %+v %d %v %v", first, c1, more, err)
	}
	if other, _, _, err := o.OrderChanges(ctx, "store-2", 0, 10); err != nil || len(other) != 0 {
		t.Fatalf("another store sees %d orders, %v", len(other), err)
	}
	desk := &lane{t: t, device: "desk-1"}
	release := func(id, orderID string, lines ...pos.ReturnLine) {
		desk.add(pos.EventPickupReleased, pos.PickupRelease{ID: id, OrderID: orderID, DeviceID: "desk-1", Lines: lines, At: T0}, T0)
	}
	release("r1", "o1", pos.ReturnLine{LineNo: 1, Qty: 1})
	desk.push(st)
	if next, _, _, _ := o.OrderChanges(ctx, store, cur, 10); len(next) != 0 {
		t.Fatalf("a partial release changed the order: %+v", next)
	}
	release("r2", "o1", pos.ReturnLine{LineNo: 1, Qty: 1}, pos.ReturnLine{LineNo: 2, Qty: 1})
	desk.push(st)
	next, cur2, _, err := o.OrderChanges(ctx, store, cur, 10)
	if err != nil || len(next) != 1 || next[0].ID != "o1" || next[0].Status != pos.OrderCollected || cur2 != cur+1 {
		t.Fatalf("collected order not in the feed: %+v to %d, %v", next, cur2, err)
	}
	if k := kinds(t, st); len(k) != 0 {
		t.Fatalf("exceptions %v", k)
	}
	release("r1", "o1", pos.ReturnLine{LineNo: 1, Qty: 1}) // the same release again: idempotent
	release("r3", "o1", pos.ReturnLine{LineNo: 2, Qty: 1}) // a second hand-over: double release
	release("r4", "o2", pos.ReturnLine{LineNo: 1, Qty: 2}) // a cancelled order
	release("r5", "o9", pos.ReturnLine{LineNo: 1, Qty: 1}) // an order central does not know
	desk.add(pos.EventPickupException, pos.PickupException{OrderID: "o2", Reason: "order cancelled"}, T0)
	desk.push(st)
	if k := kinds(t, st); k["double_release"] != 1 || k["release_cancelled_order"] != 1 || k["pickup_exception"] != 1 || k["release_unknown_order"] != 1 || len(k) != 4 {
		t.Fatalf("exceptions %v", k)
	}
}

// testConcurrentStock has lanes sell one counted SKU through two
// processes at once: the level ends exact, and every sale that took it
// below zero — no more, no fewer — is an oversell.
func testConcurrentStock(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	stores := omniStores(t, newDatabase, 2)
	const lanes, perLane, stock = 8, 25, 60
	if err := stores[0].(central.OmniStorage).SetStockCount(ctx, store, "P0000000", stock, T0.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	journals := make([][]pos.Event, lanes)
	for i := range journals {
		journals[i] = Chain(t, fmt.Sprintf("lane-%d", i), nil, perLane) // one unit of P0000000 each
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*lanes)
	for i := range lanes {
		for k := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- pushLikeALane(ctx, stores[k], journals[i][0].DeviceID, journals[i], uint64(31*i+k))
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
	const sold = lanes * perLane
	for _, st := range stores {
		if got, counted := onHandOf(t, st, "P0000000"); got != stock-sold || !counted {
			t.Fatalf("on hand %d (counted %v); want %d", got, counted, stock-sold)
		}
	}
	if k := kinds(t, stores[1]); k["oversell"] != sold-stock || len(k) != 1 {
		t.Fatalf("exceptions %v; want %d oversells", k, sold-stock)
	}
}

// testReturnRacesSale has one lane's sales and another lane's returns of
// them (more than was sold) arrive at the same moments through two
// processes: whichever lands second must see the other, so every sale is
// flagged as over-returned exactly once.
func testReturnRacesSale(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	stores := omniStores(t, newDatabase, 2)
	const n = 30
	seller, returner := &lane{t: t, device: "lane-1"}, &lane{t: t, device: "lane-2"}
	for i := range n {
		at := T0.Add(time.Duration(i) * time.Minute)
		s := seller.sale(int64(i+1), 2, at)
		ln := s.Lines[0]
		ln.Qty, ln.Amount = 3, 289*3
		returner.add(pos.EventReturnCompleted, pos.Return{ID: fmt.Sprintf("ret-%d", i), StoreID: store, DeviceID: "lane-2", Number: int64(i + 1),
			OriginalSaleID: s.ID, OriginalReceipt: s.ReceiptCode(), OriginalDevice: "lane-1", Currency: "EUR",
			Lines: []pos.Line{ln}, Totals: pos.Totals{Total: ln.Amount}, At: at.Add(time.Second)}, at.Add(time.Second))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for k, l := range []*lane{seller, returner} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range l.es { // one entry per batch: as much interleaving as there can be
				if _, err := ingest(ctx, stores[k], l.device, l.es[i:i+1]); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if k := kinds(t, stores[0]); k["over_return"] != n || len(k) != 1 {
		t.Fatalf("exceptions %v; want %d over_return", k, n)
	}
}
