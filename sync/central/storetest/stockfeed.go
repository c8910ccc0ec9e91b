package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
	"github.com/omnilane/omnilane/sync/testchain"
)

// RunStockFeed is the conformance case of the stock part of the store feed
// (central.StockFeed): a bootstrap holds every level of the store with the
// heads of the devices asked about; later pages hold only the levels moved
// or counted since, never another store's; a position central does not
// know (a restored database) gets the whole snapshot again. Backends call
// it beside Run.
func RunStockFeed(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	open := newDatabase(t)
	st := open(t)
	sf, ok := st.(central.StockFeed)
	if !ok {
		t.Skipf("%T has no stock feed (central.StockFeed)", st)
	}
	omni, ok := st.(central.OmniStorage)
	if !ok {
		t.Skipf("%T keeps no stock (central.OmniStorage)", st)
	}
	for _, s := range []string{store, "store-2"} {
		if err := st.EnsureStore(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	devices := []string{"lane-1", "lane-2"}
	changes := func(what string, moves, counts int64) protocol.StockPage {
		t.Helper()
		p, err := sf.StockChanges(ctx, store, protocol.StockQuery{Moves: moves, Counts: counts, Limit: 100, Devices: devices})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return p
	}
	level := func(p protocol.StockPage, sku string) (protocol.StockLevel, bool) {
		for _, l := range p.Levels {
			if l.SKU == sku {
				return l, true
			}
		}
		return protocol.StockLevel{}, false
	}

	empty := changes("empty store", 0, 0)
	if !empty.Full || len(empty.Levels) != 0 || empty.Heads["lane-1"] != 0 || empty.Heads["lane-2"] != 0 || len(empty.Heads) != 2 {
		t.Fatalf("empty store: %+v", empty)
	}

	// A count an hour before the sales, three sales at lane-1 (P0000000, one each).
	countedAt := T0.Add(-time.Hour)
	if err := omni.SetStockCount(ctx, store, "P0000000", 40, countedAt); err != nil {
		t.Fatal(err)
	}
	if err := omni.SetStockCount(ctx, store, "P0000001", 7, countedAt); err != nil {
		t.Fatal(err)
	}
	l1 := Chain(t, "lane-1", nil, 3)
	if _, err := ingest(ctx, st, "lane-1", l1); err != nil {
		t.Fatal(err)
	}
	boot := changes("bootstrap", 0, 0)
	p0, ok := level(boot, "P0000000")
	if !boot.Full || len(boot.Levels) != 2 || !ok || p0.OnHand != 37 || !p0.Counted || !p0.CountedAt.Equal(countedAt) {
		t.Fatalf("bootstrap: %+v", boot)
	}
	if boot.Heads["lane-1"] != 3 || boot.Heads["lane-2"] != 0 || boot.Moves == 0 || boot.Counts == 0 {
		t.Fatalf("bootstrap position: moves %d counts %d heads %v", boot.Moves, boot.Counts, boot.Heads)
	}
	// The same snapshot a level at a time: page by page after the last SKU.
	pg1, err := sf.StockChanges(ctx, store, protocol.StockQuery{Limit: 1, Devices: devices})
	if err != nil || !pg1.Full || !pg1.More || len(pg1.Levels) != 1 || pg1.Levels[0].SKU != "P0000000" || pg1.Heads["lane-1"] != 3 {
		t.Fatalf("first page of one: %+v, %v", pg1, err)
	}
	pg2, err := sf.StockChanges(ctx, store, protocol.StockQuery{After: "P0000000", Limit: 1, Devices: devices})
	if err != nil || !pg2.Full || pg2.More || len(pg2.Levels) != 1 || pg2.Levels[0].SKU != "P0000001" || pg2.Levels[0].OnHand != 7 {
		t.Fatalf("second page of one: %+v, %v", pg2, err)
	}
	if again := changes("nothing new", boot.Moves, boot.Counts); again.Full || len(again.Levels) != 0 || again.Moves != boot.Moves || again.Heads["lane-1"] != 3 {
		t.Fatalf("nothing new: %+v", again)
	}

	// Another store sells and counts: not shown to this store.
	other, err := testchain.Chain("store-2", "lane-9", nil, 2, T0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest(ctx, st, "lane-9", other); err != nil {
		t.Fatal(err)
	}
	if err := omni.SetStockCount(ctx, "store-2", "P0000001", 3, T0); err != nil {
		t.Fatal(err)
	}
	quiet := changes("another store moved", boot.Moves, boot.Counts)
	if quiet.Full || len(quiet.Levels) != 0 {
		t.Fatalf("another store's stock shown: %+v", quiet)
	}

	// lane-2 sells one: only P0000000 changes, with lane-2's head.
	l2, err := testchain.Chain(store, "lane-2", nil, 1, T0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest(ctx, st, "lane-2", l2); err != nil {
		t.Fatal(err)
	}
	d1 := changes("after a sale at lane-2", quiet.Moves, quiet.Counts)
	if p, ok := level(d1, "P0000000"); d1.Full || len(d1.Levels) != 1 || !ok || p.OnHand != 36 || d1.Heads["lane-2"] != 1 || d1.Heads["lane-1"] != 3 {
		t.Fatalf("after a sale at lane-2: %+v", d1)
	}
	// A recount of P0000001 only.
	if err := omni.SetStockCount(ctx, store, "P0000001", 9, T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	d2 := changes("after a recount", d1.Moves, d1.Counts)
	if p, ok := level(d2, "P0000001"); d2.Full || len(d2.Levels) != 1 || !ok || p.OnHand != 9 || !p.CountedAt.Equal(T0.Add(time.Hour)) || d2.Counts <= d1.Counts {
		t.Fatalf("after a recount: %+v", d2)
	}
	// A position ahead of central's: the whole snapshot again.
	if r := changes("restored central", d2.Moves+100, d2.Counts); !r.Full || len(r.Levels) != 2 {
		t.Fatalf("position ahead of central: %+v", r)
	}
	// A second central process on the same database reads the same.
	if sf2, ok := open(t).(central.StockFeed); ok {
		p, err := sf2.StockChanges(ctx, store, protocol.StockQuery{Moves: d1.Moves, Counts: d1.Counts, Limit: 100, Devices: devices})
		if err != nil || p.Moves != d2.Moves || p.Counts != d2.Counts || len(p.Levels) != 1 || p.Levels[0].SKU != "P0000001" {
			t.Fatalf("second process: %+v, %v", p, err)
		}
	}
}
