package pos_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

func TestPayWithSplitTendersAndLedgers(t *testing.T) {
	ctx := context.Background()
	h := newSellingLane(t, func(_ *pos.LaneConfig, f *pos.CatalogDelta) { f.Promotions = json.RawMessage(`[]`) })
	sup := func() *pos.Override {
		ov, err := h.lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: pos.PermRefund, Reason: "carga",
			Credential: pos.Credential{OperatorID: "2001", PIN: "9999"}})
		if err != nil {
			t.Fatal(err)
		}
		return ov
	}
	if _, err := h.lane.CreditLedger(ctx, pos.LedgerGiftCard, "GC-1", 1000, "carga", nil); pos.ErrorCode(err) != pos.EOVERRIDE {
		t.Fatalf("cashier loads a gift card alone: %v", err)
	}
	if bal, err := h.lane.CreditLedger(ctx, pos.LedgerGiftCard, "GC-1", 1000, "carga", sup()); err != nil || bal != 1000 {
		t.Fatalf("gift card: %d, %v", bal, err)
	}
	if _, err := h.lane.CreditLedger(ctx, pos.LedgerStoreCredit, "CLIENTE-7", 500, "devolución", sup()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.lane.IssueVoucher(ctx, "vale-3", 300, "cortesía", sup()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.lane.IssueVoucher(ctx, "VALE-3", 300, "otra vez", sup()); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("voucher code reused: %v", err)
	}
	ring := func() { h.scan(t, "8410001000039", "8410001000015") } // 8.99 + 4.50 = 13.49
	cash := func(m pos.Money) pos.TenderRequest { return pos.TenderRequest{Method: pos.TenderCash, Amount: m} }
	gc := func(m pos.Money) pos.TenderRequest {
		return pos.TenderRequest{Method: pos.TenderGiftCard, Ref: "GC-1", Amount: m}
	}
	sc := pos.TenderRequest{Method: pos.TenderStoreCredit, Ref: "CLIENTE-7"}
	voucher := pos.TenderRequest{Method: pos.TenderVoucher, Ref: "Vale-3"}

	tests := []struct {
		name    string
		reqs    []pos.TenderRequest
		code    string
		tenders []pos.Tender
		change  pos.Money
		gcLeft  pos.Money
	}{
		{"cash alone short", []pos.TenderRequest{cash(1000)}, pos.EINSUFFICIENT, nil, 0, 1000},
		{"card is the terminal's", []pos.TenderRequest{{Method: pos.TenderCard, Amount: 1349}}, pos.EINVALID, nil, 0, 1000},
		{"gift card more than due", []pos.TenderRequest{gc(1000), cash(0), {Method: pos.TenderGiftCard, Ref: "GC-1"}}, pos.EINVALID, nil, 0, 1000},
		{"gift card above its balance", []pos.TenderRequest{gc(1200), cash(500)}, pos.EINSUFFICIENT, nil, 0, 1000},
		{"unknown gift card", []pos.TenderRequest{{Method: pos.TenderGiftCard, Ref: "NOPE"}, cash(2000)}, pos.ENOTFOUND, nil, 0, 1000},
		{"gift card 5 + cash 10: change from cash only", []pos.TenderRequest{cash(1000), gc(500)}, "",
			[]pos.Tender{{Method: pos.TenderGiftCard, Amount: 500, Ref: "GC-1"}, {Method: pos.TenderCash, Amount: 849, Received: 1000, Change: 151}}, 151, 500},
		{"gift card rest + store credit + voucher + cash", []pos.TenderRequest{gc(0), sc, voucher, cash(49)}, "",
			[]pos.Tender{{Method: pos.TenderGiftCard, Amount: 500, Ref: "GC-1"}, {Method: pos.TenderStoreCredit, Amount: 500, Ref: "CLIENTE-7"},
				{Method: pos.TenderVoucher, Amount: 300, Ref: "VALE-3"}, {Method: pos.TenderCash, Amount: 49, Received: 49}}, 0, 0},
		{"voucher used twice", []pos.TenderRequest{voucher, cash(2000)}, pos.ECONFLICT, nil, 0, 0},
		{"empty gift card", []pos.TenderRequest{gc(0), cash(2000)}, pos.EINSUFFICIENT, nil, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if v := h.lane.Basket(); len(v.Lines) == 0 {
				ring()
			}
			s, err := h.lane.PayWith(ctx, tc.reqs)
			if pos.ErrorCode(err) != tc.code {
				t.Fatalf("err %v, want %q", err, tc.code)
			}
			if bal, _ := h.lane.LedgerBalance(ctx, pos.LedgerGiftCard, "GC-1"); bal != tc.gcLeft {
				t.Errorf("gift card balance %d, want %d", bal, tc.gcLeft)
			}
			if err != nil {
				if v := h.lane.Basket(); v.Totals.Total != 1349 {
					t.Errorf("basket after a refused payment: %+v", v.Totals)
				}
				return
			}
			if s.Change != tc.change || len(s.Tenders) != len(tc.tenders) {
				t.Fatalf("sale tenders %+v change %d", s.Tenders, s.Change)
			}
			for i := range s.Tenders {
				if s.Tenders[i] != tc.tenders[i] {
					t.Errorf("tender %d: %+v, want %+v", i, s.Tenders[i], tc.tenders[i])
				}
			}
			got, err := h.db.SaleByID(ctx, s.ID)
			if err != nil || len(got.Tenders) != len(tc.tenders) {
				t.Fatalf("stored sale %+v, %v", got.Tenders, err)
			}
		})
	}
	if bal, _ := h.lane.LedgerBalance(ctx, pos.LedgerStoreCredit, "CLIENTE-7"); bal != 0 {
		t.Errorf("store credit left %d", bal)
	}
	evs, _ := h.db.EventsAfter(ctx, 0, 1000)
	seen := map[string]int{}
	for _, e := range evs {
		seen[e.Type]++
	}
	if seen[pos.EventLedgerCredited] != 2 || seen[pos.EventVoucherIssued] != 1 || seen[pos.EventOverrideGranted] != 3 || seen[pos.EventSaleCompleted] != 2 {
		t.Fatalf("journal %v", seen)
	}
	var movements int
	if err := h.db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM ledger_movements m JOIN journal j ON j.seq = m.journal_seq`).Scan(&movements); err != nil || movements != 5 {
		t.Fatalf("ledger movements tied to journal entries: %d, %v", movements, err)
	}
}

func TestRefundTendersGoBackToTheOriginal(t *testing.T) {
	sale := pos.Sale{DeviceID: "lane-1", Number: 7, Tenders: []pos.Tender{
		{Method: pos.TenderCash, Amount: 849, Received: 1000, Change: 151},
		{Method: pos.TenderGiftCard, Amount: 500, Ref: "GC-1"},
		{Method: pos.TenderCard, Amount: 2000, Ref: "TX-9"},
		{Method: pos.TenderVoucher, Amount: 300, Ref: "VALE-3"},
	}}
	tests := []struct {
		name     string
		amount   pos.Money
		refunded []pos.Tender
		want     []pos.Tender
		code     string
	}{
		{"card first", 1500, nil, []pos.Tender{{Method: pos.TenderCard, Amount: 1500, Ref: "TX-9"}}, ""},
		{"card then gift card", 2200, nil, []pos.Tender{{Method: pos.TenderCard, Amount: 2000, Ref: "TX-9"}, {Method: pos.TenderGiftCard, Amount: 200, Ref: "GC-1"}}, ""},
		{"all of it, cash last, voucher as a new voucher", 3649, nil, []pos.Tender{{Method: pos.TenderCard, Amount: 2000, Ref: "TX-9"},
			{Method: pos.TenderGiftCard, Amount: 500, Ref: "GC-1"}, {Method: pos.TenderVoucher, Amount: 300}, {Method: pos.TenderCash, Amount: 849}}, ""},
		{"after an earlier voucher refund under its new code: no more than is left", 1000, []pos.Tender{{Method: pos.TenderCard, Amount: 2000, Ref: "TX-9"},
			{Method: pos.TenderGiftCard, Amount: 500, Ref: "GC-1"}, {Method: pos.TenderVoucher, Amount: 200, Ref: "DEV-1"}}, nil, pos.EINVALID},
		{"after earlier refunds, the rest", 949, []pos.Tender{{Method: pos.TenderCard, Amount: 2000, Ref: "TX-9"},
			{Method: pos.TenderGiftCard, Amount: 500, Ref: "GC-1"}, {Method: pos.TenderVoucher, Amount: 200, Ref: "DEV-1"}},
			[]pos.Tender{{Method: pos.TenderVoucher, Amount: 100}, {Method: pos.TenderCash, Amount: 849}}, ""},
		{"after an earlier card refund", 600, []pos.Tender{{Method: pos.TenderCard, Amount: 1800, Ref: "TX-9"}},
			[]pos.Tender{{Method: pos.TenderCard, Amount: 200, Ref: "TX-9"}, {Method: pos.TenderGiftCard, Amount: 400, Ref: "GC-1"}}, ""},
		{"more than was paid", 3650, nil, nil, pos.EINVALID},
		{"nothing", 0, nil, nil, pos.EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pos.RefundTenders(sale, tc.amount, tc.refunded)
			if pos.ErrorCode(err) != tc.code {
				t.Fatalf("err %v, want %q", err, tc.code)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			var sum pos.Money
			for i := range got {
				sum += got[i].Amount
				if got[i] != tc.want[i] {
					t.Errorf("tender %d: %+v, want %+v", i, got[i], tc.want[i])
				}
			}
			if err == nil && sum != tc.amount {
				t.Errorf("refund tenders sum to %d, not %d", sum, tc.amount)
			}
		})
	}
}

func TestPayWithRoundsOnlyTheCashPart(t *testing.T) {
	ctx := context.Background()
	chf, _ := pos.CurrencyByCode("CHF")
	h := newSellingLane(t, func(c *pos.LaneConfig, f *pos.CatalogDelta) {
		c.Store.Currency = chf
		for i := range f.Products {
			f.Products[i].Currency = "CHF"
		}
		f.Promotions = json.RawMessage(`[]`)
	})
	ov, err := h.lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: pos.PermRefund, Reason: "carga",
		Credential: pos.Credential{OperatorID: "2001", PIN: "9999"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.lane.CreditLedger(ctx, pos.LedgerGiftCard, "GC-CH", 501, "carga", ov); err != nil {
		t.Fatal(err)
	}
	h.scan(t, "8410001000039", "8410001000015") // 13.49 CHF
	// 5.01 from the gift card leaves 8.48, paid in cash as 8.50 (5-rappen step).
	if _, err := h.lane.PayWith(ctx, []pos.TenderRequest{{Method: pos.TenderCash, Amount: 845}, {Method: pos.TenderGiftCard, Ref: "GC-CH"}}); pos.ErrorCode(err) != pos.EINSUFFICIENT {
		t.Fatalf("8.45 for 8.50: %v", err)
	}
	s, err := h.lane.PayWith(ctx, []pos.TenderRequest{{Method: pos.TenderCash, Amount: 1000}, {Method: pos.TenderGiftCard, Ref: "GC-CH"}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Tenders[0].Amount != 501 || s.Tenders[1].Amount != 850 || s.Change != 150 {
		t.Fatalf("tenders %+v change %d", s.Tenders, s.Change)
	}
}

func TestReceiptNamesSplitTenders(t *testing.T) {
	s := pos.Sale{DeviceID: "lane-1", Number: 3, Currency: "EUR", Totals: pos.Totals{Total: 1349},
		Tenders: []pos.Tender{{Method: pos.TenderGiftCard, Amount: 500, Ref: "6001234567"}, {Method: pos.TenderVoucher, Amount: 300, Ref: "VALE-3"},
			{Method: pos.TenderCash, Amount: 549, Received: 1000, Change: 451}}, Change: 451}
	r := pos.BuildReceipt(pos.StoreInfo{Lang: "es", Currency: pos.EUR}, s, false)
	var got []string
	for _, l := range r.Totals {
		got = append(got, l.Left+"|"+l.Right+"|"+l.Detail)
	}
	want := []string{"TOTAL|13,49 €|", "Tarjeta regalo|5,00 €|···4567", "Vale|3,00 €|···LE-3", "Efectivo|10,00 €|", "Cambio|4,51 €|"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("receipt totals:\n%s", strings.Join(got, "\n"))
	}
}
