package promo

import (
	"reflect"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

// sameResult compares results, ignoring nil versus empty slices.
func sameResult(a, b Result) bool {
	norm := func(r Result) Result {
		if len(r.Discounts) == 0 {
			r.Discounts = nil
		}
		if len(r.Lines) == 0 {
			r.Lines = nil
		}
		if len(r.UnknownCoupons) == 0 {
			r.UnknownCoupons = nil
		}
		return r
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// bytesource reads small numbers from fuzz input, then zeros.
type bytesource struct{ b []byte }

func (s *bytesource) n(max int) int {
	if len(s.b) == 0 || max <= 0 {
		return 0
	}
	v := int(s.b[0]) % (max + 1)
	s.b = s.b[1:]
	return v
}

var fuzzSKUs = []string{"CAFE1", "CAFE2", "CAFE3", "LECHE", "YOGUR", "PAN", "TOMATE"}
var fuzzCats = []string{"cafe", "lacteos", "panaderia", "fruta"}

// fuzzPromotion builds a valid promotion from s.
func fuzzPromotion(s *bytesource, i int) Promotion {
	p := Promotion{ID: string(rune('A' + i)), Name: named("p"), Priority: s.n(3), Stackable: s.n(3) == 0}
	switch s.n(7) {
	case 0:
		p.Coupon = "Cupon"
	case 1:
		p.Window.To = noon // over
	case 2:
		p.Window.StartMinute, p.Window.EndMinute = 11*60, 13*60 // open at noon
	}
	switch s.n(3) {
	case 1:
		p.Target.SKUs = []string{fuzzSKUs[s.n(len(fuzzSKUs)-1)], fuzzSKUs[s.n(len(fuzzSKUs)-1)]}
	case 2:
		p.Target.Categories = []string{fuzzCats[s.n(len(fuzzCats)-1)]}
	case 3:
		p.Target.Categories = []string{fuzzCats[s.n(len(fuzzCats)-1)]}
		p.Target.ExcludeSKUs = []string{fuzzSKUs[s.n(len(fuzzSKUs)-1)]}
	}
	if p.Target.All() && s.n(1) == 1 {
		p.Target.Categories = []string{"cafe", "lacteos"}
	}
	switch s.n(5) {
	case 0:
		p.Type, p.Percent = PercentOff, min(int64(1+s.n(250)*40), MaxPercent)
	case 1:
		p.Type, p.Amount = AmountOff, pos.Money(1+s.n(255)*3)
	case 2:
		p.Type, p.Buy, p.Get, p.Percent = BuyXGetY, int64(1+s.n(3)), int64(1+s.n(2)), min(int64(1+s.n(250)*40), MaxPercent)
	case 3:
		p.Type, p.Qty = MultiBuy, int64(2+s.n(3))
		if s.n(1) == 0 {
			p.PayQty = int64(1 + s.n(int(p.Qty)-2))
		} else {
			p.Price = pos.Money(1 + s.n(255)*4)
		}
	case 4:
		p.Type, p.Qty, p.Price = MixMatch, int64(2+s.n(3)), pos.Money(1+s.n(255)*4)
		if p.Target.All() {
			p.Target.Categories = []string{"lacteos"}
		}
	case 5:
		p.Type, p.MinSpend = SpendThreshold, pos.Money(1+s.n(255)*20)
		if s.n(1) == 0 {
			p.Amount = pos.Money(1 + s.n(255)*5)
		} else {
			p.Percent = min(int64(1+s.n(250)*40), MaxPercent)
		}
	}
	return p
}

// fuzzBasket builds promotions and a basket from data.
func fuzzBasket(data []byte) ([]Promotion, []pos.Line, []string) {
	s := &bytesource{data}
	var ps []Promotion
	for i, n := 0, 1+s.n(7); i < n; i++ {
		ps = append(ps, fuzzPromotion(s, i))
	}
	var lines []pos.Line
	for i, n := 0, 1+s.n(15); i < n; i++ {
		sku := fuzzSKUs[s.n(len(fuzzSKUs)-1)]
		var l pos.Line
		if s.n(5) == 0 {
			l = weighed(i*3+1, sku, int64(1+s.n(255)*37), pos.Money(1+s.n(255)*7))
		} else {
			l = ln(i*3+1, sku, int64(1+s.n(9)), pos.Money(s.n(255)*s.n(40)+s.n(9)))
		}
		l.Voided = s.n(15) == 0
		lines = append(lines, l)
	}
	var coupons []string
	if s.n(1) == 1 {
		coupons = []string{"cupon", "OTRO"}
	}
	return ps, lines, coupons
}

// FuzzApply checks Apply's invariants on generated baskets: allocations sum
// to the discounts, no line goes below zero, discounts never exceed the
// gross, and the result does not depend on the order of the lines.
func FuzzApply(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 0, 0, 2, 3, 1, 1, 0, 0, 5, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{7, 1, 2, 2, 4, 0, 3, 1, 9, 9, 9, 0, 0, 4, 4, 4, 3, 2, 1, 15, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14})
	f.Add([]byte("the quick brown fox jumps over the lazy dog, three for two"))
	f.Add([]byte{255, 254, 253, 252, 251, 250, 249, 248, 247, 246, 245, 244, 243, 242, 241, 240, 239, 238, 237, 236, 235})
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, lines, coupons := fuzzBasket(data)
		e, err := NewEngine(ps)
		if err != nil {
			t.Fatalf("generated promotions are invalid: %v", err)
		}
		in := Input{Lines: lines, Category: category, At: noon, Coupons: coupons}
		res, err := e.Apply(in)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, in, res)
		// Lines priced net of their discounts: nothing negative, totals add up.
		net := res.NetLines(lines)
		for i, l := range net {
			if !l.Voided && l.Amount < 0 && lines[i].Amount >= 0 {
				t.Fatalf("line %d goes below zero", l.No)
			}
		}
		gross, after := pos.ComputeTotals(lines), pos.ComputeTotals(net)
		if after.Total != gross.Total-res.Saved || (gross.Total >= 0 && after.Total < 0) {
			t.Fatalf("total after discounts %d, gross %d, saved %d", after.Total, gross.Total, res.Saved)
		}
		var bandTax pos.Money
		for _, b := range after.Bands {
			bandTax += b.Tax
			if b.Gross < 0 {
				t.Fatalf("band %d goes below zero", b.Rate)
			}
		}
		if bandTax != after.Tax {
			t.Fatalf("bands' tax %d, total tax %d", bandTax, after.Tax)
		}
		// Any order of the lines gives the same result.
		for _, perm := range [][]pos.Line{reversed(lines), rotated(lines, len(data)%max(1, len(lines)))} {
			in.Lines = perm
			got, err := e.Apply(in)
			if err != nil {
				t.Fatal(err)
			}
			if !sameResult(got, res) {
				t.Fatalf("line order changed the result:\n got %+v\nwant %+v", got, res)
			}
		}
		// Promotions in any order give the same result.
		e2, _ := NewEngine(reversedP(ps))
		in.Lines = lines
		if got, _ := e2.Apply(in); !sameResult(got, res) {
			t.Fatalf("promotion order changed the result:\n got %+v\nwant %+v", got, res)
		}
	})
}

