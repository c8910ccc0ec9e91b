package pos_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
)

func euros(d ...pos.Denomination) pos.CashCount { return pos.CashCount{Denominations: d} }

func receiptText(r pos.Receipt) string {
	var b strings.Builder
	b.WriteString(r.Title + "\n" + strings.Join(r.Meta, "\n") + "\n")
	for _, l := range append(append([]pos.ReceiptLine(nil), r.Items...), r.Totals...) {
		b.WriteString(l.Left + " | " + l.Right + "\n")
	}
	b.WriteString(strings.Join(r.Footer, "\n"))
	return b.String()
}

// A shift from float to blind close: the count comes in before the
// expected amount is known; the Z report records expected, counted and the
// difference per tender, and the lane stops selling.
func TestBlindCloseWithDifference(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	h.signIn(pos.RoleSupervisor)
	tl := h.lane.Till()
	sh, err := tl.Open(ctx, euros(pos.Denomination{Value: 2000, Count: 4}, pos.Denomination{Value: 100, Count: 15}, pos.Denomination{Value: 50, Count: 10}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sh.Float != 10000 || sh.FirstSaleNumber != 1 {
		t.Fatalf("float %d, first sale %d", sh.Float, sh.FirstSaleNumber)
	}
	h.signIn(pos.RoleCashier)
	h.scan(coffee, wine)
	if _, err := h.lane.PayCash(ctx, 2000); err != nil { // 12,48 € in cash
		t.Fatal(err)
	}
	h.scan(coffee)
	if _, err := h.lane.PayCash(ctx, 349); err != nil {
		t.Fatal(err)
	}
	h.signIn(pos.RoleSupervisor)
	if _, err := tl.CashIn(ctx, 2000, "coins from the safe", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := tl.CashOut(ctx, 500, "window cleaner", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := tl.CashOut(ctx, 500, "  ", nil); pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("cash out without a reason: %v", err)
	}
	if _, err := tl.SafeDrop(ctx, euros(pos.Denomination{Value: 2000, Count: 2}, pos.Denomination{Value: 1000, Count: 1}), "bag 0042", nil); err != nil {
		t.Fatal(err)
	}
	// A card refund (as the card lane journals it) lowers the card total expected.
	auth, err := h.lane.Access().Authorize(ctx, pos.PermRefund, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.lane.Access().Record(ctx, auth, pos.EventCardRefund, map[string]any{"amount": 500, "currency": "EUR"}); err != nil {
		t.Fatal(err)
	}
	// expected cash = 100,00 float + 15,97 sales + 20,00 in - 5,00 out - 50,00 dropped = 80,97
	x, err := tl.XReport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if x.Number != 1 || x.Sales != 2 || x.Gross != 1597 || x.Tenders[0].Expected != 8097 || x.SafeDrops != 5000 {
		t.Fatalf("X report: number %d sales %d gross %d tenders %+v", x.Number, x.Sales, x.Gross, x.Tenders)
	}
	if _, err := tl.Current(ctx); err != nil {
		t.Fatalf("an X report closed the shift: %v", err)
	}
	// Blind close: the counted drawer is 80,90 (7 cents short) and the card
	// terminal's batch says -5,00 (the refund).
	count := pos.ClosingCount{
		Cash:     euros(pos.Denomination{Value: 2000, Count: 3}, pos.Denomination{Value: 1000, Count: 2}, pos.Denomination{Value: 50, Count: 1}, pos.Denomination{Value: 20, Count: 2}),
		Declared: map[string]pos.Money{pos.TenderCard: -500},
	}
	h.clock.Advance(8 * time.Hour)
	h.signIn(pos.RoleCashier)
	if _, err := tl.Close(ctx, count, nil); pos.ErrorCode(err) != pos.EOVERRIDE {
		t.Fatalf("cashier closing alone: %v", err)
	}
	h.signIn(pos.RoleSupervisor)
	z, err := tl.Close(ctx, count, nil)
	if err != nil {
		t.Fatal(err)
	}
	if z.Kind != pos.ReportZ || z.Number != 1 || z.Operator != "2001" {
		t.Errorf("Z report %s %d by %s", z.Kind, z.Number, z.Operator)
	}
	want := []pos.TenderLine{
		{Method: pos.TenderCash, Sales: 1597, Expected: 8097, Counted: 8090, Declared: true, Difference: -7},
		{Method: pos.TenderCard, Sales: 0, Refunds: 500, Expected: -500, Counted: -500, Declared: true, Difference: 0},
	}
	if len(z.Tenders) != 2 || z.Tenders[0] != want[0] || z.Tenders[1] != want[1] {
		t.Errorf("Z tenders = %+v\nwant %+v", z.Tenders, want)
	}
	if z.CashDifference() != -7 || z.CashCount == nil || z.CashCount.Total() != 8090 || z.CashCount.Denominations[0].Value != 2000 {
		t.Errorf("difference %d count %+v", z.CashDifference(), z.CashCount)
	}
	if z.Events[pos.EventSaleCompleted] != 2 || z.Events[pos.EventCashOut] != 1 || z.Events[pos.EventSafeDrop] != 1 {
		t.Errorf("Z event counts %v", z.Events)
	}
	// The shift is closed: the lane does not sell.
	h.signIn(pos.RoleCashier)
	if _, err := h.lane.Scan(ctx, coffee); pos.ErrorCode(err) != pos.ENOSHIFT {
		t.Fatalf("scan after the Z: %v", err)
	}
	// Stored, journalled as the report itself, and printable (reprint marked as a copy).
	stored, err := tl.Report(ctx, pos.ReportZ, 1)
	if err != nil || stored.ID != z.ID || stored.CashDifference() != -7 {
		t.Fatalf("stored Z = %+v, %v", stored, err)
	}
	closed := h.events(pos.EventShiftClosed)
	if len(closed) != 1 {
		t.Fatalf("%d shift.closed events", len(closed))
	}
	var journalled pos.Report
	if err := json.Unmarshal(closed[0].Payload, &journalled); err != nil || journalled.Number != 1 || journalled.Tenders[0].Difference != -7 {
		t.Errorf("journalled Z = %+v, %v", journalled, err)
	}
	text := receiptText(z.Receipt(storeInfo, false))
	for _, w := range []string{"INFORME Z", "Z 1", "Efectivo (esperado) | 80,97 €", "Efectivo (contado) | 80,90 €", "Diferencia Efectivo | -0,07 €", "3 x 20,00 €", "Tarjeta (devoluciones) | -5,00 €"} {
		if !strings.Contains(text, w) {
			t.Errorf("Z receipt lacks %q:\n%s", w, text)
		}
	}
	r, err := tl.Reprint(ctx, pos.ReportZ, 1, nil)
	if err != nil || !r.Copy || !strings.HasPrefix(r.Title, "*** COPIA ***") {
		t.Errorf("reprint = %q, %v", r.Title, err)
	}
	if n, err := h.db.VerifyJournal(ctx); err != nil {
		t.Fatalf("journal after %d: %v", n, err)
	}
}

// Z numbers run 1, 2, 3 per device across restarts and are never reused,
// even if a report row disappears.
func TestZNumbersAcrossReopen(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	float := euros(pos.Denomination{Value: 1000, Count: 5})
	closeOne := func(wantZ int64) {
		t.Helper()
		h.signIn(pos.RoleSupervisor)
		sh, err := h.lane.Till().Open(ctx, float, nil)
		if err != nil {
			t.Fatal(err)
		}
		h.signIn(pos.RoleCashier)
		h.scan(coffee)
		s, err := h.lane.PayCash(ctx, 500)
		if err != nil {
			t.Fatal(err)
		}
		if s.Number != sh.FirstSaleNumber {
			t.Errorf("sale %d in a shift starting at %d", s.Number, sh.FirstSaleNumber)
		}
		h.signIn(pos.RoleSupervisor)
		z, err := h.lane.Till().Close(ctx, pos.ClosingCount{Cash: euros(pos.Denomination{Value: 1000, Count: 5}, pos.Denomination{Value: 349, Count: 1})}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if z.Number != wantZ || z.Sales != 1 || z.CashDifference() != 0 || z.FirstSale != s.Number || z.LastSale != s.Number {
			t.Errorf("Z %d (want %d): sales %d diff %d receipts %d..%d", z.Number, wantZ, z.Sales, z.CashDifference(), z.FirstSale, z.LastSale)
		}
		h = h.reopen()
	}
	closeOne(1)
	closeOne(2)
	closeOne(3)
	if _, err := h.db.SQL().Exec(`DELETE FROM reports WHERE kind = 'Z' AND number = 3`); err != nil {
		t.Fatal(err)
	}
	h = h.reopen()
	closeOne(4)
	if _, err := h.lane.Till().Report(ctx, pos.ReportZ, 2); err != nil {
		t.Errorf("Z 2 after reopen: %v", err)
	}
}

// The close fails rather than report stale figures if the till moves
// between reading them and saving the Z.
func TestCloseRefusesAfterConcurrentChange(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	h.openShift(pos.RoleSupervisor)
	sh, _ := h.lane.Till().Current(ctx)
	f, err := h.db.ShiftFigures(ctx, sh)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.lane.Till().CashIn(ctx, 100, "late coins", nil); err != nil {
		t.Fatal(err)
	}
	r := pos.Report{ID: "z-stale", Kind: pos.ReportZ, ShiftID: sh.ID, UpToSeq: f.UpToSeq, At: h.clock.Now()}
	ev := pos.Event{DeviceID: "lane-1", ID: "ev-z-stale", Type: pos.EventShiftClosed, HLC: 1, At: h.clock.Now()}
	if err := h.db.SaveReport(ctx, &r, pos.Audit{Events: []pos.Event{ev}}); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("stale Z saved: %v", err)
	}
}
