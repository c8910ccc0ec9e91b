package promo

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/omnilane/omnilane/pos"
)

// mulDiv returns floor(a*b/c) for non-negative a, b and positive c, computed
// in 128 bits. The caller guarantees the result fits (a ≤ c or b ≤ c).
func mulDiv(a, b, c int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(q)
}

// mulDivRem is mulDiv that also returns the remainder.
func mulDivRem(a, b, c int64) (int64, int64) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, r := bits.Div64(hi, lo, uint64(c))
	return int64(q), int64(r)
}

// percentOf returns bp basis points of v, rounded half up. With bp ≤ 10000
// the result never exceeds v.
func percentOf(v pos.Money, bp int64) pos.Money {
	q, r := mulDivRem(int64(v), bp, MaxPercent)
	if 2*r >= MaxPercent {
		q++
	}
	return pos.Money(q)
}

// share is one weight in a pro-rata allocation.
type share struct {
	line   int       // index into the engine's lines
	weight pos.Money // what the discount may take from this line
}

// allocate splits d over shares in proportion to their weights, in whole
// minor units: each share gets floor(d*w/W), and the units left over go one
// each to the shares with the largest remainders, ties to the lower line
// index. d must not exceed the sum of weights; no share gets more than its
// weight, and the amounts sum to d exactly. add receives each non-zero amount.
func allocate(d pos.Money, shares []share, add func(line int, amt pos.Money)) {
	if d <= 0 || len(shares) == 0 {
		return
	}
	var total int64
	for _, s := range shares {
		total += int64(s.weight)
	}
	if total <= 0 {
		return
	}
	if int64(d) >= total {
		for _, s := range shares {
			if s.weight > 0 {
				add(s.line, s.weight)
			}
		}
		return
	}
	type rem struct {
		line int
		amt  int64
		r    int64
	}
	var buf [64]rem
	rs := buf[:0]
	left := int64(d)
	for _, s := range shares {
		if s.weight <= 0 {
			continue
		}
		q, r := mulDivRem(int64(d), int64(s.weight), total)
		left -= q
		rs = append(rs, rem{s.line, q, r})
	}
	// Hand out what is left: one unit each, largest remainder first, ties to
	// the lower line. Fewer units are left than shares with a remainder, and
	// a share with a remainder is below its weight, so none goes over.
	switch {
	case left == 0:
	case left*int64(len(rs)) <= 1024:
		// Few units to hand out: pick the largest remainders by scanning.
		for ; left > 0; left-- {
			best := -1
			for i := range rs {
				if rs[i].r > 0 && (best < 0 || rs[i].r > rs[best].r || (rs[i].r == rs[best].r && rs[i].line < rs[best].line)) {
					best = i
				}
			}
			rs[best].amt++
			rs[best].r = 0
		}
	default:
		slices.SortFunc(rs, func(a, b rem) int {
			if a.r != b.r {
				return cmp.Compare(b.r, a.r)
			}
			return cmp.Compare(a.line, b.line)
		})
		for i := int64(0); i < left; i++ {
			rs[i].amt++
		}
	}
	for _, x := range rs {
		if x.amt > 0 {
			add(x.line, pos.Money(x.amt))
		}
	}
}
