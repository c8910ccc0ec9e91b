package promo

import (
	"maps"
	"slices"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

// applyCase is one basket priced under some promotions.
type applyCase struct {
	name    string
	promos  []Promotion
	lines   []pos.Line
	coupons []string
	// want is the discount per line number; lines not named get none.
	want map[int]pos.Money
	// ids are the promotions applied, in order.
	ids []string
}

func runCases(t *testing.T, cases []applyCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := mustEngine(t, c.promos...)
			in := Input{Lines: c.lines, Category: category, At: noon, Coupons: c.coupons}
			res, err := e.Apply(in)
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			checkInvariants(t, in, res)
			got := map[int]pos.Money{}
			for _, l := range res.Lines {
				got[l.LineNo] = l.Amount
			}
			want := c.want
			if want == nil {
				want = map[int]pos.Money{}
			}
			if !maps.Equal(got, want) {
				t.Errorf("line discounts = %v, want %v", got, want)
			}
			var ids []string
			for _, d := range res.Discounts {
				ids = append(ids, d.PromotionID)
			}
			if !slices.Equal(ids, c.ids) {
				t.Errorf("promotions applied = %v, want %v", ids, c.ids)
			}
		})
	}
}

func TestPercentOff(t *testing.T) {
	pct := func(id string, bp int64, tg Target) Promotion {
		return Promotion{ID: id, Type: PercentOff, Name: named(id), Percent: bp, Target: tg}
	}
	runCases(t, []applyCase{
		{name: "sku", promos: []Promotion{pct("P", 1000, Target{SKUs: []string{"LECHE"}})},
			lines: []pos.Line{ln(1, "PAN", 1, 120), ln(2, "LECHE", 2, 199)},
			want:  map[int]pos.Money{2: 40}, ids: []string{"P"}}, // 10 % of 3.98 = 0.398 → 0.40
		{name: "category over two lines", promos: []Promotion{pct("P", 2000, Target{Categories: []string{"cafe"}})},
			lines: []pos.Line{ln(1, "CAFE1", 1, 300), ln(2, "PAN", 1, 120), ln(3, "CAFE2", 1, 450)},
			want:  map[int]pos.Money{1: 60, 3: 90}, ids: []string{"P"}},
		{name: "remainder to lower lines", promos: []Promotion{pct("P", 1000, Target{})},
			lines: []pos.Line{ln(1, "PAN", 1, 35), ln(2, "LECHE", 1, 35), ln(3, "YOGUR", 1, 35)},
			want:  map[int]pos.Money{1: 4, 2: 4, 3: 3}, ids: []string{"P"}}, // 10.5 → 11
		{name: "100 percent", promos: []Promotion{pct("P", 10000, Target{SKUs: []string{"PAN"}})},
			lines: []pos.Line{ln(1, "PAN", 3, 120)},
			want:  map[int]pos.Money{1: 360}, ids: []string{"P"}},
		{name: "excluded sku", promos: []Promotion{pct("P", 5000, Target{Categories: []string{"cafe"}, ExcludeSKUs: []string{"CAFE2"}})},
			lines: []pos.Line{ln(1, "CAFE1", 1, 300), ln(2, "CAFE2", 1, 450)},
			want:  map[int]pos.Money{1: 150}, ids: []string{"P"}},
		{name: "weighed line", promos: []Promotion{pct("P", 1000, Target{Categories: []string{"fruta"}})},
			lines: []pos.Line{weighed(1, "TOMATE", 1234, 249)}, // 3.07
			want:  map[int]pos.Money{1: 31}, ids: []string{"P"}},
		{name: "voided line ignored", promos: []Promotion{pct("P", 1000, Target{SKUs: []string{"PAN"}})},
			lines: []pos.Line{func() pos.Line { l := ln(1, "PAN", 1, 500); l.Voided = true; return l }(), ln(2, "LECHE", 1, 100)}},
		{name: "no match", promos: []Promotion{pct("P", 1000, Target{SKUs: []string{"NADA"}})},
			lines: []pos.Line{ln(1, "PAN", 1, 500)}},
		{name: "lookup wins over the line's category", promos: []Promotion{pct("P", 1000, Target{Categories: []string{"cafe"}})},
			lines: []pos.Line{func() pos.Line { l := ln(1, "PAN", 1, 500); l.Category = "cafe"; return l }()}},
	})
	// Without a lookup, each line's own category counts.
	e := mustEngine(t, pct("P", 1000, Target{Categories: []string{"cafe"}}))
	l := ln(1, "PAN", 1, 500)
	l.Category = "cafe"
	if res, err := e.Apply(Input{Lines: []pos.Line{l}, At: noon}); err != nil || res.Saved != 50 {
		t.Errorf("line category: saved %d, %v", res.Saved, err)
	}
}

