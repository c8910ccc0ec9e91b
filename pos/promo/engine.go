package promo

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
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

// Input is a basket as the engine sees it.
type Input struct {
	// Lines of the basket; voided lines, and lines with no quantity or no
	// amount, are ignored. Live lines must have distinct numbers (No).
	Lines []pos.Line
	// Category returns a SKU's category (pos.Product.Category); nil means
	// no line has one.
	Category func(sku string) string
	// At is the store's local time, for validity windows.
	At time.Time
	// Coupons are the codes entered for this basket, in any case.
	Coupons []string
}

// line is the engine's working state for one basket line.
type line struct {
	no        int
	sku, cat  string
	skuID     int32 // rank of sku among the basket's SKUs
	qty       int64
	amount    pos.Money
	freeUnits int64     // units no exclusive promotion has used
	freeValue pos.Money // what those units are worth
	disc      pos.Money // discount so far
}

// Apply works out the discounts for a basket. It errors only on a malformed
// basket (duplicate live line numbers, more than MaxLines lines). The result
// does not depend on the order of in.Lines.
func (e *Engine) Apply(in Input) (Result, error) {
	lines, err := e.lines(in)
	if err != nil {
		return Result{}, err
	}
	var res Result
	coupons := map[string]bool{}
	for _, c := range in.Coupons {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c != "" {
			coupons[c] = true
		}
	}
	active := make([]bool, len(e.promos))
	usedCodes := map[string]bool{}
	for i := range e.promos {
		r := &e.promos[i]
		if !r.Window.Open(in.At) {
			continue
		}
		if r.coupon != "" {
			if !coupons[r.coupon] {
				continue
			}
			usedCodes[r.coupon] = true
		}
		active[i] = true
	}
	for c := range coupons {
		if !usedCodes[c] {
			res.UnknownCoupons = append(res.UnknownCoupons, c)
		}
	}
	slices.Sort(res.UnknownCoupons)
	if len(lines) == 0 {
		return res, nil
	}
	s := &state{e: e, lines: lines, match: e.match(lines, active), scratch: make([]pos.Money, len(lines))}
	s.exclusive(active)
	s.stackable(active)
	res.Discounts = s.discounts
	for _, l := range lines {
		if l.disc > 0 {
			res.Lines = append(res.Lines, LineDiscount{LineNo: l.no, Amount: l.disc})
			res.Saved += l.disc
		}
	}
	return res, nil
}

// lines returns the discountable lines of in, by line number.
func (e *Engine) lines(in Input) ([]line, error) {
	n := 0
	for i := range in.Lines {
		if !in.Lines[i].Voided {
			n++
		}
	}
	if n > MaxLines {
		return nil, pos.Errorf(pos.EINVALID, "basket has %d lines, the promotions engine takes at most %d", n, MaxLines)
	}
	out := make([]line, 0, n)
	for i := range in.Lines {
		l := &in.Lines[i]
		if l.Voided {
			continue
		}
		out = append(out, line{no: l.No, sku: l.SKU, qty: l.Qty, amount: l.Amount})
	}
	slices.SortFunc(out, func(a, b line) int { return cmp.Compare(a.no, b.no) })
	for i := 1; i < len(out); i++ {
		if out[i].no == out[i-1].no {
			return nil, pos.Errorf(pos.EINVALID, "basket has two live lines numbered %d", out[i].no)
		}
	}
	// Keep only what can be discounted.
	k := 0
	for _, l := range out {
		if l.qty <= 0 || l.qty > maxQty || l.amount <= 0 || l.amount > MaxAmount {
			continue
		}
		if in.Category != nil {
			l.cat = in.Category(l.sku)
		}
		l.freeUnits, l.freeValue = l.qty, l.amount
		out[k] = l
		k++
	}
	out = out[:k]
	// Number the SKUs in SKU order, so rules can group by an integer.
	bySKU := make([]int32, len(out))
	for i := range bySKU {
		bySKU[i] = int32(i)
	}
	slices.SortFunc(bySKU, func(a, b int32) int {
		if c := strings.Compare(out[a].sku, out[b].sku); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	id := int32(0)
	for i, li := range bySKU {
		if i > 0 && out[li].sku != out[bySKU[i-1]].sku {
			id++
		}
		out[li].skuID = id
	}
	return out, nil
}

// match returns, per rule, the indexes of the lines it applies to, dearest
// unit first (the line's amount over its quantity), then by line number;
// inactive rules match nothing.
func (e *Engine) match(lines []line, active []bool) [][]int32 {
	order := make([]int32, len(lines))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ua, ub := lines[a].amount/pos.Money(lines[a].qty), lines[b].amount/pos.Money(lines[b].qty)
		if ua != ub {
			return cmp.Compare(ub, ua)
		}
		return cmp.Compare(a, b)
	})
	// Collect (rule, line) pairs, then lay them out per rule in one array.
	type pair struct{ rule, line int32 }
	pairs := make([]pair, 0, len(lines)*(len(e.all)+3))
	count := make([]int32, len(e.promos)+1)
	last := make([]int32, len(e.promos)) // 1 + last line added, to skip duplicates
	add := func(rs []int32, li int32, sku string) {
		for _, ri := range rs {
			if !active[ri] || last[ri] == li+1 {
				continue
			}
			if _, no := e.promos[ri].exclude[sku]; no {
				continue
			}
			last[ri] = li + 1
			pairs = append(pairs, pair{ri, li})
			count[ri+1]++
		}
	}
	for _, li := range order {
		l := &lines[li]
		add(e.all, li, l.sku)
		add(e.bySKU[l.sku], li, l.sku)
		if l.cat != "" {
			add(e.byCat[l.cat], li, l.sku)
		}
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	flat := make([]int32, len(pairs))
	next := slices.Clone(count[:len(e.promos)])
	for _, p := range pairs {
		flat[next[p.rule]] = p.line
		next[p.rule]++
	}
	m := make([][]int32, len(e.promos))
	for ri := range m {
		m[ri] = flat[count[ri]:count[ri+1]:count[ri+1]]
	}
	return m
}
