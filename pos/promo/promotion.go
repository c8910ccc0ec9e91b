package promo

import (
	"github.com/omnilane/omnilane/pos"
)

// Type is the kind of a promotion.
type Type string

// The promotion types. README.md documents each with a JSON example.
const (
	// PercentOff takes Percent off every matching unit.
	PercentOff Type = "percent_off"
	// AmountOff takes Amount off every matching unit (never below zero).
	AmountOff Type = "amount_off"
	// BuyXGetY: in every group of Buy+Get matching units, the Get cheapest
	// get Percent off (10000, i.e. 100 %, makes them free).
	BuyXGetY Type = "buy_x_get_y"
	// MultiBuy: Qty units of the same SKU for Price ("2 for 5.00"), or for
	// the price of PayQty of them ("3 for 2").
	MultiBuy Type = "multi_buy"
	// MixMatch: any Qty units of the matching group (mixed SKUs) for Price.
	MixMatch Type = "mix_match"
	// SpendThreshold: when the matching lines come to at least MinSpend, take
	// Amount or Percent off them.
	SpendThreshold Type = "spend_threshold"
)

// Types lists every promotion type, in documentation order.
var Types = []Type{PercentOff, AmountOff, BuyXGetY, MultiBuy, MixMatch, SpendThreshold}

// MaxPercent is 100 % in basis points.
const MaxPercent = 10000

// Name is a promotion's display name per language, as shown on the basket and
// printed on the receipt ("3x2 Café molido").
type Name struct {
	// ES is the Spanish name.
	ES string `json:"es,omitempty"`
	// EN is the English name.
	EN string `json:"en,omitempty"`
}

// In returns the name in lang ("es" or "en"), or "" if there is none.
func (n Name) In(lang string) string {
	if lang == "en" {
		return n.EN
	}
	return n.ES
}

// Target selects the items a promotion applies to. An item matches when its
// SKU is in SKUs or its category is in Categories, and its SKU is not in
// ExcludeSKUs. With neither SKUs nor Categories, every item matches.
type Target struct {
	// SKUs that match.
	SKUs []string
	// Categories that match (pos.Product.Category).
	Categories []string
	// ExcludeSKUs never match, whatever their category.
	ExcludeSKUs []string
}

// All reports whether t matches every item (no SKUs and no categories).
func (t Target) All() bool { return len(t.SKUs) == 0 && len(t.Categories) == 0 }

// Promotion is one promotion as the engine uses it. Which parameters matter
// depends on Type; Validate says which are required.
type Promotion struct {
	// ID is unique among promotions; it breaks ties and is recorded with
	// every discount.
	ID string
	// Type of the promotion.
	Type Type
	// Name per language; when empty the engine explains the discount with a
	// generated text (see Discount.Text).
	Name Name
	// Target is the items the promotion applies to (and, for a spend
	// threshold, the items whose spend counts).
	Target Target
	// Percent in basis points (1000 = 10 %) for PercentOff, BuyXGetY and a
	// percent SpendThreshold.
	Percent int64
	// Amount off per unit for AmountOff, or off the basket for an amount
	// SpendThreshold.
	Amount pos.Money
	// Price of a group of Qty units for MultiBuy and MixMatch.
	Price pos.Money
	// Qty is the group size for MultiBuy and MixMatch.
	Qty int64
	// PayQty is, for a "3 for 2" MultiBuy, how many of the Qty units are paid.
	PayQty int64
	// Buy is how many units are bought at full price in a BuyXGetY group.
	Buy int64
	// Get is how many of the cheapest units in a BuyXGetY group are discounted.
	Get int64
	// MinSpend is the spend threshold (tax included) of a SpendThreshold.
	MinSpend pos.Money
	// Coupon, when set, makes the promotion apply only when this code has been
	// entered (case-insensitive).
	Coupon string
	// Window limits when the promotion applies.
	Window Window
	// Priority breaks ties between equally good deals and orders stackable
	// promotions; higher goes first.
	Priority int
	// Stackable promotions may discount lines other promotions already
	// discounted, and apply after the exclusive ones.
	Stackable bool
}

// basket reports whether p is a basket-level promotion (spend threshold).
func (p *Promotion) basket() bool { return p.Type == SpendThreshold }
