package promo

import (
	"cmp"
	"slices"

	"github.com/omnilane/omnilane/pos"
)

// eval works out what r would do with slots (dearest unit first) into p.
func (r *rule) eval(slots []slot, p *plan) {
	if len(slots) == 0 {
		return
	}
	switch r.Type {
	case PercentOff:
		r.evalPercent(slots, p)
	case AmountOff:
		r.evalAmount(slots, p)
	case BuyXGetY:
		cheapest(slots, r.Buy, r.Get, r.Percent, p)
	case MultiBuy:
		bySKU(slots, func(g []slot) {
			if r.PayQty > 0 {
				cheapest(g, r.PayQty, r.Qty-r.PayQty, MaxPercent, p)
			} else {
				pricePoint(g, r.Qty, r.Price, p)
			}
		})
	case MixMatch:
		pricePoint(slots, r.Qty, r.Price, p)
	case SpendThreshold:
		r.evalSpend(slots, p)
	}
}

// evalPercent takes Percent off the slots' total, spread pro rata.
func (r *rule) evalPercent(slots []slot, p *plan) {
	var total pos.Money
	for _, s := range slots {
		total += s.value
		p.take(s.line, s.units)
	}
	spread(percentOf(total, r.Percent), slots, p)
}

// evalAmount takes Amount off every unit, never more than the unit is worth.
func (r *rule) evalAmount(slots []slot, p *plan) {
	for _, s := range slots {
		d := s.value
		if r.Amount <= s.value/pos.Money(s.units) {
			d = r.Amount * pos.Money(s.units)
		}
		p.give(s.line, min(d, s.value))
		p.take(s.line, s.units)
	}
}

// evalSpend rewards spending at least MinSpend on the slots.
func (r *rule) evalSpend(slots []slot, p *plan) {
	var spend pos.Money
	for _, s := range slots {
		spend += s.value
	}
	if spend < r.MinSpend {
		return
	}
	d := min(r.Amount, spend)
	if r.Percent > 0 {
		d = percentOf(spend, r.Percent)
	}
	for _, s := range slots {
		p.take(s.line, s.units)
	}
	spread(d, slots, p)
}

// spread gives d to the slots in proportion to their value.
func spread(d pos.Money, slots []slot, p *plan) {
	if !p.full {
		p.saving += max(d, 0)
		return
	}
	var buf [64]share
	sh := buf[:0]
	for _, s := range slots {
		sh = append(sh, share{s.line, s.value})
	}
	allocate(d, sh, p.give)
}

// bySKU calls f with the slots of each SKU, in SKU order; within a SKU the
// slots keep their order (dearest unit first, see state.slots).
func bySKU(slots []slot, f func([]slot)) {
	slices.SortStableFunc(slots, func(a, b slot) int { return cmp.Compare(a.sku, b.sku) })
	for i := 0; i < len(slots); {
		j := i + 1
		for j < len(slots) && slots[j].sku == slots[i].sku {
			j++
		}
		f(slots[i:j])
		i = j
	}
}

// cheapest lines the units up dearest first and cuts them into groups of
// buy+get; in every complete group the get cheapest units get pct basis
// points off. Every unit of a complete group is used.
func cheapest(slots []slot, buy, get, pct int64, p *plan) {
	g := buy + get
	var total int64
	for _, s := range slots {
		total += s.units
	}
	limit := total / g * g
	if limit == 0 {
		return
	}
	// disc(n) counts the discounted positions among the first n.
	disc := func(n int64) int64 { return n/g*get + max(0, n%g-buy) }
	var at int64
	for _, s := range slots {
		if at >= limit {
			break
		}
		end := min(at+s.units, limit)
		if d := disc(end) - disc(at); d > 0 {
			p.give(s.line, percentOf(pos.Money(mulDiv(int64(s.value), d, s.units)), pct))
		}
		p.take(s.line, end-at)
		at = end
	}
}

// pricePoint lines the units up in order and cuts them into groups of n; a
// complete group costs price instead of what its units are worth. Groups
// that would cost more than their units are left alone (and unused). A
// group's discount is spread over its units by value.
func pricePoint(slots []slot, n int64, price pos.Money, p *plan) {
	i, left := 0, int64(0) // current slot and its units not yet grouped
	if len(slots) > 0 {
		left = slots[0].units
	}
	var buf [16]share
	for i < len(slots) {
		s := slots[i]
		u := s.unit()
		if left >= n {
			// Whole groups inside this slot.
			k := left / n
			if d := u*pos.Money(n) - price; d > 0 {
				p.give(s.line, d*pos.Money(k))
				p.take(s.line, k*n)
			}
			left -= k * n
			if left == 0 {
				i++
				if i < len(slots) {
					left = slots[i].units
				}
			}
			continue
		}
		// A group across slots: take what each has until it holds n units.
		type part struct {
			line int
			n    int64
			unit pos.Money
		}
		var pbuf [16]part
		parts := pbuf[:0]
		need, sum := n, pos.Money(0)
		j, jl := i, left
		for need > 0 && j < len(slots) {
			c := min(jl, need)
			parts = append(parts, part{slots[j].line, c, slots[j].unit()})
			sum += slots[j].unit() * pos.Money(c)
			need -= c
			jl -= c
			if jl == 0 {
				j++
				if j < len(slots) {
					jl = slots[j].units
				}
			}
		}
		if need > 0 {
			return // not enough units left for a group
		}
		if d := sum - price; d > 0 && !p.full {
			p.saving += d
		} else if d > 0 {
			weights := buf[:0]
			for _, pt := range parts {
				weights = append(weights, share{pt.line, pos.Money(pt.n) * pt.unit})
				p.take(pt.line, pt.n)
			}
			allocate(d, weights, p.give)
		}
		i, left = j, jl
	}
}