func reversed(ls []pos.Line) []pos.Line {
	out := make([]pos.Line, len(ls))
	for i, l := range ls {
		out[len(ls)-1-i] = l
	}
	return out
}

func reversedP(ps []Promotion) []Promotion {
	out := make([]Promotion, len(ps))
	for i, p := range ps {
		out[len(ps)-1-i] = p
	}
	return out
}

func rotated(ls []pos.Line, k int) []pos.Line {
	return append(append([]pos.Line(nil), ls[k:]...), ls[:k]...)
}

// FuzzAllocate checks the pro-rata split: exact sum, no share above its
// weight.
func FuzzAllocate(f *testing.F) {
	f.Add(int64(11), []byte{35, 35, 35})
	f.Add(int64(1), []byte{1, 1, 1, 1})
	f.Add(int64(999), []byte{255, 1, 128, 7})
	f.Fuzz(func(t *testing.T, d int64, ws []byte) {
		var sh []share
		var total pos.Money
		for i, w := range ws {
			sh = append(sh, share{i, pos.Money(w) * 1_000_000_007 % MaxAmount})
			total += sh[i].weight
		}
		if d < 0 {
			d = -d
		}
		if total > 0 {
			d %= int64(total) + 1
		}
		got := map[int]pos.Money{}
		var sum pos.Money
		allocate(pos.Money(d), sh, func(l int, a pos.Money) { got[l] += a; sum += a })
		if total > 0 && sum != pos.Money(d) {
			t.Fatalf("allocated %d of %d", sum, d)
		}
		for _, s := range sh {
			if got[s.line] > s.weight || got[s.line] < 0 {
				t.Fatalf("share %d got %d of weight %d", s.line, got[s.line], s.weight)
			}
		}
	})
}
