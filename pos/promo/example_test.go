package promo_test

import (
	"fmt"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/promo"
)

// A lane prices its basket after every scan: 3x2 on ground coffee, and 5 €
// off from 50 € on top of it.
func ExampleEngine_Apply() {
	feed := `[
	  {"id": "CAFE-3X2", "type": "multi_buy", "name": {"es": "3x2 Café molido", "en": "3 for 2 ground coffee"},
	   "target": {"categories": ["cafe"]}, "qty": 3, "pay_qty": 2},
	  {"id": "GASTA-50", "type": "spend_threshold", "name": {"es": "5 € por 50 €", "en": "€5 off €50"},
	   "min_spend": "50.00", "amount": "5.00", "stackable": true}
	]`
	ps, err := promo.Parse([]byte(feed), pos.EUR)
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, err := promo.NewEngine(ps)
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := []pos.Line{
		{No: 1, SKU: "CAFE-MOL-250", Name: "Café molido", Qty: 3, UnitPrice: 450, Amount: 1350, TaxRate: 1000},
		{No: 2, SKU: "ACEITE-1L", Name: "Aceite de oliva", Qty: 4, UnitPrice: 1095, Amount: 4380, TaxRate: 400},
	}
	categories := map[string]string{"CAFE-MOL-250": "cafe", "ACEITE-1L": "aceite"}
	res, err := eng.Apply(promo.Input{
		Lines:    lines,
		Category: func(sku string) string { return categories[sku] },
		At:       time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range res.Discounts {
		fmt.Printf("%-16s -%s %v\n", d.Text("es", pos.EUR), pos.EUR.Plain(d.Amount), d.Allocations)
	}
	for _, l := range lines {
		fmt.Printf("line %d: %s - %s\n", l.No, pos.EUR.Plain(l.Amount), pos.EUR.Plain(res.Discount(l.No)))
	}
	fmt.Println(res.SavedText("es", pos.EUR))
	fmt.Println(res.SavedText("en", pos.EUR))
	// Output:
	// 3x2 Café molido  -4.50 [{1 450}]
	// 5 € por 50 €     -5.00 [{1 85} {2 415}]
	// line 1: 13.50 - 5.35
	// line 2: 43.80 - 4.15
	// Ahorro 9,50 €
	// You saved €9.50
}
