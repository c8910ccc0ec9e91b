package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
)

func event(id, typ string) pos.Event {
	return pos.Event{DeviceID: "lane-1", ID: id, Type: typ, HLC: 1, At: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC), Payload: []byte(`{}`)}
}

// The store, not only the service, refuses a second use of an override and
// a second open shift; a failed write leaves no journal entry behind.
func TestStoreGuards(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM schema_migrations WHERE name = '0003_operators_shifts.sql'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("migration 0003 recorded %d times: %v", n, err)
	}
	ov := &pos.Override{ID: "ov-1", Permission: pos.PermNoSale, AskedBy: "1001", GrantedBy: "2001", Reason: "r", GrantedAt: time.Now()}
	if err := db.RecordAudit(ctx, pos.Audit{Events: []pos.Event{event("e1", pos.EventOverrideGranted), event("e2", pos.EventNoSale)}, Override: ov}); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordAudit(ctx, pos.Audit{Events: []pos.Event{event("e3", pos.EventOverrideGranted), event("e4", pos.EventNoSale)}, Override: ov}); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("second use of an override: %v", err)
	}
	if last, _ := db.LastEvent(ctx); last.Seq != 2 {
		t.Errorf("journal ends at %d after a refused write, want 2", last.Seq)
	}
	if _, err := db.CurrentShift(ctx); pos.ErrorCode(err) != pos.ENOSHIFT {
		t.Fatalf("current shift of a new lane: %v", err)
	}
	sh := &pos.Shift{ID: "sh-1", Currency: "EUR", OpenedAt: time.Now(), OpenedBy: "1001", Float: 100}
	if err := db.OpenShift(ctx, sh, pos.Audit{Events: []pos.Event{event("e5", pos.EventShiftOpened)}}); err != nil {
		t.Fatal(err)
	}
	sh2 := &pos.Shift{ID: "sh-2", Currency: "EUR", OpenedAt: time.Now(), OpenedBy: "1001"}
	if err := db.OpenShift(ctx, sh2, pos.Audit{Events: []pos.Event{event("e6", pos.EventShiftOpened)}}); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("second open shift: %v", err)
	}
	got, err := db.CurrentShift(ctx)
	if err != nil || got.ID != "sh-1" || got.Float != 100 || got.FirstSaleNumber != 1 {
		t.Fatalf("current shift = %+v, %v", got, err)
	}
	if err := db.AddCashMovement(ctx, pos.CashMovement{ID: "m1", ShiftID: "sh-other", Kind: pos.CashKindIn, Amount: 5, Reason: "x", At: time.Now()},
		pos.Audit{Events: []pos.Event{event("e7", pos.EventCashIn)}}); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Errorf("cash movement on a closed shift: %v", err)
	}
	if n, err := db.VerifyJournal(ctx); err != nil || n != 3 {
		t.Errorf("journal = %d, %v", n, err)
	}
}
