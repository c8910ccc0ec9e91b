package promo

import (
	"time"

	"github.com/omnilane/omnilane/pos"
)

// LaneEngine is an engine as a lane uses it: a pos.PromotionEngine whose
// explanations format money in the store currency.
type LaneEngine struct {
	// Engine applies the promotions.
	*Engine
	// Currency formats money in explanations.
	Currency pos.Currency
}

// Compile parses a promotions feed (the JSON form, amounts in cur) and
// builds an engine for a lane.
func Compile(feed []byte, cur pos.Currency) (*LaneEngine, error) {
	ps, err := Parse(feed, cur)
	if err != nil {
		return nil, err
	}
	e, err := NewEngine(ps)
	if err != nil {
		return nil, err
	}
	return &LaneEngine{Engine: e, Currency: cur}, nil
}

// PriceBasket implements pos.PromotionEngine: it applies the engine to a
// lane's basket (categories read from pos.Line.Category) and returns every
// discount with its allocations and its explanation in Spanish and English.
func (e *LaneEngine) PriceBasket(lines []pos.Line, at time.Time, coupons []string) (pos.PromotionPricing, error) {
	res, err := e.Apply(Input{Lines: lines, Category: categoryOf(lines), At: at, Coupons: coupons})
	if err != nil {
		return pos.PromotionPricing{}, err
	}
	out := pos.PromotionPricing{UnknownCoupons: res.UnknownCoupons}
	for _, d := range res.Discounts {
		ap := pos.AppliedPromotion{PromotionID: d.PromotionID, Type: string(d.Type), Key: d.Key,
			ES: d.Text("es", e.Currency), EN: d.Text("en", e.Currency), Coupon: d.Coupon, Amount: d.Amount,
			Allocations: make([]pos.Allocation, 0, len(d.Allocations))}
		for _, a := range d.Allocations {
			ap.Allocations = append(ap.Allocations, pos.Allocation{Line: a.LineNo, Amount: a.Amount})
		}
		out.Applied = append(out.Applied, ap)
	}
	return out, nil
}

// categoryOf returns a category lookup over the lines' own categories, or
// nil when no line has one.
func categoryOf(lines []pos.Line) func(string) string {
	var m map[string]string
	for i := range lines {
		if c := lines[i].Category; c != "" {
			if m == nil {
				m = make(map[string]string, len(lines))
			}
			m[lines[i].SKU] = c
		}
	}
	if m == nil {
		return nil
	}
	return func(sku string) string { return m[sku] }
}

var _ pos.PromotionEngine = (*LaneEngine)(nil)
