package promo

import (
	"cmp"
	"slices"
	"strings"

	"github.com/omnilane/omnilane/pos"
)

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

// load takes the discountable lines of in, by line number.
func (s *state) load(in Input) error {
	n := 0
	for i := range in.Lines {
		if !in.Lines[i].Voided {
			n++
		}
	}
	if n > MaxLines {
		return pos.Errorf(pos.EINVALID, "basket has %d lines, the promotions engine takes at most %d", n, MaxLines)
	}
	out := s.lines[:0]
	for i := range in.Lines {
		l := &in.Lines[i]
		if l.Voided {
			continue
		}
		out = append(out, line{no: l.No, sku: l.SKU, cat: l.Category, qty: l.Qty, amount: l.Amount})
	}
	s.lines, s.loaded = out, len(out)
	slices.SortFunc(out, func(a, b line) int { return cmp.Compare(a.no, b.no) })
	for i := 1; i < len(out); i++ {
		if out[i].no == out[i-1].no {
			return pos.Errorf(pos.EINVALID, "basket has two live lines numbered %d", out[i].no)
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
	s.lines = out
	// Number the SKUs in SKU order, so rules can group by an integer.
	ids := s.ids[:0]
	for i := range out {
		ids = append(ids, int32(i))
	}
	s.ids = ids
	slices.SortFunc(ids, func(a, b int32) int {
		if c := strings.Compare(out[a].sku, out[b].sku); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	id := int32(0)
	for i, li := range ids {
		if i > 0 && out[li].sku != out[ids[i-1]].sku {
			id++
		}
		out[li].skuID = id
	}
	return nil
}

// pair says rule applies to line.
type pair struct{ rule, line int32 }

// matchLines works out, per active rule, the lines it applies to, dearest
// unit first (the line's amount over its quantity), then by line number.
func (s *state) matchLines() {
	e, lines := s.e, s.lines
	order := s.ids[:0]
	for i := range lines {
		order = append(order, int32(i))
	}
	slices.SortFunc(order, func(a, b int32) int {
		ua, ub := lines[a].amount/pos.Money(lines[a].qty), lines[b].amount/pos.Money(lines[b].qty)
		if ua != ub {
			return cmp.Compare(ub, ua)
		}
		return cmp.Compare(a, b)
	})
	// Collect (rule, line) pairs, then lay them out per rule in one array.
	pairs := s.pairs[:0]
	count := grow(s.count, len(e.promos)+1)
	last := grow(s.last, len(e.promos)) // 1 + last line added, to skip duplicates
	add := func(rs []int32, li int32, sku string) {
		for _, ri := range rs {
			if !s.active[ri] || last[ri] == li+1 {
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
	flat := grow(s.flat, len(pairs))
	next := last // reuse: where the next line of each rule goes
	copy(next, count[:len(e.promos)])
	for _, p := range pairs {
		flat[next[p.rule]] = p.line
		next[p.rule]++
	}
	m := grow(s.match, len(e.promos))
	for ri := range m {
		m[ri] = flat[count[ri]:count[ri+1]:count[ri+1]]
	}
	s.pairs, s.count, s.last, s.flat, s.match = pairs, count, last, flat, m
}
