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
	loaded    int         // lines[:loaded] were written by load
	backup    []line      // lines before the exclusive phase
	first     []line      // lines after its first run
	active    []bool      // per rule: valid now, coupon entered
	match     [][]int32   // per rule, the lines it applies to
	scratch   []pos.Money // per line, zero between uses
	touched   []int       // lines with a non-zero scratch
	discounts []Discount  // handed to the Result, never reused

	// Exclusive picks, recorded once the phase has chosen its run.
	picks      []pick
	pickShares []share

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
	initial     []pos.Money // savings before the first pick
	dirty, done []bool
	deferred    []bool
}

var statePool = sync.Pool{New: func() any { return new(state) }}

func getState(e *Engine) *state {
	s := statePool.Get().(*state)
	s.e = e
	return s
}

// release returns s to the pool, dropping what it must not keep.
func (s *state) release() {
	clear(s.lines[:s.loaded]) // drop the basket's strings
	clear(s.backup)
	clear(s.first)
	clear(s.codes)
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

// pick is an exclusive rule chosen by a greedy run, with its discounts in
// pickShares[from:to].
type pick struct{ rule, from, to int }

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
			s.record(ri, p.disc)
		}
	}
}

// record turns rule ri's discounts into a Discount and adds them to the lines.
func (s *state) record(ri int, disc []share) {
	r := &s.e.promos[ri]
	if len(s.scratch) < len(s.lines) {
		s.scratch = make([]pos.Money, len(s.lines))
	}
	lines := s.touched[:0]
	for _, d := range disc {
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