func TestAmountOff(t *testing.T) {
	off := func(id string, amt pos.Money, tg Target) Promotion {
		return Promotion{ID: id, Type: AmountOff, Name: named(id), Amount: amt, Target: tg}
	}
	runCases(t, []applyCase{
		{name: "per unit", promos: []Promotion{off("A", 50, Target{SKUs: []string{"LECHE"}})},
			lines: []pos.Line{ln(1, "LECHE", 3, 120)},
			want:  map[int]pos.Money{1: 150}, ids: []string{"A"}},
		{name: "capped at the unit price", promos: []Promotion{off("A", 200, Target{SKUs: []string{"LECHE"}})},
			lines: []pos.Line{ln(1, "LECHE", 3, 120)},
			want:  map[int]pos.Money{1: 360}, ids: []string{"A"}},
		{name: "category", promos: []Promotion{off("A", 25, Target{Categories: []string{"lacteos"}})},
			lines: []pos.Line{ln(1, "LECHE", 2, 120), ln(2, "YOGUR", 1, 80), ln(3, "PAN", 1, 100)},
			want:  map[int]pos.Money{1: 50, 2: 25}, ids: []string{"A"}},
		{name: "weighed line counts once", promos: []Promotion{off("A", 50, Target{SKUs: []string{"TOMATE"}})},
			lines: []pos.Line{weighed(1, "TOMATE", 2000, 200)},
			want:  map[int]pos.Money{1: 50}, ids: []string{"A"}},
	})
}

func TestBuyXGetY(t *testing.T) {
	bxgy := func(id string, buy, get, bp int64, tg Target) Promotion {
		return Promotion{ID: id, Type: BuyXGetY, Name: named(id), Buy: buy, Get: get, Percent: bp, Target: tg}
	}
	cafe := Target{Categories: []string{"cafe"}}
	runCases(t, []applyCase{
		{name: "cheapest free", promos: []Promotion{bxgy("B", 2, 1, 10000, cafe)},
			lines: []pos.Line{ln(1, "CAFE1", 1, 300), ln(2, "CAFE2", 1, 200), ln(3, "CAFE3", 1, 100)},
			want:  map[int]pos.Money{3: 100}, ids: []string{"B"}},
		{name: "incomplete group gets nothing", promos: []Promotion{bxgy("B", 2, 1, 10000, cafe)},
			lines: []pos.Line{ln(1, "CAFE1", 1, 300), ln(2, "CAFE2", 1, 200)}},
		{name: "groups dearest first", promos: []Promotion{bxgy("B", 2, 1, 10000, cafe)},
			// units 5,5,4 | 3,3,1 → free: one 4.00 and one 1.00
			lines: []pos.Line{ln(1, "CAFE1", 2, 500), ln(2, "CAFE2", 1, 400), ln(3, "CAFE3", 2, 300), ln(4, "CAFE1", 1, 100)},
			want:  map[int]pos.Money{2: 400, 4: 100}, ids: []string{"B"}},
		{name: "second at half price", promos: []Promotion{bxgy("B", 1, 1, 5000, cafe)},
			lines: []pos.Line{ln(1, "CAFE1", 1, 400), ln(2, "CAFE2", 1, 300)},
			want:  map[int]pos.Money{2: 150}, ids: []string{"B"}},
		{name: "one line many units", promos: []Promotion{bxgy("B", 1, 1, 10000, Target{SKUs: []string{"PAN"}})},
			lines: []pos.Line{ln(1, "PAN", 5, 100)},
			want:  map[int]pos.Money{1: 200}, ids: []string{"B"}},
		{name: "equal prices: free unit on the later line", promos: []Promotion{bxgy("B", 1, 1, 10000, cafe)},
			lines: []pos.Line{ln(7, "CAFE1", 1, 300), ln(3, "CAFE2", 1, 300)},
			want:  map[int]pos.Money{7: 300}, ids: []string{"B"}},
	})
}

func TestMultiBuy(t *testing.T) {
	three4two := Promotion{ID: "3X2", Type: MultiBuy, Name: Name{ES: "3x2 Café molido", EN: "3 for 2 ground coffee"}, Qty: 3, PayQty: 2, Target: Target{Categories: []string{"cafe"}}}
	two4five := Promotion{ID: "2X5", Type: MultiBuy, Name: named("2 por 5"), Qty: 2, Price: 500, Target: Target{SKUs: []string{"LECHE", "YOGUR"}}}
	runCases(t, []applyCase{
		{name: "3 for 2", promos: []Promotion{three4two},
			lines: []pos.Line{ln(1, "CAFE1", 3, 250)},
			want:  map[int]pos.Money{1: 250}, ids: []string{"3X2"}},
		{name: "3 for 2 twice and a spare", promos: []Promotion{three4two},
			lines: []pos.Line{ln(1, "CAFE1", 7, 250)},
			want:  map[int]pos.Money{1: 500}, ids: []string{"3X2"}},
		{name: "3 for 2 across lines of one sku", promos: []Promotion{three4two},
			lines: []pos.Line{ln(1, "CAFE1", 1, 250), ln(2, "PAN", 1, 100), ln(3, "CAFE1", 2, 250)},
			want:  map[int]pos.Money{3: 250}, ids: []string{"3X2"}},
		{name: "3 for 2 does not mix skus", promos: []Promotion{three4two},
			lines: []pos.Line{ln(1, "CAFE1", 2, 250), ln(2, "CAFE2", 1, 250)}},
		{name: "2 for 5.00", promos: []Promotion{two4five},
			lines: []pos.Line{ln(1, "LECHE", 2, 300)},
			want:  map[int]pos.Money{1: 100}, ids: []string{"2X5"}},
		{name: "2 for 5.00 per sku", promos: []Promotion{two4five},
			lines: []pos.Line{ln(1, "LECHE", 5, 300), ln(2, "YOGUR", 3, 280)},
			want:  map[int]pos.Money{1: 200, 2: 60}, ids: []string{"2X5"}},
		{name: "2 for 5.00 dearer than the items", promos: []Promotion{two4five},
			lines: []pos.Line{ln(1, "LECHE", 2, 200)}},
		{name: "2 for 5.00 across lines", promos: []Promotion{two4five},
			lines: []pos.Line{ln(1, "LECHE", 1, 300), ln(2, "LECHE", 1, 300)},
			want:  map[int]pos.Money{1: 50, 2: 50}, ids: []string{"2X5"}},
	})
}

