package promo

import (
	"slices"
	"sync"

	"github.com/omnilane/omnilane/pos"
)

// state is one Apply in progress. States are pooled: their buffers are
// reused by later Applies, and nothing in a Result points into them.
type state struct {
	e         *Engine
	lines     []line
	active    []bool      // per rule: valid now, coupon entered
	match     [][]int32   // per rule, the lines it applies to
	scratch   []pos.Money // per line, zero between uses
	touched   []int       // lines with a non-zero scratch
	discounts []Discount  // handed to the Result, never reused

	// Buffers.
	codes       []string
	used, hit   []bool
	ids, flat   []int32
	count, last []int32
	pairs       []pair
	slots       []slot
	full, spare plan
	idx         []int
	savings     []pos.Money
	dirty, done []bool
}

var statePool = sync.Pool{New: func() any { return new(state) }}

func getState(e *Engine) *state {
	s := statePool.Get().(*state)
	s.e = e
	return s
}

// release returns s to the pool, dropping what it must not keep.
func (s *state) release() {
	clear(s.lines[:cap(s.lines)]) // drop the basket's strings
	s.e, s.discounts, s.lines = nil, nil, s.lines[:0]
	statePool.Put(s)
}

// grow returns buf resized to n zero values, reusing its storage if it can.
func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
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

// slotsOf lists what rule ri may work on: the free units of its lines when
// exclusive, else all units at what is left of each line.
func (s *state) slotsOf(ri int, buf []slot) []slot {
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
func (s *state) exclusive() {
	idx := s.idx[:0]
	for i := range s.e.promos {
		if s.active[i] && !s.e.promos[i].Stackable && len(s.match[i]) > 0 {
			idx = append(idx, i)
		}
	}
	s.idx = idx
	if len(idx) == 0 {
		return
	}
	savings := grow(s.savings, len(idx))
	dirty := grow(s.dirty, len(idx))
	done := grow(s.done, len(idx))
	hit := grow(s.hit, len(s.lines))
	s.savings, s.dirty, s.done, s.hit = savings, dirty, done, hit
	for i := range dirty {
		dirty[i] = true
	}
	for {
		best := -1
		for k, ri := range idx {
			if done[k] {
				continue
			}
			if dirty[k] {
				s.slots = s.slotsOf(ri, s.slots)
				s.spare.reset(false)
				s.e.promos[ri].eval(s.slots, &s.spare)
				savings[k], dirty[k] = s.spare.saving, false
			}
			if savings[k] > 0 && (best < 0 || s.better(idx[k], savings[k], idx[best], savings[best])) {
				best = k
			}
		}
		if best < 0 {
			return
		}
		// Work out the winner in full: per-line discounts and units used.
		p := &s.full
		s.slots = s.slotsOf(idx[best], s.slots)
		p.reset(true)
		s.e.promos[idx[best]].eval(s.slots, p)
		clear(hit)
		for _, u := range p.use {
			l := &s.lines[u.line]
			n := int64(u.weight)
			v := pos.Money(mulDiv(int64(l.freeValue), n, l.freeUnits))
			if n >= l.freeUnits {
				v = l.freeValue
			}
			l.freeUnits -= n
			l.freeValue -= v
			hit[u.line] = true
		}
		s.record(idx[best], p)
		done[best] = true
		for k, ri := range idx {
			if done[k] || dirty[k] {
				continue
			}
			for _, li := range s.match[ri] {
				if hit[li] {
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
func (s *state) stackable() {
	p := &s.full
	for ri := range s.e.promos {
		if !s.active[ri] || !s.e.promos[ri].Stackable || len(s.match[ri]) == 0 {
			continue
		}
		s.slots = s.slotsOf(ri, s.slots)
		p.reset(true)
		s.e.promos[ri].eval(s.slots, p)
		if p.saving > 0 {
			s.record(ri, p)
		}
	}
}

// record turns a plan into a Discount and adds it to the lines.
func (s *state) record(ri int, p *plan) {
	r := &s.e.promos[ri]
	if len(s.scratch) < len(s.lines) {
		s.scratch = make([]pos.Money, len(s.lines))
	}
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
