package sqlite_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

func TestServiceIDsUniqueAndPersisted(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lane.db")
	db, err := sqlite.Open(ctx, path, "lane-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var last int64
	for i := 0; i < 50; i++ {
		id, err := db.NextServiceID(ctx, "POI-1")
		if err != nil {
			t.Fatal(err)
		}
		if seen[id] || len(id) > 10 {
			t.Fatalf("service id %q reused or too long", id)
		}
		seen[id] = true
		last, _ = strconv.ParseInt(id, 10, 64)
	}
	other, _ := db.NextServiceID(ctx, "POI-2")
	db.Close()
	db, err = sqlite.Open(ctx, path, "lane-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	id, _ := db.NextServiceID(ctx, "POI-1")
	if n, _ := strconv.ParseInt(id, 10, 64); n != last+1 {
		t.Fatalf("after reopen got %s, want %d", id, last+1)
	}
	if other == "" {
		t.Fatal("no id for a second terminal")
	}
}

func TestCardPaymentLifecycle(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "lane.db"), "lane-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	p := pos.CardPayment{ID: "p1", Kind: pos.CardKindPayment, Ref: pos.CardRef{TerminalID: "POI-1", ServiceID: "7"}, TransactionRef: "b1",
		Amount: 1234, Currency: "EUR", State: pos.CardInFlight, CreatedAt: now, UpdatedAt: now}
	if err := db.InsertCardPayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := db.InsertCardPayment(ctx, pos.CardPayment{ID: "p2", Kind: pos.CardKindPayment, Ref: p.Ref, TransactionRef: "b2", Amount: 1, Currency: "EUR", State: pos.CardInFlight, CreatedAt: now, UpdatedAt: now}); err == nil {
		t.Fatal("a ServiceID was used twice at one terminal")
	}
	open, err := db.OpenCardPayments(ctx)
	if err != nil || len(open) != 1 || open[0].ID != "p1" {
		t.Fatalf("open %+v %v", open, err)
	}
	p.State, p.Result = pos.CardTaken, pos.CardResult{Outcome: pos.CardApproved, Amount: 1234, TerminalTxID: "T1", MaskedPAN: "411111******1111"}
	if err := db.UpdateCardPayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	ev := pos.Event{DeviceID: "lane-1", ID: "e1", Type: pos.EventCardPayment, Payload: []byte(`{"id":"p1"}`), At: now}
	if _, err := db.RecordCardPayment(ctx, p, ev); err != nil {
		t.Fatal(err)
	}
	// Recording again (a retried recovery) changes nothing and journals nothing.
	ev.ID = "e2"
	if _, err := db.RecordCardPayment(ctx, p, ev); err != nil {
		t.Fatal(err)
	}
	p.State = pos.CardNotTaken
	if err := db.UpdateCardPayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := db.CardPaymentByID(ctx, "p1")
	if err != nil || got.State != pos.CardRecorded || got.Result.MaskedPAN != "411111******1111" {
		t.Fatalf("%+v %v", got, err)
	}
	if n, err := db.VerifyJournal(ctx); err != nil || n != 1 {
		t.Fatalf("journal %d %v", n, err)
	}
	if open, _ := db.OpenCardPayments(ctx); len(open) != 0 {
		t.Fatalf("still open: %+v", open)
	}
	unclosed, _ := db.UnclosedCardPayments(ctx, "POI-1")
	if len(unclosed) != 1 {
		t.Fatalf("unclosed %+v", unclosed)
	}
	if err := db.CloseCardPeriod(ctx, "POI-1", "1", []string{"p1"}); err != nil {
		t.Fatal(err)
	}
	if unclosed, _ := db.UnclosedCardPayments(ctx, "POI-1"); len(unclosed) != 0 {
		t.Fatalf("still unclosed %+v", unclosed)
	}
}
