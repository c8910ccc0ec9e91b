package pos_test

import (
	"context"
	"testing"
)

// The no-receipt choice belongs to one customer's sale: it is recorded on
// that sale and dropped when the sale completes, is parked or is voided.
func TestNoReceiptChoiceIsPerSale(t *testing.T) {
	ctx := context.Background()
	lane, db, _ := newLane(t, nil)
	scan := func() {
		t.Helper()
		if _, err := lane.Scan(ctx, "8410001000015"); err != nil {
			t.Fatal(err)
		}
	}
	scan()
	lane.SetNoReceipt(true)
	s, err := lane.PayCash(ctx, 349)
	if err != nil || !s.NoReceipt || lane.NoReceipt() {
		t.Fatalf("sale %+v %v; choice left %v", s, err, lane.NoReceipt())
	}
	if got, err := db.SaleByID(ctx, s.ID); err != nil || !got.NoReceipt {
		t.Fatalf("stored %+v %v", got, err)
	}
	scan()
	lane.SetNoReceipt(true)
	if _, err := lane.Park(ctx, "later"); err != nil || lane.NoReceipt() {
		t.Fatalf("park: %v, choice left %v", err, lane.NoReceipt())
	}
	scan()
	s, err = lane.PayCash(ctx, 349)
	if err != nil || s.NoReceipt {
		t.Fatalf("next sale %+v %v", s, err)
	}
}
