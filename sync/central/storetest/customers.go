package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

// RunCustomers is the conformance case of customer summaries in the store
// feed (central.CustomerStorage): a store's lanes get their home store's
// customers and the chain's in full, everyone else's as removals; an
// unchanged summary is not a change; a customer who moves home store or is
// erased is removed where it was; pages follow the cursor. Backends call it
// beside Run.
func RunCustomers(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	open := newDatabase(t)
	st := open(t)
	cs, ok := st.(central.CustomerStorage)
	if !ok {
		t.Skipf("%T has no customers (central.CustomerStorage)", st)
	}
	lucia := pos.Customer{ID: "C-1", HomeStore: store, Name: "Lucía Pérez", Phone: "600111222", Email: "lucia@example.com", Tier: "oro", Points: 1250}
	jon := pos.Customer{ID: "C-2", HomeStore: "store-2", Name: "Jon Etxeberria", Phone: "600333444"}
	ana := pos.Customer{ID: "C-3", Name: "Ana Gil", Email: "ana@example.com", CreditAccount: "SC-77"}
	cur, err := cs.UpsertCustomers(ctx, []pos.Customer{lucia, jon, ana})
	if err != nil || cur != 3 {
		t.Fatalf("first upsert: cursor %d, %v; want 3", cur, err)
	}
	ids := func(p protocol.CustomersPage) (full, removed []string) {
		for _, c := range p.Customers {
			full = append(full, c.ID)
		}
		return full, p.Removed
	}
	changes := func(storeID string, after int64, limit int) protocol.CustomersPage {
		t.Helper()
		p, err := cs.CustomerChanges(ctx, storeID, after, limit)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p1 := changes(store, 0, 100)
	if full, removed := ids(p1); !slices.Equal(full, []string{"C-1", "C-3"}) || !slices.Equal(removed, []string{"C-2"}) || p1.Cursor != 3 || p1.More {
		t.Fatalf("store-1: full %v removed %v cursor %d more %v", full, removed, p1.Cursor, p1.More)
	}
	if p1.Customers[0] != lucia || p1.Customers[1] != ana {
		t.Fatalf("summaries changed on the way: %+v", p1.Customers)
	}
	if full, removed := ids(changes("store-2", 0, 100)); !slices.Equal(full, []string{"C-2", "C-3"}) || !slices.Equal(removed, []string{"C-1"}) {
		t.Fatalf("store-2: full %v removed %v", full, removed)
	}
	// Paging: one at a time, cursor by cursor.
	a := changes(store, 0, 2)
	b := changes(store, a.Cursor, 2)
	if !a.More || a.Cursor != 2 || b.More || b.Cursor != 3 {
		t.Fatalf("paging: %+v then %+v", a, b)
	}
	// Unchanged: no change; points changed: one change.
	if cur, err := cs.UpsertCustomers(ctx, []pos.Customer{lucia}); err != nil || cur != 3 {
		t.Fatalf("unchanged upsert: cursor %d, %v; want 3", cur, err)
	}
	lucia.Points = 1300
	if cur, err := cs.UpsertCustomers(ctx, []pos.Customer{lucia}); err != nil || cur != 4 {
		t.Fatalf("points changed: cursor %d, %v; want 4", cur, err)
	}
	if p := changes(store, 3, 100); len(p.Customers) != 1 || p.Customers[0].Points != 1300 || p.Cursor != 4 {
		t.Fatalf("after the points change: %+v", p)
	}
	// Lucía moves to store-2: store-1 forgets her, store-2 gets her.
	lucia.HomeStore = "store-2"
	if _, err := cs.UpsertCustomers(ctx, []pos.Customer{lucia}); err != nil {
		t.Fatal(err)
	}
	if full, removed := ids(changes(store, 4, 100)); len(full) != 0 || !slices.Equal(removed, []string{"C-1"}) {
		t.Fatalf("moved away: store-1 full %v removed %v", full, removed)
	}
	if full, _ := ids(changes("store-2", 4, 100)); !slices.Equal(full, []string{"C-1"}) {
		t.Fatalf("moved in: store-2 full %v", full)
	}
	// Ana is erased: a removal everywhere; erasing again or an unknown id changes nothing.
	cur, err = cs.RemoveCustomers(ctx, []string{"C-3"})
	if err != nil || cur != 6 {
		t.Fatalf("erase: cursor %d, %v; want 6", cur, err)
	}
	if cur, err := cs.RemoveCustomers(ctx, []string{"C-3", "C-404"}); err != nil || cur != 6 {
		t.Fatalf("erase again: cursor %d, %v; want 6", cur, err)
	}
	for _, s := range []string{store, "store-2"} {
		if full, removed := ids(changes(s, 5, 100)); len(full) != 0 || !slices.Equal(removed, []string{"C-3"}) {
			t.Fatalf("erased, %s: full %v removed %v", s, full, removed)
		}
	}
	// A second central process on the same database reads the same.
	if cs2, ok := open(t).(central.CustomerStorage); ok {
		p, err := cs2.CustomerChanges(ctx, store, 0, 100)
		if err != nil || p.Cursor != 6 {
			t.Fatalf("second process: %+v, %v", p, err)
		}
	}
}
