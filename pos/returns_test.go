package pos_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
)

func supervisorOK(t *testing.T, lane *pos.Lane, reason string) *pos.Override {
	t.Helper()
	ov, err := lane.Access().GrantOverride(context.Background(), pos.OverrideRequest{Permission: pos.PermRefund, Reason: reason,
		Credential: pos.Credential{OperatorID: "2001", PIN: "9999"}})
	if err != nil {
		t.Fatal(err)
	}
	return ov
}

// Returning a line piece by piece refunds exactly what it cost, never more
// than was sold, and only with a refund permission.
func TestReturnPieceByPiece(t *testing.T) {
	ctx := context.Background()
	lane, db, _ := newLane(t, nil)
	if _, err := lane.AddByCode(ctx, "8410001000039", 3); err != nil { // 3 × 8,99 wine
		t.Fatal(err)
	}
	if _, err := lane.Scan(ctx, "8410001000015"); err != nil {
		t.Fatal(err)
	}
	sale, err := lane.PayCash(ctx, 5000)
	if err != nil {
		t.Fatal(err)
	}
	req := pos.ReturnRequest{Original: sale, Lines: []pos.ReturnLine{{LineNo: 1, Qty: 1}}, Reason: "roto"}
	if _, err := lane.Return(ctx, req); pos.ErrorCode(err) != pos.EOVERRIDE {
		t.Fatalf("a cashier refunded without approval: %v", err)
	}
	var refunded pos.Money
	for i := range 3 {
		req.Override = supervisorOK(t, lane, "cliente")
		r, err := lane.Return(ctx, req)
		if err != nil {
			t.Fatalf("return %d: %v", i+1, err)
		}
		if r.Number != int64(i+1) || len(r.Tenders) != 1 || r.Tenders[0].Method != pos.TenderCash || r.Tenders[0].Amount != r.Totals.Total {
			t.Fatalf("return %d = %+v", i+1, r)
		}
		refunded += r.Totals.Total
	}
	if refunded != 3*899 {
		t.Errorf("three returns of one refunded %d; the line cost %d", refunded, 3*899)
	}
	req.Override = supervisorOK(t, lane, "cliente")
	if _, err := lane.Return(ctx, req); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("a fourth unit came back from a line of three: %v", err)
	}
	var stock int64
	db.SQL().QueryRow(`SELECT sum(delta) FROM stock_movements WHERE sku = 'VIN'`).Scan(&stock)
	if stock != 0 {
		t.Errorf("wine stock moved %d after selling and returning three", stock)
	}
	// The journal holds each return with the override that allowed it, and verifies.
	evs, _ := db.EventsAfter(ctx, 0, 1000)
	var returns, overrides int
	for _, e := range evs {
		switch e.Type {
		case pos.EventReturnCompleted:
			returns++
			if !strings.Contains(string(e.Payload), sale.ID) {
				t.Errorf("return event does not name the original sale: %s", e.Payload)
			}
		case "override.granted":
			overrides++
		}
	}
	if returns != 3 || overrides < 3 {
		t.Errorf("journal has %d returns and %d overrides", returns, overrides)
	}
	if _, err := db.VerifyJournal(ctx); err != nil {
		t.Fatal(err)
	}
}

// A sale rung at another lane (found at a peer or through central) can be
// returned here; one paid by card is refunded here only to cash, on request.
func TestReturnOfAnotherLanesSale(t *testing.T) {
	ctx := context.Background()
	lane, _, _ := newLane(t, nil)
	other := pos.Sale{ID: "other-sale", DeviceID: "lane-7", StoreID: "s2", Number: 41, Currency: "EUR",
		Lines:   []pos.Line{{No: 1, SKU: "CAF", Name: "Café", Qty: 2, UnitPrice: 349, Amount: 698, TaxRate: 1000}},
		Tenders: []pos.Tender{{Method: pos.TenderCard, Amount: 698, Ref: "TX1"}}, At: time.Now()}
	other.Totals = pos.ComputeTotals(other.Lines)
	req := pos.ReturnRequest{Original: other, Lines: []pos.ReturnLine{{LineNo: 1, Qty: 2}}, Reason: "no le gusta", Override: supervisorOK(t, lane, "x")}
	if _, err := lane.Return(ctx, req); pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), "lane-7") {
		t.Fatalf("card refund of another lane's sale: %v", err)
	}
	req.RefundMethod = pos.TenderCash
	req.Override = supervisorOK(t, lane, "x")
	r, err := lane.Return(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if r.OriginalReceipt != "lane-7-000041" || r.Totals.Total != 698 || r.Tenders[0].Method != pos.TenderCash {
		t.Fatalf("return = %+v", r)
	}
	rc := pos.BuildReturnReceipt(pos.StoreInfo{Name: "Tienda", Lang: "es", Currency: pos.EUR, Location: time.UTC}, r)
	text := strings.Join(rc.Meta, "\n")
	for _, l := range append(rc.Items, rc.Totals...) {
		text += "\n" + l.Left + " " + l.Right
	}
	for _, want := range []string{"DEVOLUCIÓN", "lane-7-000041", "no le gusta", "TOTAL DEVUELTO 6,98 €", "Efectivo 6,98 €"} {
		if !strings.Contains(rc.Title+"\n"+text, want) {
			t.Errorf("return receipt lacks %q:\n%s", want, text)
		}
	}
}

