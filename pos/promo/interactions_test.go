package promo

import (
	"fmt"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

func TestInteractions(t *testing.T) {
	cafe := Target{Categories: []string{"cafe"}}
	pct10 := Promotion{ID: "CAFE10", Type: PercentOff, Name: named("10 % café"), Percent: 1000, Target: cafe}
	x3 := Promotion{ID: "CAFE3X2", Type: MultiBuy, Name: named("3x2 café"), Qty: 3, PayQty: 2, Target: cafe}
	all5 := Promotion{ID: "ALL5", Type: PercentOff, Name: named("5 % todo"), Percent: 500, Stackable: true}
	spend := Promotion{ID: "SPEND", Type: SpendThreshold, Name: named("5 € por 50"), MinSpend: 5000, Amount: 500}
	spendStack := spend
	spendStack.ID, spendStack.Stackable = "SPENDS", true
	off1 := Promotion{ID: "B-OFF1", Type: AmountOff, Name: named("1 € menos"), Amount: 100, Target: Target{SKUs: []string{"CAFE1"}}}
	off1b := off1
	off1b.ID = "A-OFF1"
	off1p := off1
	off1p.ID, off1p.Priority = "C-OFF1", 5

	runCases(t, []applyCase{
		{name: "best deal wins: 3x2 over 10 %", promos: []Promotion{pct10, x3},
			lines: []pos.Line{ln(1, "CAFE1", 3, 300)},
			want:  map[int]pos.Money{1: 300}, ids: []string{"CAFE3X2"}},
		{name: "best deal wins: half price over 3x2, even with 3x2 first", promos: []Promotion{x3,
			{ID: "CAFE50", Type: PercentOff, Name: named("50 % café"), Percent: 5000, Target: cafe}},
			// 50 % of all the coffee saves 4.50; 3x2 (1.00) then 50 % of the rest (3.00) only 4.00
			lines: []pos.Line{ln(1, "CAFE1", 3, 100), ln(2, "CAFE2", 1, 600)},
			want:  map[int]pos.Money{1: 150, 2: 300}, ids: []string{"CAFE50"}},
		{name: "a crowding deal waits when the others save more", promos: []Promotion{pct10, x3},
			// 10 % of all the coffee saves 1.80 and crowds out the 3x2; 3x2 (1.00)
			// then 10 % of the other coffee (1.50) saves 2.50
			lines: []pos.Line{ln(1, "CAFE1", 3, 100), ln(2, "CAFE2", 1, 1500)},
			want:  map[int]pos.Money{1: 100, 2: 150}, ids: []string{"CAFE3X2", "CAFE10"}},
		{name: "category percent versus two multi-buys", promos: []Promotion{
			{ID: "CAT20", Type: PercentOff, Name: named("20 % café"), Percent: 2000, Target: cafe},
			{ID: "C1-3X2", Type: MultiBuy, Name: named("3x2"), Qty: 3, PayQty: 2, Target: Target{SKUs: []string{"CAFE1"}}},
			{ID: "C2-2X1", Type: MultiBuy, Name: named("2x1"), Qty: 2, PayQty: 1, Target: Target{SKUs: []string{"CAFE2"}}},
		},
			// 20 % of 15.00 = 3.00 beats either multi-buy (2.00, 3.00 → tie, then ids)
			// but the two together save 5.00
			lines: []pos.Line{ln(1, "CAFE1", 3, 200), ln(2, "CAFE2", 2, 450)},
			want:  map[int]pos.Money{1: 200, 2: 450}, ids: []string{"C2-2X1", "C1-3X2"}},
		{name: "exclusive: remaining units get the next best", promos: []Promotion{pct10, x3},
			// 3x2 uses 3 of 5 units (3.00 off); 10 % on the 2 left (6.00) = 0.60
			lines: []pos.Line{ln(1, "CAFE1", 5, 300)},
			want:  map[int]pos.Money{1: 360}, ids: []string{"CAFE3X2", "CAFE10"}},
		{name: "exclusive: another line gets the loser", promos: []Promotion{pct10, x3},
			lines: []pos.Line{ln(1, "CAFE1", 3, 300), ln(2, "CAFE2", 1, 500)},
			want:  map[int]pos.Money{1: 300, 2: 50}, ids: []string{"CAFE3X2", "CAFE10"}},
		{name: "stackable on top of exclusive", promos: []Promotion{x3, all5},
			// 3x2: 3.00 off 9.00; 5 % of the 6.00 left = 0.30; 5 % of PAN 1.00 = 0.05
			lines: []pos.Line{ln(1, "CAFE1", 3, 300), ln(2, "PAN", 1, 100)},
			want:  map[int]pos.Money{1: 330, 2: 5}, ids: []string{"CAFE3X2", "ALL5"}},
		{name: "equal savings: higher priority wins", promos: []Promotion{off1, off1p},
			lines: []pos.Line{ln(1, "CAFE1", 1, 300)},
			want:  map[int]pos.Money{1: 100}, ids: []string{"C-OFF1"}},
		{name: "equal savings and priority: lower id wins", promos: []Promotion{off1, off1b},
			lines: []pos.Line{ln(1, "CAFE1", 1, 300)},
			want:  map[int]pos.Money{1: 100}, ids: []string{"A-OFF1"}},
		{name: "exclusive threshold beats a smaller item deal", promos: []Promotion{x3, spend},
			// 3x2 saves 1.00 and leaves 48.00, under the threshold; the
			// threshold alone on 51.00 saves 5.00 and takes every line
			lines: []pos.Line{ln(1, "CAFE1", 3, 100), ln(2, "PAN", 1, 4800)},
			want:  map[int]pos.Money{1: 29, 2: 471}, ids: []string{"SPEND"}},
		{name: "exclusive threshold after the item deals when that saves more", promos: []Promotion{x3, spend},
			// threshold alone 5.00; 3x2 (1.00) then the threshold on the 57.00 left (5.00) = 6.00
			lines: []pos.Line{ln(1, "CAFE1", 3, 100), ln(2, "PAN", 1, 5700)},
			want:  map[int]pos.Money{1: 100, 2: 500}, ids: []string{"CAFE3X2", "SPEND"}},
		{name: "one threshold does not crowd out several item deals", promos: []Promotion{x3, pct10, spend,
			{ID: "PAN50", Type: PercentOff, Name: named("pan"), Percent: 5000, Target: Target{SKUs: []string{"PAN"}}}},
			// the threshold alone on 64.00 saves 5.00 and uses every line; the item
			// deals save 3.00 (3x2) + 2.00 (half-price bread) + 0.50 (10 % on the
			// other coffee) = 5.50, leaving 46.00 for the threshold: 5.50 wins
			lines: []pos.Line{ln(1, "CAFE1", 3, 300), ln(2, "PAN", 1, 400), ln(3, "CAFE2", 1, 500), ln(4, "LECHE", 1, 4600)},
			want:  map[int]pos.Money{1: 300, 2: 200, 3: 50}, ids: []string{"CAFE3X2", "PAN50", "CAFE10"}},
		{name: "exclusive threshold loses to a bigger item deal", promos: []Promotion{x3, spend},
			// 3x2 saves 10.00; the 50.00 left do not reach... 5.00 of PAN: no threshold
			lines: []pos.Line{ln(1, "CAFE1", 3, 1000), ln(2, "PAN", 1, 2500)},
			want:  map[int]pos.Money{1: 1000}, ids: []string{"CAFE3X2"}},
		{name: "stackable threshold counts spend after discounts", promos: []Promotion{x3, spendStack},
			// 52.00 gross, 3x2 takes 3.00 → 49.00 < 50.00
			lines: []pos.Line{ln(1, "CAFE1", 3, 300), ln(2, "PAN", 1, 4300)},
			want:  map[int]pos.Money{1: 300}, ids: []string{"CAFE3X2"}},
		{name: "stackable threshold on top", promos: []Promotion{x3, spendStack},
			// 63.00 gross, 3x2 3.00 → 60.00; 5.00 spread 6.00:54.00
			lines: []pos.Line{ln(1, "CAFE1", 3, 300), ln(2, "PAN", 1, 5400)},
			want:  map[int]pos.Money{1: 350, 2: 450}, ids: []string{"CAFE3X2", "SPENDS"}},
		{name: "two stackables apply in priority order", promos: []Promotion{all5, func() Promotion {
			p := all5
			p.ID, p.Priority, p.Percent = "ALL50", 9, 5000
			return p
		}()},
			// 50 % of 10.00 = 5.00, then 5 % of 5.00 = 0.25
			lines: []pos.Line{ln(1, "PAN", 1, 1000)},
			want:  map[int]pos.Money{1: 525}, ids: []string{"ALL50", "ALL5"}},
		{name: "stacked discounts never exceed the line", promos: []Promotion{
			{ID: "F1", Type: PercentOff, Name: named("F1"), Percent: 10000, Stackable: true},
			{ID: "F2", Type: AmountOff, Name: named("F2"), Amount: 100, Stackable: true},
			{ID: "F3", Type: SpendThreshold, Name: named("F3"), MinSpend: 1, Amount: 100},
		},
			lines: []pos.Line{ln(1, "PAN", 2, 100)},
			// F3 (exclusive) first: 1.00; F1 takes the 1.00 left; F2 finds nothing
			want: map[int]pos.Money{1: 200}, ids: []string{"F3", "F1"}},
	})
}

func TestCoupons(t *testing.T) {
	c := Promotion{ID: "NAV", Type: PercentOff, Name: named("Cupón Navidad"), Percent: 2000, Coupon: "Navidad26"}
	lines := []pos.Line{ln(1, "PAN", 1, 1000)}
	runCases(t, []applyCase{
		{name: "absent", promos: []Promotion{c}, lines: lines},
		{name: "present", promos: []Promotion{c}, lines: lines, coupons: []string{"NAVIDAD26"},
			want: map[int]pos.Money{1: 200}, ids: []string{"NAV"}},
		{name: "any case and spaces", promos: []Promotion{c}, lines: lines, coupons: []string{"  navidad26 "},
			want: map[int]pos.Money{1: 200}, ids: []string{"NAV"}},
		{name: "other code", promos: []Promotion{c}, lines: lines, coupons: []string{"VERANO"}},
	})
	e := mustEngine(t, c)
	res, err := e.Apply(Input{Lines: lines, At: noon, Coupons: []string{"verano", "navidad26", "VERANO"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.UnknownCoupons) != 1 || res.UnknownCoupons[0] != "VERANO" {
		t.Errorf("UnknownCoupons = %v, want [VERANO]", res.UnknownCoupons)
	}
	if len(res.Discounts) != 1 || res.Discounts[0].Coupon != "Navidad26" {
		t.Errorf("discounts = %+v, want NAV unlocked by Navidad26", res.Discounts)
	}
	// A code whose promotion is outside its window is unknown now.
	c.Window.To = noon
	e = mustEngine(t, c)
	res, _ = e.Apply(Input{Lines: lines, At: noon, Coupons: []string{"navidad26"}})
	if res.Saved != 0 || len(res.UnknownCoupons) != 1 {
		t.Errorf("expired coupon: saved %d, unknown %v", res.Saved, res.UnknownCoupons)
	}
}

func TestApplyErrors(t *testing.T) {
	e := mustEngine(t, Promotion{ID: "P", Type: PercentOff, Name: named("P"), Percent: 1000})
	_, err := e.Apply(Input{Lines: []pos.Line{ln(1, "PAN", 1, 100), ln(1, "LECHE", 1, 100)}})
	if pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("duplicate line numbers: err = %v, want EINVALID", err)
	}
	// A voided line may share its number with nothing live; a voided duplicate is fine.
	v := ln(1, "LECHE", 1, 100)
	v.Voided = true
	if _, err := e.Apply(Input{Lines: []pos.Line{ln(1, "PAN", 1, 100), v}}); err != nil {
		t.Errorf("voided duplicate: %v", err)
	}
	// Lines that cannot be discounted pass through.
	res, err := e.Apply(Input{Lines: []pos.Line{{No: 1, SKU: "X", Qty: 0, Amount: 100}, {No: 2, SKU: "Y", Qty: 1, Amount: -100}, {No: 3, SKU: "Z", Qty: 1, Amount: MaxAmount + 1}}})
	if err != nil || res.Saved != 0 {
		t.Errorf("odd lines: saved %d, err %v", res.Saved, err)
	}
	if res, err := e.Apply(Input{}); err != nil || res.Saved != 0 || res.Discounts != nil {
		t.Errorf("empty basket: %+v, %v", res, err)
	}
	many := make([]pos.Line, MaxLines+1)
	for i := range many {
		many[i] = ln(i+1, "PAN", 1, 100)
	}
	if _, err := e.Apply(Input{Lines: many}); pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("%d lines: err = %v, want EINVALID", len(many), err)
	}
	res, err = e.Apply(Input{Lines: many[:MaxLines]})
	if err != nil || res.Saved != MaxLines*10 {
		t.Errorf("%d lines: saved %d, %v", MaxLines, res.Saved, err)
	}
}

func TestOrderIndependent(t *testing.T) {
	e := mustEngine(t, benchPromotions()...)
	lines := benchLines(20)
	in := Input{Lines: lines, Category: benchCategory, At: noon, Coupons: []string{"CUPON5"}}
	want, err := e.Apply(in)
	if err != nil {
		t.Fatal(err)
	}
	if want.Saved == 0 {
		t.Fatal("bench basket saves nothing")
	}
	rev := make([]pos.Line, len(lines))
	for i, l := range lines {
		rev[len(lines)-1-i] = l
	}
	in.Lines = rev
	got, err := e.Apply(in)
	if err != nil {
		t.Fatal(err)
	}
	if !sameResult(got, want) {
		t.Errorf("reversed basket priced differently:\n got %+v\nwant %+v", got, want)
	}
}

func TestTieBreakAcrossKinds(t *testing.T) {
	// An item promotion and a spend threshold save the same: priority decides,
	// whatever their kinds.
	item := Promotion{ID: "A-ITEM", Type: AmountOff, Name: named("item"), Amount: 500, Target: Target{SKUs: []string{"PAN"}}}
	spend := Promotion{ID: "B-SPEND", Type: SpendThreshold, Name: named("spend"), MinSpend: 1000, Amount: 500, Priority: 1}
	runCases(t, []applyCase{
		{name: "priority beats kind", promos: []Promotion{item, spend},
			lines: []pos.Line{ln(1, "PAN", 1, 1000)},
			want:  map[int]pos.Money{1: 500}, ids: []string{"B-SPEND"}},
	})
	spend.Priority = 0
	runCases(t, []applyCase{
		{name: "then id", promos: []Promotion{item, spend},
			lines: []pos.Line{ln(1, "PAN", 1, 1000)},
			want:  map[int]pos.Money{1: 500}, ids: []string{"A-ITEM"}},
	})
	e := mustEngine(t, Promotion{ID: "C", Type: PercentOff, Name: named("c"), Percent: 100, Coupon: "Hola"})
	if !e.KnowsCoupon(" hola") || e.KnowsCoupon("adios") {
		t.Error("KnowsCoupon")
	}
}

func TestConcurrentApply(t *testing.T) {
	e := mustEngine(t, benchPromotions()...)
	baskets := make([]Input, 8)
	want := make([]Result, len(baskets))
	for i := range baskets {
		baskets[i] = Input{Lines: benchLines(5 + i*6), Category: benchCategory, At: noon, Coupons: []string{"CUPON5"}}
		want[i], _ = e.Apply(baskets[i])
	}
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func() {
			for n := 0; n < 200; n++ {
				i := (g + n) % len(baskets)
				got, err := e.Apply(baskets[i])
				if err == nil && !sameResult(got, want[i]) {
					err = fmt.Errorf("basket %d priced differently under concurrency", i)
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
