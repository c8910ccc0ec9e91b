package agent_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/omnilane/omnilane/pos"
)

// release hands over lines of an order at the lane's desk the way the desk
// does: release, released quantities and journal event in one transaction
// (pos.OrderStore.CommitRelease).
func (w *world) release(t *testing.T, orderID string, lines ...pos.ReturnLine) pos.PickupRelease {
	t.Helper()
	now := time.Now()
	r := pos.PickupRelease{ID: uuid.Must(uuid.NewV7()).String(), OrderID: orderID, DeviceID: "lane-1", Lines: lines, At: now.UTC()}
	body, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	ev := pos.Event{DeviceID: "lane-1", ID: uuid.Must(uuid.NewV7()).String(), Type: pos.EventPickupReleased, Payload: body, HLC: now.UnixMilli() << 16, At: now}
	if _, err := w.store.CommitRelease(context.Background(), &r, pos.Audit{Events: []pos.Event{ev}}); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestPickupReleasedOfflineLeavesStockOnce: goods of an online order handed over at
// the desk while offline come off the lane's figure at once; after the
// push central has taken them off once, and before and after the next
// pull the lane says the same.
func TestPickupReleasedOfflineLeavesStockOnce(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 10)
	if err := w.db.UpsertOrders(ctx, []pos.Order{{ID: "web-1", StoreID: "store-1", PickupCode: "PK-1", CustomerName: "Ana García", Status: pos.OrderReady,
		Currency: "EUR", Lines: []pos.OrderLine{{No: 1, SKU: sku, Name: "Café", Qty: 3, Amount: 1164}}, Paid: 1164}}); err != nil {
		t.Fatal(err)
	}
	w.count(t, 10, time.Now().Add(-time.Minute))
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got := w.onHand(t); got != 10 {
		t.Fatalf("after the count reached the lane: %d; want 10", got)
	}

	// Offline: 2 of the 3 ordered handed over.
	w.down.Store(true)
	w.release(t, "web-1", pos.ReturnLine{LineNo: 1, Qty: 2})
	if _, err := w.agent.Pull(ctx); err == nil {
		t.Fatal("pull succeeded with central unreachable")
	}
	if got := w.onHand(t); got != 8 {
		t.Fatalf("offline after releasing 2: %d; want 8", got)
	}

	// Back online: central takes them off once; the lane says 8 throughout.
	w.down.Store(false)
	if _, err := w.agent.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if got := w.centralOnHand(t); got != 8 {
		t.Fatalf("central after the push: %d; want 8", got)
	}
	if got := w.onHand(t); got != 8 {
		t.Fatalf("pushed, old snapshot: %d; want 8", got)
	}
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got, c := w.onHand(t), w.centralOnHand(t); got != 8 || c != 8 {
		t.Fatalf("pushed and pulled: lane %d, central %d; want 8 (a release subtracted twice?)", got, c)
	}
	if xs, err := w.db.Exceptions(ctx, 100); err != nil || len(xs) != 0 {
		t.Fatalf("a plain partial release raised exceptions %+v, %v", xs, err)
	}
}
