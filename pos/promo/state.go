package promo

import (
	"slices"

	"github.com/omnilane/omnilane/pos"
)

// state is one Apply in progress.
type state struct {
	e         *Engine
	lines     []line
	match     [][]int32   // per rule, the lines it applies to
	scratch   []pos.Money // per line, zero between uses
	touched   []int       // lines with a non-zero scratch
	discounts []Discount
}

// slot is what a rule may work on in one line: some units worth some value.
type slot struct {
	line  int
	sku   int32 // line.skuID
	units int64
	value pos.Money
}

// unit is the value of one unit of s, rounded down.
func (s slot) unit() pos.Money { return s.value / pos.Money(s.units) }

// plan is what a rule would do: discounts per line and units it would use.
type plan struct {
	full   bool // record disc and use; else only the saving
	saving pos.Money
	disc   []share // line and amount, a line possibly more than once
	use    []share // line and units used (weight is a unit count here)
}

func newPlan(n int) plan {
	return plan{disc: make([]share, 0, n), use: make([]share, 0, n)}
}

func (p *plan) reset(full bool) {
	p.full, p.saving, p.disc, p.use = full, 0, p.disc[:0], p.use[:0]
}

func (p *plan) give(line int, amt pos.Money) {
	if amt > 0 {
		p.saving += amt
		if p.full {
			p.disc = append(p.disc, share{line, amt})
		}
	}
}

func (p *plan) take(line int, units int64) {
	if units > 0 && p.full {
		p.use = append(p.use, share{line, pos.Money(units)})
	}
}

// slots lists what rule ri may work on: the free units of its lines when
// exclusive, else all units at what is left of each line.
func (s *state) slots(ri int, buf []slot) []slot {
	buf = buf[:0]
	excl := !s.e.promos[ri].Stackable
	for _, li := range s.match[ri] {
		l := &s.lines[li]
		sl := slot{line: int(li), sku: l.skuID, units: l.qty, value: l.amount - l.disc}
		if excl {
			sl.units, sl.value = l.freeUnits, l.freeValue
		}
		if sl.units > 0 && sl.value > 0 {
			buf = append(buf, sl)
		}
	}
	return buf
}

// exclusive applies exclusive rules, best saving first, until none saves.
func (s *state) exclusive(active []bool) {
	var idx []int
	for i := range s.e.promos {
		if active[i] && !s.e.promos[i].Stackable && len(s.match[i]) > 0 {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return
	}
	plans := make([]plan, len(idx))
	dirty := make([]bool, len(idx))
	done := make([]bool, len(idx))
	for i := range dirty {
		dirty[i] = true
	}
	touched := make([]bool, len(s.lines))
	buf := make([]slot, 0, len(s.lines))
	full := newPlan(len(s.lines))
	for {
		best := -1
		for k, ri := range idx {
			if done[k] {
				continue
			}
			if dirty[k] {
				buf = s.slots(ri, buf)
				plans[k].reset(false)
				s.e.promos[ri].eval(buf, &plans[k])
				dirty[k] = false
			}
			if plans[k].saving > 0 && (best < 0 || s.better(idx[k], plans[k].saving, idx[best], plans[best].saving)) {
				best = k
			}
		}
		if best < 0 {
			return
		}
		// Work out the winner in full: per-line discounts and units used.
		p := &full
		buf = s.slots(idx[best], buf)
		p.reset(true)
		s.e.promos[idx[best]].eval(buf, p)
		clear(touched)
		for _, u := range p.use {
			l := &s.lines[u.line]
			n := int64(u.weight)
			v := pos.Money(mulDiv(int64(l.freeValue), n, l.freeUnits))
			if n >= l.freeUnits {
				v = l.freeValue
			}
			l.freeUnits -= n
			l.freeValue -= v
			touched[u.line] = true
		}
		s.record(idx[best], p)
		done[best] = true
		for k, ri := range idx {
			if done[k] || dirty[k] {
				continue
			}
			for _, li := range s.match[ri] {
				if touched[li] {
					dirty[k] = true
					break
				}
			}
		}
	}
}

// better reports whether rule a saving sa beats rule b saving sb: the
// bigger saving, then the higher priority, then the lower ID.
func (s *state) better(a int, sa pos.Money, b int, sb pos.Money) bool {
	if sa != sb {
		return sa > sb
	}
	ra, rb := &s.e.promos[a], &s.e.promos[b]
	if ra.Priority != rb.Priority {
		return ra.Priority > rb.Priority
	}
	return ra.ID < rb.ID
}

// stackable applies stackable rules in order on what is left of each line.
func (s *state) stackable(active []bool) {
	buf := make([]slot, 0, len(s.lines))
	p := newPlan(len(s.lines))
	for ri := range s.e.promos {
		if !active[ri] || !s.e.promos[ri].Stackable || len(s.match[ri]) == 0 {
			continue
		}
		buf = s.slots(ri, buf)
		p.reset(true)
		s.e.promos[ri].eval(buf, &p)
		if p.saving > 0 {
			s.record(ri, &p)
		}
	}
}

// record turns a plan into a Discount and adds it to the lines.
func (s *state) record(ri int, p *plan) {
	r := &s.e.promos[ri]
	lines := s.touched[:0]
	for _, d := range p.disc {
		if s.scratch[d.line] == 0 {
			lines = append(lines, d.line)
		}
		s.scratch[d.line] += d.weight
	}
	slices.Sort(lines)
	s.touched = lines
	d := Discount{PromotionID: r.ID, Type: r.Type, Name: r.Name, Coupon: r.Coupon, Allocations: make([]Allocation, 0, len(lines))}
	d.Key, d.Args = r.explain()
	for _, li := range lines {
		amt := s.scratch[li]
		s.scratch[li] = 0
		l := &s.lines[li]
		l.disc += amt
		d.Amount += amt
		d.Allocations = append(d.Allocations, Allocation{LineNo: l.no, Amount: amt})
	}
	s.discounts = append(s.discounts, d)
}
