package pos

import (
	"testing"
	"time"
)

func TestComputeTotalsWithPolicies(t *testing.T) {
	lines := []Line{
		{No: 1, Qty: 1, Amount: 1000, TaxRate: 2100},
		{No: 2, Qty: 3, Amount: 999, Discount: 333, TaxRate: 1000},
		{No: 3, Qty: 1, Amount: 1, TaxRate: 2100},
		{No: 4, Qty: 1, Amount: 1, TaxRate: 2100},
		{No: 5, Qty: 1, Amount: 500, TaxRate: 400, Voided: true},
	}
	tests := []struct {
		tp          TaxPolicy
		total, tax  Money
		saved       Money
		bandTax21   Money
		bandGross21 Money
		bandNet21   Money
		bandTax10   Money
		bandCount   int
		description string
	}{
		// inclusive, per total: 21 % of 10.02 gross → 1.74; 10 % of 6.66 → 0.61
		{TaxPolicy{}, 1002 + 666, 174 + 61, 333, 174, 1002, 828, 61, 2, "inclusive per rate"},
		// inclusive per line: 1.74 (10.00 → 173.55→174) + 0 + 0 = 174; 10 %: 61
		{TaxPolicy{PerLine: true}, 1002 + 666, 174 + 61, 333, 174, 1002, 828, 61, 2, "inclusive per line"},
		// exclusive per total: 21 % of 10.02 = 2.1042 → 210; 10 % of 6.66 → 67
		{TaxPolicy{Exclusive: true}, 1002 + 666 + 210 + 67, 277, 333, 210, 1212, 1002, 67, 2, "exclusive per rate"},
		// exclusive per line: 210 + 0 + 0 (0.21 → 0) ; 67
		{TaxPolicy{Exclusive: true, PerLine: true}, 1002 + 666 + 210 + 67, 277, 333, 210, 1212, 1002, 67, 2, "exclusive per line"},
	}
	for _, tc := range tests {
		t.Run(tc.description, func(t *testing.T) {
			got := ComputeTotalsWith(lines, tc.tp)
			if got.Total != tc.total || got.Tax != tc.tax || got.Saved != tc.saved || len(got.Bands) != tc.bandCount {
				t.Fatalf("%+v", got)
			}
			b10, b21 := got.Bands[0], got.Bands[1]
			if b21.Tax != tc.bandTax21 || b21.Gross != tc.bandGross21 || b21.Net != tc.bandNet21 || b10.Tax != tc.bandTax10 {
				t.Fatalf("bands %+v", got.Bands)
			}
		})
	}
	// Per-line rounding differs from per-total when many small lines share a rate.
	small := []Line{{No: 1, Qty: 1, Amount: 6, TaxRate: 2100}, {No: 2, Qty: 1, Amount: 6, TaxRate: 2100}, {No: 3, Qty: 1, Amount: 6, TaxRate: 2100}}
	if a, b := ComputeTotalsWith(small, TaxPolicy{}).Tax, ComputeTotalsWith(small, TaxPolicy{PerLine: true}).Tax; a != 3 || b != 3 {
		t.Errorf("inclusive 3 x 0.06: per total %d, per line %d", a, b)
	}
	if a, b := ComputeTotalsWith(small, TaxPolicy{Exclusive: true}).Tax, ComputeTotalsWith(small, TaxPolicy{Exclusive: true, PerLine: true}).Tax; a != 4 || b != 3 {
		t.Errorf("exclusive 3 x 0.06: per total %d, per line %d", a, b)
	}
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		total  Money
		shares []Money
		want   []Money
	}{
		{100, []Money{100, 100, 100}, []Money{34, 33, 33}},
		{10, []Money{1, 2, 3, 4}, []Money{1, 2, 3, 4}},
		{300, []Money{200, 150, 100}, []Money{133, 100, 67}},
		{500, []Money{200, 150, 100}, []Money{200, 150, 100}},
		{1000, []Money{10, 20}, []Money{10, 20}},
		{7, []Money{0, -5, 3}, []Money{0, 0, 3}},
		{9_000_000_000_000, []Money{9_000_000_000_000, 1}, []Money{8_999_999_999_999, 1}},
	}
	for _, tc := range tests {
		got := Allocate(tc.total, tc.shares)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Allocate(%d, %v) = %v, want %v", tc.total, tc.shares, got, tc.want)
				break
			}
		}
	}
}

// fixedPromo is a PromotionEngine that takes a fixed share off each line.
type fixedPromo struct{ bp int64 }

