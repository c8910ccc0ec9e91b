package promo

import (
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// noon is a Wednesday, inside every test window that does not say otherwise.
var noon = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

var testCats = map[string]string{
	"CAFE1": "cafe", "CAFE2": "cafe", "CAFE3": "cafe",
	"LECHE": "lacteos", "YOGUR": "lacteos",
	"PAN": "panaderia", "TOMATE": "fruta",
}

func category(sku string) string { return testCats[sku] }

// ln is a line of qty units at unit price, IVA 21 %.
func ln(no int, sku string, qty int64, unit pos.Money) pos.Line {
	return pos.Line{No: no, SKU: sku, Name: sku, Qty: qty, UnitPrice: unit, Amount: unit * pos.Money(qty), TaxRate: 2100}
}

// weighed is a weighed line of grams at price per kg.
func weighed(no int, sku string, grams int64, perKg pos.Money) pos.Line {
	return pos.Line{No: no, SKU: sku, Name: sku, Qty: 1, Grams: grams, UnitPrice: perKg, Amount: pos.Money((int64(perKg)*grams + 500) / 1000), TaxRate: 400}
}

func named(id string) Name { return Name{ES: id, EN: id} }

func mustEngine(t testing.TB, ps ...Promotion) *Engine {
	t.Helper()
	e, err := NewEngine(ps)
	if err != nil {
		t.Fatalf("NewEngine: %v", err)
	}
	return e
}

// checkInvariants fails t if res breaks any promise Apply makes about in.
func checkInvariants(t testing.TB, in Input, res Result) {
	t.Helper()
	amount := map[int]pos.Money{}
	for _, l := range in.Lines {
		if !l.Voided {
			amount[l.No] = l.Amount
		}
	}
	perLine := map[int]pos.Money{}
	var sum pos.Money
	for _, d := range res.Discounts {
		var s pos.Money
		prev := -1 << 62
		for _, a := range d.Allocations {
			if a.Amount <= 0 {
				t.Fatalf("%s: allocation %d to line %d is not positive", d.PromotionID, a.Amount, a.LineNo)
			}
			if _, ok := amount[a.LineNo]; !ok {
				t.Fatalf("%s: allocation to line %d, which is not a live line", d.PromotionID, a.LineNo)
			}
			if a.LineNo <= prev {
				t.Fatalf("%s: allocations not in line order", d.PromotionID)
			}
			prev = a.LineNo
			s += a.Amount
			perLine[a.LineNo] += a.Amount
		}
		if s != d.Amount || d.Amount <= 0 {
			t.Fatalf("%s: allocations sum to %d, discount is %d", d.PromotionID, s, d.Amount)
		}
		sum += d.Amount
	}
	if sum != res.Saved {
		t.Fatalf("discounts sum to %d, Saved is %d", sum, res.Saved)
	}
	var lineSum pos.Money
	for _, l := range res.Lines {
		if perLine[l.LineNo] != l.Amount {
			t.Fatalf("line %d: Lines says %d, allocations say %d", l.LineNo, l.Amount, perLine[l.LineNo])
		}
		if l.Amount > amount[l.LineNo] {
			t.Fatalf("line %d: discount %d exceeds its amount %d", l.LineNo, l.Amount, amount[l.LineNo])
		}
		lineSum += l.Amount
	}
	if lineSum != res.Saved || len(res.Lines) != len(perLine) {
		t.Fatalf("Lines sum to %d over %d lines, Saved %d over %d", lineSum, len(res.Lines), res.Saved, len(perLine))
	}
	var gross pos.Money
	for _, a := range amount {
		if a > 0 {
			gross += a
		}
	}
	if res.Saved > gross {
		t.Fatalf("saved %d exceeds gross %d", res.Saved, gross)
	}
}

func asValidation(err error, ve **ValidationError) bool {
	pe, ok := err.(*pos.Error)
	if !ok {
		return false
	}
	*ve, ok = pe.Err.(*ValidationError)
	return ok
}
