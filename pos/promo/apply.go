package promo

import (
	"slices"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// Input is a basket as the engine sees it.
type Input struct {
	// Lines of the basket; voided lines, and lines with no quantity or no
	// amount, are ignored. Live lines must have distinct numbers (No).
	Lines []pos.Line
	// Category returns a SKU's category (pos.Product.Category); nil means
	// each line's own Category.
	Category func(sku string) string
	// At is the store's local time, for validity windows.
	At time.Time
	// Coupons are the codes entered for this basket, in any case.
	Coupons []string
}

// Apply works out the discounts for a basket. It errors only on a malformed
// basket (duplicate live line numbers, more than MaxLines lines). The result
// does not depend on the order of in.Lines.
func (e *Engine) Apply(in Input) (Result, error) {
	s := getState(e)
	defer s.release()
	if err := s.load(in); err != nil {
		return Result{}, err
	}
	var res Result
	res.UnknownCoupons = s.activate(in)
	if len(s.lines) == 0 {
		return res, nil
	}
	s.matchLines()
	s.exclusive()
	s.stackable()
	res.Discounts = s.discounts
	for _, l := range s.lines {
		if l.disc > 0 {
			res.Lines = append(res.Lines, LineDiscount{LineNo: l.no, Amount: l.disc})
			res.Saved += l.disc
		}
	}
	return res, nil
}

// activate marks the rules that apply at in.At with in.Coupons and returns
// the entered codes that unlock none of them, normalised and sorted.
func (s *state) activate(in Input) []string {
	codes := s.codes[:0]
	for _, c := range in.Coupons {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c != "" && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	s.codes = codes
	used := grow(s.used, len(codes))
	s.used = used
	s.active = grow(s.active, len(s.e.promos))
	for i := range s.e.promos {
		r := &s.e.promos[i]
		if !r.Window.Open(in.At) {
			continue
		}
		if r.coupon != "" {
			k := slices.Index(codes, r.coupon)
			if k < 0 {
				continue
			}
			used[k] = true
		}
		s.active[i] = true
	}
	var unknown []string
	for k, c := range codes {
		if !used[k] {
			unknown = append(unknown, c)
		}
	}
	slices.Sort(unknown)
	return unknown
}
