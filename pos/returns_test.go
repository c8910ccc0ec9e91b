package pos_test

import (
	"context"
	"fmt"
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
// returned here; one paid by card is refunded here only to cash, with the
// refund_other_tender permission.
func TestReturnOfAnotherLanesSale(t *testing.T) {
	ctx := context.Background()
	lane, _, _ := newLane(t, nil)
	other := pos.Sale{ID: "other-sale", DeviceID: "lane-7", StoreID: "s2", Number: 41, Currency: "EUR",
		Lines:   []pos.Line{{No: 1, SKU: "CAF", Name: "Café", Qty: 2, UnitPrice: 349, Amount: 698, TaxRate: 1000}},
		Tenders: []pos.Tender{{Method: pos.TenderCard, Amount: 698, Ref: "TX1"}}, At: time.Now()}
	other.Totals = pos.ComputeTotals(other.Lines)
	req := pos.ReturnRequest{Original: other, Lines: []pos.ReturnLine{{LineNo: 1, Qty: 2}}, Reason: "no le gusta", Override: supervisorOK(t, lane, "x")}
	if _, err := lane.Return(ctx, req); pos.ErrorCode(err) != pos.ETENDERELSEWHERE || !strings.Contains(err.Error(), "lane-7") {
		t.Fatalf("card refund of another lane's sale: %v", err)
	}
	req.RefundMethod = pos.TenderCash
	req.Override = supervisorOK(t, lane, "x")
	if _, err := lane.Return(ctx, req); pos.ErrorCode(err) != pos.EOVERRIDE {
		t.Fatalf("cash for a card sale with a refund override only: %v", err)
	}
	req.Override = overrideFor(t, lane, pos.PermRefundOtherTender)
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

func overrideFor(t *testing.T, lane *pos.Lane, p pos.Permission) *pos.Override {
	t.Helper()
	ov, err := lane.Access().GrantOverride(context.Background(), pos.OverrideRequest{Permission: p, Reason: "cliente",
		Credential: pos.Credential{OperatorID: "2001", PIN: "9999"}})
	if err != nil {
		t.Fatal(err)
	}
	return ov
}

// A sale paid with a gift card, store credit, a voucher and cash is
// refunded to them in the documented order: the gift card and the store
// credit account are credited back, the voucher's part comes back as a new
// voucher, cash last; never more per tender than it paid. Cash instead
// needs the refund_other_tender permission.
func TestReturnToTheOriginalTenders(t *testing.T) {
	ctx := context.Background()
	lane, db, _ := newLane(t, nil)
	const gc, sc = "6001234567", "CLI-9"
	if _, err := lane.CreditLedger(ctx, pos.LedgerGiftCard, gc, 1000, "carga", overrideFor(t, lane, pos.PermRefund)); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.CreditLedger(ctx, pos.LedgerStoreCredit, sc, 500, "abono", overrideFor(t, lane, pos.PermRefund)); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.IssueVoucher(ctx, "VALE-9", 300, "cortesía", overrideFor(t, lane, pos.PermRefund)); err != nil {
		t.Fatal(err)
	}
	lane.Scan(ctx, "8410001000015") // 3,49
	lane.Scan(ctx, "8410001000039") // 8,99
	sale, err := lane.PayWith(ctx, []pos.TenderRequest{{Method: pos.TenderGiftCard, Ref: gc, Amount: 500},
		{Method: pos.TenderStoreCredit, Ref: sc, Amount: 300}, {Method: pos.TenderVoucher, Ref: "VALE-9"}, {Method: pos.TenderCash, Amount: 200}})
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := sale
	elsewhere.ID, elsewhere.DeviceID = "lane-7-sale", "lane-7"
	elsewhere.Tenders = []pos.Tender{{Method: pos.TenderGiftCard, Amount: 1248, Ref: "6009999999"}}
	paidHereByKnownCard := elsewhere
	paidHereByKnownCard.ID, paidHereByKnownCard.Tenders = "lane-7-sale-2", []pos.Tender{{Method: pos.TenderGiftCard, Amount: 1248, Ref: gc}}
	balance := func(kind, acct string) pos.Money {
		b, err := lane.LedgerBalance(ctx, kind, acct)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	line := func(no int) []pos.ReturnLine { return []pos.ReturnLine{{LineNo: no, Qty: 1}} }
	tests := []struct {
		name    string
		req     pos.ReturnRequest
		perm    pos.Permission // override granted, "" for none
		code    string
		tenders string
		gc, sc  pos.Money
	}{
		{"a cashier alone may not refund", pos.ReturnRequest{Original: sale, Lines: line(1), Reason: "x"}, "", pos.EOVERRIDE, "", 500, 200},
		{"cash instead of the gift card needs more than refund", pos.ReturnRequest{Original: sale, Lines: line(1), Reason: "x", RefundMethod: pos.TenderCash},
			pos.PermRefund, pos.EOVERRIDE, "", 500, 200},
		{"coffee back to the gift card", pos.ReturnRequest{Original: sale, Lines: line(1), Reason: "x"}, pos.PermRefund, "",
			"gift_card:349:6001234567 ", 849, 200},
		{"wine: the rest of the gift card, store credit, a new voucher, cash", pos.ReturnRequest{Original: sale, Lines: line(2), Reason: "x"}, pos.PermRefund, "",
			"gift_card:151:6001234567 store_credit:300:CLI-9 voucher:300:DEV- cash:148: ", 1000, 500},
		{"nothing left to return", pos.ReturnRequest{Original: sale, Lines: line(2), Reason: "x"}, pos.PermRefund, pos.ECONFLICT, "", 1000, 500},
		{"gift card kept at another lane", pos.ReturnRequest{Original: elsewhere, Lines: line(1), Reason: "x"}, pos.PermRefund, pos.ETENDERELSEWHERE, "", 1000, 500},
		{"…refunded in cash with the other-tender override", pos.ReturnRequest{Original: elsewhere, Lines: line(1), Reason: "x", RefundMethod: pos.TenderCash},
			pos.PermRefundOtherTender, "", "cash:349: ", 1000, 500},
		{"another lane's sale on a card this lane keeps", pos.ReturnRequest{Original: paidHereByKnownCard, Lines: line(2), Reason: "x"}, pos.PermRefund, "",
			"gift_card:899:6001234567 ", 1899, 500},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.perm != "" {
				tc.req.Override = overrideFor(t, lane, tc.perm)
			}
			r, err := lane.Return(ctx, tc.req)
			if pos.ErrorCode(err) != tc.code {
				t.Fatalf("err %v, want %q", err, tc.code)
			}
			got := ""
			for _, tn := range r.Tenders {
				ref := tn.Ref
				if tn.Method == pos.TenderVoucher && strings.HasPrefix(ref, "DEV-") {
					ref = "DEV-"
					v, err := db.VoucherByCode(ctx, tn.Ref)
					if err != nil || v.Amount != tn.Amount || v.RedeemedSale != "" {
						t.Errorf("new voucher %+v %v", v, err)
					}
				}
				got += fmt.Sprintf("%s:%d:%s ", tn.Method, tn.Amount, ref)
			}
			if got != tc.tenders {
				t.Errorf("tenders %q, want %q", got, tc.tenders)
			}
			if b := balance(pos.LedgerGiftCard, gc); b != tc.gc {
				t.Errorf("gift card balance %d, want %d", b, tc.gc)
			}
			if b := balance(pos.LedgerStoreCredit, sc); b != tc.sc {
				t.Errorf("store credit balance %d, want %d", b, tc.sc)
			}
			if err != nil {
				return
			}
			// Each credit is one movement, recorded by the return's own journal entry.
			var n int
			if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM ledger_movements m JOIN journal j ON j.seq = m.journal_seq
				WHERE m.ref = ? AND m.reason = 'return' AND j.type = ?`, r.ID, pos.EventReturnCompleted).Scan(&n); err != nil {
				t.Fatal(err)
			}
			want := strings.Count(tc.tenders, "gift_card:") + strings.Count(tc.tenders, "store_credit:")
			if n != want {
				t.Errorf("%d ledger credits journalled with the return, want %d", n, want)
			}
			rc := pos.BuildReturnReceipt(lane.Config().Store, r)
			text := fmt.Sprint(rc.Totals)
			if strings.Contains(text, gc) || (strings.Contains(tc.tenders, gc) && !strings.Contains(text, "···4567")) {
				t.Errorf("return receipt shows the card number wrongly: %s", text)
			}
			if strings.Contains(tc.tenders, "DEV-") && !strings.Contains(text, "Vale nuevo DEV-") {
				t.Errorf("return receipt without the new voucher's code: %s", text)
			}
		})
	}
	// The new voucher pays like any other.
	var code string
	if err := db.SQL().QueryRowContext(ctx, `SELECT code FROM vouchers WHERE code LIKE 'DEV-%'`).Scan(&code); err != nil {
		t.Fatal(err)
	}
	lane.Scan(ctx, "8410001000015")
	if s, err := lane.PayWith(ctx, []pos.TenderRequest{{Method: pos.TenderVoucher, Ref: code}, {Method: pos.TenderCash, Amount: 100}}); err != nil || s.Tenders[0].Amount != 300 {
		t.Fatalf("refund voucher: %+v %v", s.Tenders, err)
	}
	if p := lane.ReturnPermission(ctx, pos.ReturnRequest{Original: paidHereByKnownCard, Lines: line(1), RefundMethod: pos.TenderCash}); p != pos.PermRefundOtherTender {
		t.Errorf("cash for a gift card sale needs %s", p)
	}
	if p := lane.ReturnPermission(ctx, pos.ReturnRequest{Original: paidHereByKnownCard, Lines: line(1)}); p != pos.PermRefund {
		t.Errorf("back to the gift card needs %s", p)
	}
}
