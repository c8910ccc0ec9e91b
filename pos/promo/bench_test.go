package promo

import (
	"fmt"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
)

var benchCats = []string{"cafe", "lacteos", "panaderia", "fruta", "bebidas", "limpieza", "congelados", "conservas"}

// benchCategoryOf maps SKU-nn to category nn mod 8, as an in-memory
// catalog lookup would.
var benchCategoryOf = func() map[string]string {
	m := map[string]string{}
	for n := range 30 {
		m[fmt.Sprintf("SKU-%02d", n)] = benchCats[n%len(benchCats)]
	}
	return m
}()

func benchCategory(sku string) string { return benchCategoryOf[sku] }

// benchLines is a basket of n lines over 30 SKUs, 1–3 units each, every
// seventh weighed.
func benchLines(n int) []pos.Line {
	out := make([]pos.Line, n)
	for i := range out {
		sku := fmt.Sprintf("SKU-%02d", (i*7)%30)
		price := pos.Money(89 + (i*137)%900)
		if i%7 == 6 {
			out[i] = weighed(i+1, sku, int64(250+i*37), price)
			continue
		}
		out[i] = ln(i+1, sku, int64(1+i%3), price)
	}
	return out
}

// benchPromotions is 20 promotions of every type, as a store might run them.
func benchPromotions() []Promotion {
	december := Window{From: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	cat := func(c ...string) Target { return Target{Categories: c} }
	sku := func(s ...string) Target { return Target{SKUs: s} }
	return []Promotion{
		{ID: "P01", Type: PercentOff, Name: named("10 % café"), Percent: 1000, Target: cat("cafe")},
		{ID: "P02", Type: MultiBuy, Name: named("3x2 café"), Qty: 3, PayQty: 2, Target: cat("cafe")},
		{ID: "P03", Type: MultiBuy, Name: named("2 por 3"), Qty: 2, Price: 300, Target: cat("lacteos")},
		{ID: "P04", Type: MixMatch, Name: named("3 panes"), Qty: 3, Price: 500, Target: cat("panaderia", "conservas")},
		{ID: "P05", Type: BuyXGetY, Name: named("2+1"), Buy: 2, Get: 1, Percent: 10000, Target: cat("bebidas")},
		{ID: "P06", Type: BuyXGetY, Name: named("2ª al 50"), Buy: 1, Get: 1, Percent: 5000, Target: cat("limpieza")},
		{ID: "P07", Type: AmountOff, Name: named("0,20 menos"), Amount: 20, Target: cat("fruta")},
		{ID: "P08", Type: PercentOff, Name: named("15 % congelados"), Percent: 1500, Target: cat("congelados"), Window: december},
		{ID: "P09", Type: AmountOff, Name: named("1 € menos"), Amount: 100, Target: sku("SKU-07", "SKU-14")},
		{ID: "P10", Type: PercentOff, Name: named("5 % todo"), Percent: 500, Stackable: true, Priority: 1},
		{ID: "P11", Type: SpendThreshold, Name: named("5 € por 50"), MinSpend: 5000, Amount: 500, Stackable: true},
		{ID: "P12", Type: SpendThreshold, Name: named("10 % por 100"), MinSpend: 10000, Percent: 1000},
		{ID: "P13", Type: PercentOff, Name: named("cupón"), Percent: 2000, Coupon: "CUPON5", Target: cat("conservas")},
		{ID: "P14", Type: MultiBuy, Name: named("4x3"), Qty: 4, PayQty: 3, Target: cat("conservas", "bebidas")},
		{ID: "P15", Type: MixMatch, Name: named("2 por 4"), Qty: 2, Price: 400, Target: cat("fruta", "lacteos")},
		{ID: "P16", Type: PercentOff, Name: named("mañanas"), Percent: 800, Target: cat("panaderia"), Window: Window{StartMinute: 8 * 60, EndMinute: 13 * 60}},
		{ID: "P17", Type: AmountOff, Name: named("finde"), Amount: 50, Target: cat("limpieza"), Window: Window{Weekdays: []time.Weekday{time.Saturday, time.Sunday}}},
		{ID: "P18", Type: BuyXGetY, Name: named("3+1"), Buy: 3, Get: 1, Percent: 10000, Target: Target{Categories: []string{"cafe", "bebidas"}, ExcludeSKUs: []string{"SKU-00"}}},
		{ID: "P19", Type: SpendThreshold, Name: named("lácteos 10"), MinSpend: 1000, Amount: 100, Target: cat("lacteos"), Stackable: true},
		{ID: "P20", Type: PercentOff, Name: named("3 % fruta"), Percent: 300, Target: cat("fruta"), Stackable: true},
	}
}

// BenchmarkApply50Lines20Promotions prices a 50-line basket under 20 active
// promotions, as the lane does after every scan.
func BenchmarkApply50Lines20Promotions(b *testing.B) {
	e := mustEngine(b, benchPromotions()...)
	in := Input{Lines: benchLines(50), Category: benchCategory, At: noon, Coupons: []string{"CUPON5"}}
	res, err := e.Apply(in)
	if err != nil || res.Saved == 0 {
		b.Fatalf("bench basket: saved %d, %v", res.Saved, err)
	}
	b.ReportAllocs()
	cpu0, n := cpuTime(), 0
	for b.Loop() {
		if _, err := e.Apply(in); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if cpu := cpuTime() - cpu0; cpu > 0 && n > 0 {
		// CPU time per basket, GC included: steadier than ns/op on a shared machine.
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/op")
	}
}