func (f fixedPromo) PriceBasket(lines []Line, _ time.Time, _ []string) (PromotionPricing, error) {
	ap := AppliedPromotion{PromotionID: "F", Key: "promo.percent_off", ES: "F"}
	for _, l := range lines {
		if a := Money(int64(l.Amount) * f.bp / 10000); !l.Voided && a > 0 {
			ap.Allocations = append(ap.Allocations, Allocation{Line: l.No, Amount: a})
			ap.Amount += a
		}
	}
	if ap.Amount == 0 {
		return PromotionPricing{}, nil
	}
	return PromotionPricing{Applied: []AppliedPromotion{ap}}, nil
}

// FuzzPricedTotalsInvariants: whatever the lines, promotions and manual discounts,
// lines sum to the total, tax bands sum to the tax, nothing is negative and
// no line is discounted below zero.
func FuzzPricedTotalsInvariants(f *testing.F) {
	f.Add([]byte{10, 3, 21, 200, 1, 4, 7, 0}, uint16(1000), uint16(500), int64(300), false, false)
	f.Add([]byte{255, 255, 255, 1, 2, 3}, uint16(10000), uint16(10000), int64(1<<40), true, true)
	f.Fuzz(func(t *testing.T, raw []byte, promoBP, lineBP uint16, basketAmt int64, exclusive, perLine bool) {
		rates := []int{0, 400, 1000, 1600, 2000, 2100}
		b := NewBasket(EUR)
		b.Tax = TaxPolicy{Exclusive: exclusive, PerLine: perLine}
		for i := 0; i+2 < len(raw) && len(b.Lines) < 60; i += 3 {
			qty := int64(raw[i]%9) + 1
			unit := Money(raw[i+1])*Money(raw[i+1]) + Money(raw[i+2])
			b.Lines = append(b.Lines, Line{No: len(b.Lines) + 1, SKU: "S", Qty: qty, UnitPrice: unit, Amount: unit * Money(qty),
				TaxRate: rates[int(raw[i+2])%len(rates)], Voided: raw[i]%17 == 0})
			if raw[i+2]%3 == 0 {
				b.Lines[len(b.Lines)-1].Manual = &ManualDiscount{Percent: int(lineBP%10001) + 0, Reason: "r"}
				if b.Lines[len(b.Lines)-1].Manual.Percent == 0 {
					b.Lines[len(b.Lines)-1].Manual = &ManualDiscount{Amount: Money(raw[i+1]), Reason: "r"}
				}
			}
		}
		if basketAmt < 0 {
			basketAmt = -basketAmt
		}
		if basketAmt > 0 {
			b.Manual = &ManualDiscount{Amount: Money(basketAmt % (1 << 40)), Reason: "r"}
		}
		if err := b.Reprice(fixedPromo{bp: int64(promoBP % 10001)}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		tot := b.Totals()
		var net, saved, gross, tax Money
		for _, l := range b.LiveLines() {
			var sum Money
			for _, d := range l.Discounts {
				if d.Amount <= 0 {
					t.Fatalf("line %d: discount %+v", l.No, d)
				}
				sum += d.Amount
			}
			if sum != l.Discount || l.Discount < 0 || l.Discount > l.Amount {
				t.Fatalf("line %+v", l)
			}
			net += l.Net()
			saved += l.Discount
		}
		for _, bd := range tot.Bands {
			gross += bd.Gross
			tax += bd.Tax
			if bd.Gross-bd.Tax != bd.Net || bd.Tax < 0 || bd.Net < 0 || bd.Gross < 0 {
				t.Fatalf("band %+v", bd)
			}
		}
		want := net
		if exclusive {
			want += tot.Tax
		}
		if tot.Total != want || gross != tot.Total || tax != tot.Tax || tot.Saved != saved || tot.Total < 0 {
			t.Fatalf("totals %+v; lines net %d saved %d; bands gross %d tax %d", tot, net, saved, gross, tax)
		}
	})
}

func TestPromotionsUsedFromLines(t *testing.T) {
	b := &Basket{Lines: []Line{
		{No: 1, Discounts: []LineDiscount{{Kind: DiscountPromotion, PromotionID: "A", Amount: 30}, {Kind: DiscountManualLine, Amount: 5}}},
		{No: 2, Voided: true, Discounts: []LineDiscount{{Kind: DiscountPromotion, PromotionID: "A", Amount: 99}}},
		{No: 3, Discounts: []LineDiscount{{Kind: DiscountPromotion, PromotionID: "A", Amount: 20}, {Kind: DiscountPromotion, PromotionID: "B", Amount: 7, Coupon: "X"}}},
	}}
	got := promotionsUsed(b)
	if len(got) != 2 || got[0].PromotionID != "A" || got[0].Amount != 50 || len(got[0].Allocations) != 2 || got[1].Coupon != "X" || got[1].Amount != 7 {
		t.Fatalf("%+v", got)
	}
}
