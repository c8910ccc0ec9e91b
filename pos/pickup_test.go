package pos_test

import (
	"context"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

func seedOrders(t *testing.T, db interface {
	UpsertOrders(context.Context, []pos.Order) error
}) {
	t.Helper()
	lines := []pos.OrderLine{{No: 1, SKU: "CAF", Name: "Café molido 250 g", Qty: 2, Amount: 698}, {No: 2, SKU: "VIN", Name: "Vino tinto", Qty: 1, Amount: 899}}
	if err := db.UpsertOrders(context.Background(), []pos.Order{
		{ID: "web-1001", StoreID: "s1", PickupCode: "K7Q2M9", CustomerName: "Lucía Fernández", Phone: "+34 600 111 222", Status: pos.OrderReady, Currency: "EUR", Lines: lines, Paid: 1597, PaymentRef: "PSP-1"},
		{ID: "web-1002", StoreID: "s1", PickupCode: "X3C4V5", CustomerName: "John Smith", Phone: "+44 7700 900123", Status: pos.OrderCancelled, Currency: "EUR", Lines: lines, Paid: 1597},
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertOrders(context.Background(), []pos.Order{{ID: "bad", PickupCode: "", Status: pos.OrderReady}}); pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("malformed order accepted: %v", err)
	}
}

func TestFindOrders(t *testing.T) {
	ctx := context.Background()
	lane, db, _ := newLane(t, nil)
	seedOrders(t, db)
	for _, tc := range []struct{ q, want string }{
		{"K7Q2M9", "web-1001"}, {"k7q2m9", "web-1001"}, {"omnilane:pickup:K7Q2M9", "web-1001"},
		{"lucía", "web-1001"}, {"fernández", "web-1001"}, {"600111", "web-1001"}, {"smith", "web-1002"},
	} {
		got, err := lane.FindOrders(ctx, tc.q)
		if err != nil || len(got) != 1 || got[0].ID != tc.want {
			t.Errorf("find %q = %v, %v; want %s", tc.q, got, err, tc.want)
		}
	}
	if _, err := lane.FindOrders(ctx, "ab"); pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("2-character search: %v", err)
	}
	if got, err := lane.FindOrders(ctx, "100%"); err != nil || len(got) != 0 {
		t.Errorf("a %% in the query matched %v, %v", got, err)
	}
}

// Releasing in parts, retrying, and refusing what must not be handed over.
func TestReleasePickup(t *testing.T) {
	ctx := context.Background()
	lane, db, _ := newLane(t, nil)
	seedOrders(t, db)
	r1, err := lane.ReleasePickup(ctx, "web-1001", "rel-1", []pos.ReturnLine{{LineNo: 1, Qty: 1}})
	if err != nil || r1.Complete {
		t.Fatalf("partial release = %+v, %v", r1, err)
	}
	// The desk's network hiccup: the same release again is the same release.
	again, err := lane.ReleasePickup(ctx, "web-1001", "rel-1", []pos.ReturnLine{{LineNo: 1, Qty: 1}})
	if err != nil || again.ID != "rel-1" || len(again.Lines) != 1 {
		t.Fatalf("retried release = %+v, %v", again, err)
	}
	if _, err := lane.ReleasePickup(ctx, "web-1001", "", []pos.ReturnLine{{LineNo: 1, Qty: 2}}); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("more than ordered handed over: %v", err)
	}
	rest, err := lane.ReleasePickup(ctx, "web-1001", "", nil)
	if err != nil || !rest.Complete || len(rest.Lines) != 2 || rest.Lines[0].Qty != 1 || rest.Lines[1].Qty != 1 {
		t.Fatalf("release of the rest = %+v, %v", rest, err)
	}
	if _, err := lane.ReleasePickup(ctx, "web-1001", "", nil); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("double release: %v", err)
	}
	if _, err := lane.ReleasePickup(ctx, "web-1002", "", nil); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("cancelled order handed over: %v", err)
	}
	if _, err := lane.ReleasePickup(ctx, "web-404", "", nil); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("unknown order: %v", err)
	}
	evs, _ := db.EventsAfter(ctx, 0, 1000)
	count := map[string]int{}
	for _, e := range evs {
		count[e.Type]++
	}
	if count[pos.EventPickupReleased] != 2 || count[pos.EventPickupException] != 3 {
		t.Errorf("journal: %d releases, %d exceptions; want 2 and 3", count[pos.EventPickupReleased], count[pos.EventPickupException])
	}
	var moved int64
	db.SQL().QueryRow(`SELECT -sum(delta) FROM stock_movements WHERE reason = 'pickup'`).Scan(&moved)
	if moved != 3 {
		t.Errorf("stock moved out for pickups: %d, want 3", moved)
	}
	if _, err := db.VerifyJournal(ctx); err != nil {
		t.Fatal(err)
	}
}
