package promo

import (
	"sync"
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
	// texts caches each promotion's explanation (es, en): it depends only
	// on the promotion.
	texts sync.Map // promotion id → [2]string
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
		var txt [2]string
		if v, ok := e.texts.Load(d.PromotionID); ok {
			txt = v.([2]string)
		} else {
			txt = [2]string{d.Text("es", e.Currency), d.Text("en", e.Currency)}
			e.texts.Store(d.PromotionID, txt)
		}
		ap := pos.AppliedPromotion{PromotionID: d.PromotionID, Type: string(d.Type), Key: d.Key,
			ES: txt[0], EN: txt[1], Coupon: d.Coupon, Amount: d.Amount,
			Allocations: make([]pos.Allocation, 0, len(d.Allocations))}
		for _, a := range d.Allocations {
			ap.Allocations = append(ap.Allocations, pos.Allocation{Line: a.LineNo, Amount: a.Amount})
		}
		out.Applied = append(out.Applied, ap)
	}
	return out, nil
}

// categoryOf returns a category lookup over the lines' own categories, or
// nil when no line has one. The engine asks line by line, in order, so the
// lookup resumes its search where the last one matched.
func categoryOf(lines []pos.Line) func(string) string {
	any := false
	for i := range lines {
		if lines[i].Category != "" {
			any = true
			break
		}
	}
	if !any {
		return nil
	}
	next := 0
	return func(sku string) string {
		for k := range lines {
			j := next + k
			if j >= len(lines) {
				j -= len(lines)
			}
			if lines[j].SKU == sku {
				next = j + 1
				if next == len(lines) {
					next = 0
				}
				return lines[j].Category
			}
		}
		return ""
	}
}

var _ pos.PromotionEngine = (*LaneEngine)(nil)
