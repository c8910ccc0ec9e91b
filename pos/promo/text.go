package promo

import (
	"strconv"
	"strings"

	"github.com/omnilane/omnilane/pos"
)

// ArgKind says how to format an Arg.
type ArgKind string

// Kinds of Arg.
const (
	// ArgCount is a number of units.
	ArgCount ArgKind = "count"
	// ArgPercent is a percentage in basis points.
	ArgPercent ArgKind = "percent"
	// ArgMoney is an amount in minor units.
	ArgMoney ArgKind = "money"
)

// Arg is one argument of a discount's explanation.
type Arg struct {
	// Kind of value.
	Kind ArgKind `json:"kind"`
	// Value: units, basis points or minor units.
	Value int64 `json:"value"`
}

// Format renders a in a language: "12,5" (percent) or "5,00 €" in Spanish,
// "12.5" or "€5.00" in English.
func (a Arg) Format(lang string, cur pos.Currency) string {
	switch a.Kind {
	case ArgMoney:
		return cur.Format(pos.Money(a.Value), lang)
	case ArgPercent:
		s := bpText(a.Value)
		if lang != "en" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	return strconv.FormatInt(a.Value, 10)
}

// Message keys of generated explanations and the "you saved" line.
const (
	// KeyPercentOff explains a PercentOff: {0} percent.
	KeyPercentOff = "promo.percent_off"
	// KeyAmountOff explains an AmountOff: {0} money off each unit.
	KeyAmountOff = "promo.amount_off"
	// KeyBuyGetFree explains a BuyXGetY at 100 %: buy {0}, get {1} free.
	KeyBuyGetFree = "promo.buy_x_get_y_free"
	// KeyBuyGetPercent explains another BuyXGetY: buy {0}, get {1} at {2} percent off.
	KeyBuyGetPercent = "promo.buy_x_get_y_percent"
	// KeyMultiBuyPay explains a "3 for 2" MultiBuy: {0} for the price of {1}.
	KeyMultiBuyPay = "promo.multi_buy_pay"
	// KeyMultiBuyPrice explains a "2 for 5.00" MultiBuy: {0} for {1} money.
	KeyMultiBuyPrice = "promo.multi_buy_price"
	// KeyMixMatch explains a MixMatch: any {0} for {1} money.
	KeyMixMatch = "promo.mix_match"
	// KeySpendAmount explains an amount SpendThreshold: spend {0}, {1} off.
	KeySpendAmount = "promo.spend_amount"
	// KeySpendPercent explains a percent SpendThreshold: spend {0}, {1} percent off.
	KeySpendPercent = "promo.spend_percent"
	// KeySaved is the receipt's "you saved" label.
	KeySaved = "promo.saved"
)

// Messages are the Spanish and English templates of every key; {0}, {1}…
// stand for the arguments. Translation catalogs may start from them.
var Messages = map[string]map[string]string{
	"es": {
		KeyPercentOff:    "{0} % de descuento",
		KeyAmountOff:     "{0} de descuento por unidad",
		KeyBuyGetFree:    "Compra {0} y llévate {1} gratis",
		KeyBuyGetPercent: "Compra {0} y llévate {1} con un {2} % de descuento",
		KeyMultiBuyPay:   "{0}x{1}",
		KeyMultiBuyPrice: "{0} por {1}",
		KeyMixMatch:      "{0} a elegir por {1}",
		KeySpendAmount:   "{1} de descuento por compras desde {0}",
		KeySpendPercent:  "{1} % de descuento por compras desde {0}",
		KeySaved:         "Ahorro",
	},
	"en": {
		KeyPercentOff:    "{0}% off",
		KeyAmountOff:     "{0} off each",
		KeyBuyGetFree:    "Buy {0}, get {1} free",
		KeyBuyGetPercent: "Buy {0}, get {1} at {2}% off",
		KeyMultiBuyPay:   "{0} for the price of {1}",
		KeyMultiBuyPrice: "{0} for {1}",
		KeyMixMatch:      "Any {0} for {1}",
		KeySpendAmount:   "{1} off when you spend {0}",
		KeySpendPercent:  "{1}% off when you spend {0}",
		KeySaved:         "You saved",
	},
}

// Message fills a key's template in lang ("es" or "en"; anything else reads
// as Spanish) with args. An unknown key comes back as itself.
func Message(lang string, cur pos.Currency, key string, args ...Arg) string {
	if lang != "en" {
		lang = "es"
	}
	t, ok := Messages[lang][key]
	if !ok {
		return key
	}
	for i, a := range args {
		t = strings.ReplaceAll(t, "{"+strconv.Itoa(i)+"}", a.Format(lang, cur))
	}
	return t
}

// Text explains the discount in lang: the promotion's name in that language
// if it has one ("3x2 Café molido"), else the generated text ("3 for the
// price of 2").
func (d Discount) Text(lang string, cur pos.Currency) string {
	if n := d.Name.In(lang); n != "" {
		return n
	}
	return Message(lang, cur, d.Key, d.Args...)
}

// SavedText is the receipt's "you saved" line in lang: "Ahorro 3,20 €" or
// "You saved €3.20".
func (r Result) SavedText(lang string, cur pos.Currency) string {
	return Message(lang, cur, KeySaved) + " " + cur.Format(r.Saved, lang)
}

// explain returns the key and arguments of r's generated explanation.
func (r *rule) explain() (string, []Arg) {
	count := func(v int64) Arg { return Arg{ArgCount, v} }
	pct := func(v int64) Arg { return Arg{ArgPercent, v} }
	money := func(v pos.Money) Arg { return Arg{ArgMoney, int64(v)} }
	switch r.Type {
	case PercentOff:
		return KeyPercentOff, []Arg{pct(r.Percent)}
	case AmountOff:
		return KeyAmountOff, []Arg{money(r.Amount)}
	case BuyXGetY:
		if r.Percent == MaxPercent {
			return KeyBuyGetFree, []Arg{count(r.Buy), count(r.Get)}
		}
		return KeyBuyGetPercent, []Arg{count(r.Buy), count(r.Get), pct(r.Percent)}
	case MultiBuy:
		if r.PayQty > 0 {
			return KeyMultiBuyPay, []Arg{count(r.Qty), count(r.PayQty)}
		}
		return KeyMultiBuyPrice, []Arg{count(r.Qty), money(r.Price)}
	case MixMatch:
		return KeyMixMatch, []Arg{count(r.Qty), money(r.Price)}
	case SpendThreshold:
		if r.Percent > 0 {
			return KeySpendPercent, []Arg{money(r.MinSpend), pct(r.Percent)}
		}
		return KeySpendAmount, []Arg{money(r.MinSpend), money(r.Amount)}
	}
	return string(r.Type), nil
}
