package sqlite_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// TestOnHandCountsPickupReleases: goods handed over at a pickup — here or
// at a peer desk — come off the lane's on-hand until central's snapshot
// says it counted them, once, by the SKU of the order line released; a
// release that happened before the SKU's count is in the count, and one
// of an order the lane does not hold moves nothing (central cannot name
// its SKU either).
func TestOnHandCountsPickupReleases(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	counted := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	order := pos.Order{ID: "o1", StoreID: "s1", PickupCode: "PK-1", CustomerName: "Ana García", Status: pos.OrderReady, Currency: "EUR",
		Lines: []pos.OrderLine{{No: 1, SKU: "VIN", Name: "Vino", Qty: 3, Amount: 2697}, {No: 2, SKU: "QUESO", Name: "Queso", Qty: 1, Amount: 650}}}
	if err := db.UpsertOrders(ctx, []pos.Order{order}); err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyStock(ctx, pos.StockSnapshot{Full: true, Moves: 1, Counts: 1, Heads: map[string]int64{"lane-1": 0, "lane-2": 0},
		Levels: []pos.StockLevel{{SKU: "VIN", OnHand: 10, Counted: true, CountedAt: counted}, {SKU: "QUESO", OnHand: 5, Counted: true, CountedAt: counted}}}); err != nil {
		t.Fatal(err)
	}
	want := func(what string, vin, queso int64) {
		t.Helper()
		got, err := db.OnHand(ctx, []string{"VIN", "QUESO"})
		if err != nil {
			t.Fatal(err)
		}
		if got["VIN"] != (pos.OnHand{Units: vin, Known: true}) || got["QUESO"] != (pos.OnHand{Units: queso, Known: true}) {
			t.Fatalf("%s: on-hand %+v; want VIN %d, QUESO %d", what, got, vin, queso)
		}
	}
	release := func(id string, at time.Time, lines ...pos.ReturnLine) {
		t.Helper()
		r := pos.PickupRelease{ID: id, OrderID: order.ID, PickupCode: order.PickupCode, DeviceID: "lane-1", Lines: lines, At: at}
		body, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		ev := pos.Event{DeviceID: "lane-1", ID: "ev-" + id + at.String(), Type: pos.EventPickupReleased, Payload: body, HLC: at.UnixMilli() << 16, At: at}
		if _, err := db.CommitRelease(ctx, &r, pos.Audit{Events: []pos.Event{ev}}); err != nil {
			t.Fatal(err)
		}
	}

	release("r1", counted.Add(10*time.Minute), pos.ReturnLine{LineNo: 1, Qty: 2})
	want("2 of 3 handed over here", 8, 5)
	release("r1", counted.Add(11*time.Minute), pos.ReturnLine{LineNo: 1, Qty: 2}) // retried: the same release
	want("the same release retried", 8, 5)
	release("r2", counted.Add(-time.Minute), pos.ReturnLine{LineNo: 1, Qty: 1}) // before the count
	want("a release the count saw", 8, 5)

	// A peer desk's release, copied over the LAN; and one of an order this
	// lane does not hold.
	peer := sealChain(t, "lane-2",
		pos.PickupRelease{ID: "p1", OrderID: "o1", DeviceID: "lane-2", Lines: []pos.ReturnLine{{LineNo: 2, Qty: 1}}, At: counted.Add(5 * time.Minute)},
		pos.PickupRelease{ID: "p2", OrderID: "o9", DeviceID: "lane-2", Lines: []pos.ReturnLine{{LineNo: 1, Qty: 4}}, At: counted.Add(6 * time.Minute)})
	if _, err := db.AppendPeerEvents(ctx, "s1", peer); err != nil {
		t.Fatal(err)
	}
	want("a peer's release", 8, 4)

	// Central counted this lane's journal (its level took the release off):
	// nothing comes off twice; the peer's release still counts.
	last, err := db.LastEvent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyStock(ctx, pos.StockSnapshot{Moves: 2, Counts: 1, Heads: map[string]int64{"lane-1": last.Seq},
		Levels: []pos.StockLevel{{SKU: "VIN", OnHand: 8, Counted: true, CountedAt: counted}}}); err != nil {
		t.Fatal(err)
	}
	want("central counted this lane's releases", 8, 4)
	if err := db.ApplyStock(ctx, pos.StockSnapshot{Moves: 3, Counts: 1, Heads: map[string]int64{"lane-2": peer[len(peer)-1].Seq},
		Levels: []pos.StockLevel{{SKU: "QUESO", OnHand: 4, Counted: true, CountedAt: counted}}}); err != nil {
		t.Fatal(err)
	}
	want("central counted the peer's release", 8, 4)
}

// sealChain seals a new journal of device with one pickup.released entry
// per release.
func sealChain(t *testing.T, device string, releases ...pos.PickupRelease) []pos.Event {
	t.Helper()
	var evs []pos.Event
	var prev *pos.Event
	for i, r := range releases {
		body, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		e, err := pos.Seal(prev, pos.Event{DeviceID: device, ID: device + "-" + r.ID, Type: pos.EventPickupReleased, Payload: body, HLC: int64(i + 1), At: r.At})
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e)
		prev = &evs[len(evs)-1]
	}
	return evs
}
