package promo

import "github.com/omnilane/omnilane/pos"

// exclusive applies the exclusive rules. The greedy choice (best saving
// first) can let one promotion crowd out several that save more together,
// so when it does the choice is run again with the crowding promotion
// considered only after the others are exhausted — and, when a spend
// threshold crowded out item deals, with every threshold so deferred. The
// run that saves the customer most is kept; ties go to the plain greedy run,
// then the threshold run.
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
	s.picks, s.pickShares = s.picks[:0], s.pickShares[:0]
	for _, pk := range s.run(idx) {
		s.record(pk.rule, s.pickShares[pk.from:pk.to])
	}
}

// run chooses the exclusive picks and leaves the lines' free units as the
// chosen run left them.
func (s *state) run(idx []int) []pick {
	s.backup = append(s.backup[:0], s.lines...)
	deferred := grow(s.deferred, len(idx))
	s.deferred = deferred
	best, crowder, thresholds := s.greedy(idx, deferred, false)
	from, to := 0, len(s.picks)
	if crowder < 0 && !thresholds {
		return s.picks
	}
	s.first = append(s.first[:0], s.lines...) // lines after the best run so far
	try := func() {
		copy(s.lines, s.backup)
		start := len(s.picks)
		if total, _, _ := s.greedy(idx, deferred, true); total > best {
			best, from, to = total, start, len(s.picks)
			s.first = append(s.first[:0], s.lines...)
		}
	}
	onlyCrowder := true // deferring thresholds defers just the crowder
	if thresholds {
		for k, ri := range idx {
			deferred[k] = s.e.promos[ri].basket()
			onlyCrowder = onlyCrowder && deferred[k] == (k == crowder)
		}
		try()
	}
	if crowder >= 0 && !(thresholds && onlyCrowder) {
		for k := range deferred {
			deferred[k] = k == crowder
		}
		try()
	}
	copy(s.lines, s.first)
	return s.picks[from:to]
}

// greedy applies exclusive rules idx, best saving first, until none saves;
// a deferred rule competes only once no other rule saves anything. It
// returns what the run saved; the position in idx of the first rule whose
// pick lowered another rule's saving (-1 if none); and whether a spend
// threshold was picked while an item rule still had something to save.
// A rerun (from the same lines) starts from the first run's savings.
func (s *state) greedy(idx []int, deferred []bool, rerun bool) (total pos.Money, crowder int, thresholds bool) {
	savings := grow(s.savings, len(idx))
	dirty := grow(s.dirty, len(idx))
	done := grow(s.done, len(idx))
	hit := grow(s.hit, len(s.lines))
	s.savings, s.dirty, s.done, s.hit = savings, dirty, done, hit
	if rerun {
		copy(savings, s.initial)
	} else {
		for i := range dirty {
			dirty[i] = true
		}
	}
	crowder, last := -1, -1 // last: the previous pick
	for {
		best, now, item := -1, -1, -1 // best overall, best not deferred, best item rule
		for k, ri := range idx {
			if done[k] {
				continue
			}
			if dirty[k] {
				before := savings[k]
				s.slots = s.slotsOf(ri, s.slots)
				s.spare.reset(false)
				s.e.promos[ri].eval(s.slots, &s.spare)
				savings[k], dirty[k] = s.spare.saving, false
				if last >= 0 && crowder < 0 && savings[k] < before {
					crowder = last
				}
			}
			if savings[k] <= 0 {
				continue
			}
			if best < 0 || s.better(ri, savings[k], idx[best], savings[best]) {
				best = k
			}
			if !deferred[k] && (now < 0 || s.better(ri, savings[k], idx[now], savings[now])) {
				now = k
			}
			if !s.e.promos[ri].basket() && (item < 0 || s.better(ri, savings[k], idx[item], savings[item])) {
				item = k
			}
		}
		if !rerun && last < 0 {
			s.initial = append(s.initial[:0], savings...)
		}
		if now >= 0 {
			best = now
		}
		if best < 0 {
			return total, crowder, thresholds
		}
		thresholds = thresholds || (s.e.promos[idx[best]].basket() && item >= 0)
		total += s.take(idx[best])
		done[best], last = true, best
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

// take applies exclusive rule ri in full: it uses the units, marks the lines
// it touched in s.hit, appends the pick and returns its saving.
func (s *state) take(ri int) pos.Money {
	p := &s.full
	s.slots = s.slotsOf(ri, s.slots)
	p.reset(true)
	s.e.promos[ri].eval(s.slots, p)
	clear(s.hit)
	for _, u := range p.use {
		l := &s.lines[u.line]
		n := int64(u.weight)
		v := pos.Money(mulDiv(int64(l.freeValue), n, l.freeUnits))
		if n >= l.freeUnits {
			v = l.freeValue
		}
		l.freeUnits -= n
		l.freeValue -= v
		s.hit[u.line] = true
	}
	from := len(s.pickShares)
	s.pickShares = append(s.pickShares, p.disc...)
	s.picks = append(s.picks, pick{rule: ri, from: from, to: len(s.pickShares)})
	return p.saving
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