func TestMixMatch(t *testing.T) {
	mm := Promotion{ID: "MM", Type: MixMatch, Name: named("3 lácteos por 4"), Qty: 3, Price: 400, Target: Target{Categories: []string{"lacteos"}, SKUs: []string{"PAN"}}}
	runCases(t, []applyCase{
		{name: "any three", promos: []Promotion{mm},
			// 4.50 for 4.00: 0.50 spread 200:150:100 → 22.2, 16.7, 11.1 → 22, 17, 11
			lines: []pos.Line{ln(1, "LECHE", 1, 200), ln(2, "YOGUR", 1, 150), ln(3, "PAN", 1, 100)},
			want:  map[int]pos.Money{1: 22, 2: 17, 3: 11}, ids: []string{"MM"}},
		{name: "dearest grouped first", promos: []Promotion{mm},
			// units 2.00 ×3 | 1.50 ×2 (no group): one group of 6.00 → 2.00 off
			lines: []pos.Line{ln(1, "LECHE", 3, 200), ln(2, "YOGUR", 2, 150)},
			want:  map[int]pos.Money{1: 200}, ids: []string{"MM"}},
		{name: "two groups across lines", promos: []Promotion{mm},
			// 2.00,2.00,1.50 | 1.50,1.50,1.00 → 1.50 off, 0.00 off (4.00 = 4.00)
			lines: []pos.Line{ln(1, "LECHE", 2, 200), ln(2, "YOGUR", 3, 150), ln(3, "PAN", 1, 100)},
			want:  map[int]pos.Money{1: 109, 2: 41}, ids: []string{"MM"}},
		{name: "too few", promos: []Promotion{mm},
			lines: []pos.Line{ln(1, "LECHE", 2, 200), ln(2, "CAFE1", 5, 300)}},
	})
}

func TestSpendThreshold(t *testing.T) {
	amt := Promotion{ID: "S5", Type: SpendThreshold, Name: named("5 € por 50"), MinSpend: 5000, Amount: 500}
	pct := Promotion{ID: "S10", Type: SpendThreshold, Name: named("10 % por 50"), MinSpend: 5000, Percent: 1000}
	cafe := Promotion{ID: "SC", Type: SpendThreshold, Name: named("café 20"), MinSpend: 2000, Amount: 300, Target: Target{Categories: []string{"cafe"}}}
	runCases(t, []applyCase{
		{name: "amount reached", promos: []Promotion{amt},
			lines: []pos.Line{ln(1, "CAFE1", 1, 4000), ln(2, "PAN", 1, 2000)},
			want:  map[int]pos.Money{1: 333, 2: 167}, ids: []string{"S5"}},
		{name: "exactly the threshold", promos: []Promotion{amt},
			lines: []pos.Line{ln(1, "CAFE1", 1, 5000)},
			want:  map[int]pos.Money{1: 500}, ids: []string{"S5"}},
		{name: "one cent short", promos: []Promotion{amt},
			lines: []pos.Line{ln(1, "CAFE1", 1, 4999)}},
		{name: "percent", promos: []Promotion{pct},
			lines: []pos.Line{ln(1, "CAFE1", 1, 4000), ln(2, "PAN", 1, 2000)},
			want:  map[int]pos.Money{1: 400, 2: 200}, ids: []string{"S10"}},
		{name: "category spend only", promos: []Promotion{cafe},
			lines: []pos.Line{ln(1, "CAFE1", 1, 1500), ln(2, "PAN", 1, 3000), ln(3, "CAFE2", 1, 500)},
			want:  map[int]pos.Money{1: 225, 3: 75}, ids: []string{"SC"}},
		{name: "category spend short", promos: []Promotion{cafe},
			lines: []pos.Line{ln(1, "CAFE1", 1, 1500), ln(2, "PAN", 1, 3000)}},
	})
}