func TestReturnRejectsBadRequests(t *testing.T) {
	ctx := context.Background()
	lane, _, _ := newLane(t, nil)
	lane.Scan(ctx, "8410001000015")
	sale, err := lane.PayCash(ctx, 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		req  pos.ReturnRequest
		code string
	}{
		{"no reason", pos.ReturnRequest{Original: sale, Lines: []pos.ReturnLine{{LineNo: 1, Qty: 1}}}, pos.EINVALID},
		{"no lines", pos.ReturnRequest{Original: sale, Reason: "x"}, pos.EINVALID},
		{"no such line", pos.ReturnRequest{Original: sale, Reason: "x", Lines: []pos.ReturnLine{{LineNo: 9, Qty: 1}}}, pos.ENOTFOUND},
		{"zero qty", pos.ReturnRequest{Original: sale, Reason: "x", Lines: []pos.ReturnLine{{LineNo: 1, Qty: 0}}}, pos.EINVALID},
		{"same line twice, too many", pos.ReturnRequest{Original: sale, Reason: "x", Lines: []pos.ReturnLine{{LineNo: 1, Qty: 1}, {LineNo: 1, Qty: 1}}}, pos.ECONFLICT},
		{"refund to gift card", pos.ReturnRequest{Original: sale, Reason: "x", RefundMethod: "gift", Lines: []pos.ReturnLine{{LineNo: 1, Qty: 1}}}, pos.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.Override = supervisorOK(t, lane, "x")
			if _, err := lane.Return(ctx, tc.req); pos.ErrorCode(err) != tc.code {
				t.Errorf("err = %v, want %s", err, tc.code)
			}
		})
	}
}

// A cash refund comes out of the drawer: the X report expects less cash.
func TestCashReturnLowersExpectedCash(t *testing.T) {
	ctx := context.Background()
	lane, _, _ := newLane(t, nil)
	lane.Scan(ctx, "8410001000039")
	sale, err := lane.PayCash(ctx, 899)
	if err != nil {
		t.Fatal(err)
	}
	expected := func() pos.Money {
		t.Helper()
		x, err := lane.Till().XReport(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, tl := range x.Tenders {
			if tl.Method == pos.TenderCash {
				return tl.Expected
			}
		}
		t.Fatalf("no cash line in %+v", x.Tenders)
		return 0
	}
	before := expected()
	if _, err := lane.Return(ctx, pos.ReturnRequest{Original: sale, Lines: []pos.ReturnLine{{LineNo: 1, Qty: 1}}, Reason: "x", Override: supervisorOK(t, lane, "x")}); err != nil {
		t.Fatal(err)
	}
	if after := expected(); after != before-899 {
		t.Errorf("expected cash %d after a 8,99 cash refund; before it was %d", after, before)
	}
}

// A discounted line refunds what was paid for it, not its list price.
func TestReturnRefundsWhatWasPaid(t *testing.T) {
	ctx := context.Background()
	lane, _, _ := newLane(t, nil)
	orig := pos.Sale{ID: "disc-sale", DeviceID: "lane-7", Number: 3, Currency: "EUR",
		Lines:   []pos.Line{{No: 1, SKU: "VIN", Name: "Vino", Qty: 3, UnitPrice: 899, Amount: 2697, Discount: 899, TaxRate: 2100}},
		Tenders: []pos.Tender{{Method: pos.TenderCash, Amount: 1798}}}
	orig.Totals = pos.ComputeTotals(orig.Lines)
	var refunded pos.Money
	for range 3 {
		r, err := lane.Return(ctx, pos.ReturnRequest{Original: orig, Lines: []pos.ReturnLine{{LineNo: 1, Qty: 1}}, Reason: "x", Override: supervisorOK(t, lane, "x")})
		if err != nil {
			t.Fatal(err)
		}
		refunded += r.Totals.Total
	}
	if refunded != 1798 {
		t.Errorf("returning a 3-for-2 line refunded %d; the customer paid 1798", refunded)
	}
}

// A sale paid with a gift card is not refunded to cash unless asked; split
// sales refund card first, never more per tender than it paid.
func TestReturnTenderChoice(t *testing.T) {
	ctx := context.Background()
	lane, _, _ := newLane(t, nil)
	gift := pos.Sale{ID: "gift-sale", DeviceID: "lane-7", Number: 9, Currency: "EUR",
		Lines:   []pos.Line{{No: 1, SKU: "CAF", Name: "Café", Qty: 1, UnitPrice: 349, Amount: 349, TaxRate: 1000}},
		Tenders: []pos.Tender{{Method: pos.TenderGiftCard, Amount: 300, Ref: "GC1"}, {Method: pos.TenderCash, Amount: 49}}}
	gift.Totals = pos.ComputeTotals(gift.Lines)
	req := pos.ReturnRequest{Original: gift, Lines: []pos.ReturnLine{{LineNo: 1, Qty: 1}}, Reason: "x", Override: supervisorOK(t, lane, "x")}
	if _, err := lane.Return(ctx, req); pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), "gift_card") {
		t.Fatalf("gift card refund: %v", err)
	}
	req.RefundMethod, req.Override = pos.TenderCash, supervisorOK(t, lane, "x")
	if r, err := lane.Return(ctx, req); err != nil || r.Tenders[0].Method != pos.TenderCash || r.Tenders[0].Amount != 349 {
		t.Fatalf("cash refund on request = %+v, %v", r, err)
	}
}
