package promo

import "github.com/omnilane/omnilane/pos"

// exclusive applies the exclusive rules. It runs the greedy choice twice
// when a spend threshold competes — once with every rule competing, once
// with thresholds considered only after the item rules are exhausted — and
// keeps whichever saves the customer more (the first on a tie). A single
// threshold thus cannot crowd out several item deals worth more together.
func (s *state) exclusive() {
	idx := s.idx[:0]
	basket := false
	for i := range s.e.promos {
		if s.active[i] && !s.e.promos[i].Stackable && len(s.match[i]) > 0 {
			idx = append(idx, i)
			basket = basket || s.e.promos[i].basket()
		}
	}
	s.idx = idx
	if len(idx) == 0 {
		return
	}
	if basket {
		s.backup = append(s.backup[:0], s.lines...)
	}
	s.picks, s.pickShares = s.picks[:0], s.pickShares[:0]
	chosen := s.run(idx, basket)
	for _, pk := range chosen {
		s.record(pk.rule, s.pickShares[pk.from:pk.to])
	}
}

// run chooses the exclusive picks: one greedy run, and a second with
// thresholds deferred when the first let a threshold crowd out item deals.
// It leaves the lines' free units as the chosen run left them.
func (s *state) run(idx []int, basket bool) []pick {
	a, crowded := s.greedy(idx, false)
	if !basket || !crowded {
		return s.picks
	}
	nA := len(s.picks)
	s.first = append(s.first[:0], s.lines...)
	copy(s.lines, s.backup)
	if b, _ := s.greedy(idx, true); a >= b {
		copy(s.lines, s.first)
		return s.picks[:nA]
	}
	return s.picks[nA:]
}

// greedy applies exclusive rules idx, best saving first, until none saves,
// and returns what they saved and whether a spend threshold won while an
// item rule still had something to save. With deferBasket, spend thresholds
// compete only once no item rule saves anything.
func (s *state) greedy(idx []int, deferBasket bool) (total pos.Money, crowded bool) {
	savings := grow(s.savings, len(idx))
	dirty := grow(s.dirty, len(idx))
	done := grow(s.done, len(idx))
	hit := grow(s.hit, len(s.lines))
	s.savings, s.dirty, s.done, s.hit = savings, dirty, done, hit
	for i := range dirty {
		dirty[i] = true
	}
	for {
		best, bestItem := -1, -1
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
			if savings[k] <= 0 {
				continue
			}
			if best < 0 || s.better(ri, savings[k], idx[best], savings[best]) {
				best = k
			}
			if !s.e.promos[ri].basket() && (bestItem < 0 || s.better(ri, savings[k], idx[bestItem], savings[bestItem])) {
				bestItem = k
			}
		}
		if deferBasket && bestItem >= 0 {
			best = bestItem
		}
		if best < 0 {
			return total, crowded
		}
		crowded = crowded || (best != bestItem && bestItem >= 0)
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
		total += p.saving
		from := len(s.pickShares)
		s.pickShares = append(s.pickShares, p.disc...)
		s.picks = append(s.picks, pick{rule: idx[best], from: from, to: len(s.pickShares)})
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
