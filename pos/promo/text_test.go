package promo

import (
	"testing"

	"github.com/omnilane/omnilane/pos"
)

func TestTexts(t *testing.T) {
	cases := []struct {
		p      Promotion
		es, en string
	}{
		{Promotion{Type: PercentOff, Percent: 1000}, "10 % de descuento", "10% off"},
		{Promotion{Type: PercentOff, Percent: 1250}, "12,5 % de descuento", "12.5% off"},
		{Promotion{Type: AmountOff, Amount: 20}, "0,20 € de descuento por unidad", "€0.20 off each"},
		{Promotion{Type: BuyXGetY, Buy: 2, Get: 1, Percent: 10000}, "Compra 2 y llévate 1 gratis", "Buy 2, get 1 free"},
		{Promotion{Type: BuyXGetY, Buy: 1, Get: 1, Percent: 5000}, "Compra 1 y llévate 1 con un 50 % de descuento", "Buy 1, get 1 at 50% off"},
		{Promotion{Type: MultiBuy, Qty: 3, PayQty: 2}, "3x2", "3 for the price of 2"},
		{Promotion{Type: MultiBuy, Qty: 2, Price: 500}, "2 por 5,00 €", "2 for €5.00"},
		{Promotion{Type: MixMatch, Qty: 3, Price: 400}, "3 a elegir por 4,00 €", "Any 3 for €4.00"},
		{Promotion{Type: SpendThreshold, MinSpend: 5000, Amount: 500}, "5,00 € de descuento por compras desde 50,00 €", "€5.00 off when you spend €50.00"},
		{Promotion{Type: SpendThreshold, MinSpend: 3000, Percent: 1000}, "10 % de descuento por compras desde 30,00 €", "10% off when you spend €30.00"},
	}
	for _, c := range cases {
		r := rule{Promotion: c.p}
		d := Discount{}
		d.Key, d.Args = r.explain()
		if got := d.Text("es", pos.EUR); got != c.es {
			t.Errorf("%s es: %q, want %q", d.Key, got, c.es)
		}
		if got := d.Text("en", pos.EUR); got != c.en {
			t.Errorf("%s en: %q, want %q", d.Key, got, c.en)
		}
	}
	// A name wins over the generated text, per language.
	d := Discount{Name: Name{ES: "3x2 Café molido"}, Key: KeyMultiBuyPay, Args: []Arg{{ArgCount, 3}, {ArgCount, 2}}}
	if d.Text("es", pos.EUR) != "3x2 Café molido" || d.Text("en", pos.EUR) != "3 for the price of 2" {
		t.Errorf("named: %q / %q", d.Text("es", pos.EUR), d.Text("en", pos.EUR))
	}
	r := Result{Saved: 320}
	if r.SavedText("es", pos.EUR) != "Ahorro 3,20 €" || r.SavedText("en", pos.EUR) != "You saved €3.20" {
		t.Errorf("saved: %q / %q", r.SavedText("es", pos.EUR), r.SavedText("en", pos.EUR))
	}
	for lang, msgs := range Messages {
		for _, k := range []string{KeyPercentOff, KeyAmountOff, KeyBuyGetFree, KeyBuyGetPercent, KeyMultiBuyPay, KeyMultiBuyPrice, KeyMixMatch, KeySpendAmount, KeySpendPercent, KeySaved} {
			if msgs[k] == "" {
				t.Errorf("%s lacks %s", lang, k)
			}
		}
	}
}

func TestValidationMessage(t *testing.T) {
	err := Validate([]Promotion{
		{ID: "A", Type: PercentOff, Name: named("a"), Percent: 1000},
		{ID: "A", Type: PercentOff, Name: named("a")},
		{ID: "B", Type: AmountOff, Name: named("b")},
	})
	want := "promotion 1 (A): percent: must be between 0.01 and 100\n" +
		"promotion 1 (A): id: duplicates promotion 0\n" +
		"promotion 2 (B): amount: must be between 1 and 10000000000000 minor units, got 0"
	var ve *ValidationError
	if !asValidation(err, &ve) || ve.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}
