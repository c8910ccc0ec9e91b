package promo

import (
	"cmp"
	"slices"
	"strings"
)

// MaxLines is the most live lines Apply accepts in one basket.
const MaxLines = 10_000

// maxQty bounds a line's quantity; lines above it are not discounted.
const maxQty = 1_000_000

// Engine applies a fixed set of promotions to baskets. It is immutable once
// built and safe for concurrent use.
type Engine struct {
	promos []rule             // exclusive item, exclusive basket, stackable items, stackable baskets; each by priority then id
	bySKU  map[string][]int32 // SKU → rules naming it
	byCat  map[string][]int32 // category → rules naming it
	all    []int32            // rules matching every item
	codes  map[string]bool    // coupon codes (upper case) some rule needs
}

// rule is a promotion ready for the engine.
type rule struct {
	Promotion
	coupon  string              // upper-cased Coupon
	exclude map[string]struct{} // Target.ExcludeSKUs
}

// NewEngine validates promotions and builds an engine from them. The error,
// if any, lists every problem (see Validate).
func NewEngine(promos []Promotion) (*Engine, error) {
	if err := Validate(promos); err != nil {
		return nil, err
	}
	e := &Engine{bySKU: map[string][]int32{}, byCat: map[string][]int32{}, codes: map[string]bool{}}
	for _, p := range promos {
		r := rule{Promotion: p, coupon: strings.ToUpper(p.Coupon)}
		if len(p.Target.ExcludeSKUs) > 0 {
			r.exclude = make(map[string]struct{}, len(p.Target.ExcludeSKUs))
			for _, s := range p.Target.ExcludeSKUs {
				r.exclude[s] = struct{}{}
			}
		}
		e.promos = append(e.promos, r)
	}
	slices.SortFunc(e.promos, func(a, b rule) int {
		if c := cmp.Compare(a.phase(), b.phase()); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Priority, a.Priority); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	for i := range e.promos {
		r := &e.promos[i]
		if r.coupon != "" {
			e.codes[r.coupon] = true
		}
		if r.Target.All() {
			e.all = append(e.all, int32(i))
			continue
		}
		for _, s := range uniq(r.Target.SKUs) {
			e.bySKU[s] = append(e.bySKU[s], int32(i))
		}
		for _, c := range uniq(r.Target.Categories) {
			e.byCat[c] = append(e.byCat[c], int32(i))
		}
	}
	return e, nil
}

// phase orders rules: exclusive items, exclusive baskets, stackable items,
// stackable baskets.
func (r *rule) phase() int {
	p := 0
	if r.basket() {
		p = 1
	}
	if r.Stackable {
		p += 2
	}
	return p
}

func uniq(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// KnowsCoupon reports whether code (in any case) unlocks some promotion of
// the engine, valid now or not, so the lane can tell "unknown coupon" from
// "coupon not valid now" (see Result.UnknownCoupons).
func (e *Engine) KnowsCoupon(code string) bool {
	return e.codes[strings.ToUpper(strings.TrimSpace(code))]
}

// Promotions returns a copy of the engine's promotions in the order it
// considers them.
func (e *Engine) Promotions() []Promotion {
	out := make([]Promotion, len(e.promos))
	for i := range e.promos {
		out[i] = e.promos[i].Promotion
	}
	return out
}
