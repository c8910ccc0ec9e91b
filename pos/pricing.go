package pos

import (
	"context"
	"errors"
	"math/bits"
	"strings"
	"time"
)

// TaxPolicy says how a store computes tax.
type TaxPolicy struct {
	// Exclusive: prices exclude tax, which is added on top (US-style).
	// Otherwise prices include tax (IVA, VAT), which is worked out of them.
	Exclusive bool
	// PerLine rounds the tax of each line and sums them per rate; otherwise
	// the tax of each rate is computed (and rounded) on the rate's total.
	PerLine bool
}

// ComputeTotalsWith sums lines into totals and tax bands under a tax policy.
// Each live line counts for Amount - Discount (never below zero). The
// invariants, fuzzed: the bands' Gross sum to Total, their Tax to Tax; Total
// is the lines' net sum (plus Tax when prices exclude tax); nothing is
// negative when no line amount is.
func ComputeTotalsWith(lines []Line, tp TaxPolicy) Totals {
	var t Totals
	type acc struct{ net, tax Money }
	var byRate []struct {
		rate int
		acc
	}
	find := func(rate int) *acc {
		for i := range byRate {
			if byRate[i].rate == rate {
				return &byRate[i].acc
			}
		}
		byRate = append(byRate, struct {
			rate int
			acc
		}{rate: rate})
		return &byRate[len(byRate)-1].acc
	}
	for _, l := range lines {
		if l.Voided {
			continue
		}
		net := l.Amount - l.Discount
		if net < 0 {
			net = 0
		}
		t.Items += l.Qty
		t.Saved += l.Amount - net
		a := find(l.TaxRate)
		a.net += net
		if tp.PerLine {
			if tp.Exclusive {
				a.tax += AddedTax(net, l.TaxRate)
			} else {
				a.tax += IncludedTax(net, l.TaxRate)
			}
		}
	}
	for _, r := range byRate {
		tax := r.tax
		if !tp.PerLine {
			if tp.Exclusive {
				tax = AddedTax(r.net, r.rate)
			} else {
				tax = IncludedTax(r.net, r.rate)
			}
		}
		b := TaxBand{Rate: r.rate, Tax: tax}
		if tp.Exclusive {
			b.Net, b.Gross = r.net, r.net+tax
		} else {
			b.Gross, b.Net = r.net, r.net-tax
		}
		t.Bands = append(t.Bands, b)
		t.Total += b.Gross
		t.Tax += tax
	}
	sortBands(t.Bands)
	return t
}

// Kinds of line discount.
const (
	// DiscountPromotion comes from a promotion (pos/promo).
	DiscountPromotion = "promotion"
	// DiscountManualLine is a manual discount on one line.
	DiscountManualLine = "manual_line"
	// DiscountManualBasket is the line's share of a manual basket discount.
	DiscountManualBasket = "manual_basket"
)

// LineDiscount is one discount on a line, with what explains it.
type LineDiscount struct {
	// Kind is DiscountPromotion, DiscountManualLine or DiscountManualBasket.
	Kind string `json:"kind"`
	// PromotionID of a promotion discount.
	PromotionID string `json:"promotion_id,omitempty"`
	// Key is the explanation's message key ("promo.multi_buy_pay", or
	// "discount.manual_line" / "discount.manual_basket").
	Key string `json:"key"`
	// ES and EN are the explanation as shown and printed.
	ES string `json:"es,omitempty"`
	EN string `json:"en,omitempty"`
	// Coupon that unlocked the promotion, if any.
	Coupon string `json:"coupon,omitempty"`
	// Reason of a manual discount.
	Reason string `json:"reason,omitempty"`
	// Amount taken off the line, > 0.
	Amount Money `json:"amount"`
}

// Text returns the explanation in lang ("es" or "en").
func (d LineDiscount) Text(lang string) string {
	if lang == "en" && d.EN != "" {
		return d.EN
	}
	if d.ES != "" {
		return d.ES
	}
	return d.EN
}

// ManualDiscount is a discount a cashier gives by hand: a percentage or an
// amount, with a reason.
type ManualDiscount struct {
	// Percent in basis points (1000 = 10 %); 0 when Amount is used.
	Percent int `json:"percent,omitempty"`
	// Amount off, tax as the prices; 0 when Percent is used.
	Amount Money `json:"amount,omitempty"`
	// Reason the discount was given (required).
	Reason string `json:"reason"`
	// OverrideID of the supervisor approval, if one was needed.
	OverrideID string `json:"override_id,omitempty"`
}

// Validate reports what makes d unusable.
func (d ManualDiscount) Validate() error {
	switch {
	case strings.TrimSpace(d.Reason) == "":
		return Reasonf(EINVALID, RReasonNeeded, "say why the discount is given")
	case (d.Percent == 0) == (d.Amount == 0):
		return Errorf(EINVALID, "a discount is a percentage or an amount, not both or neither")
	case d.Percent < 0 || d.Percent > 10000:
		return Reasonf(EINVALID, RDiscountRange, "a discount percentage is between 0 and 100 %%")
	case d.Amount < 0:
		return Errorf(EINVALID, "a discount amount cannot be negative")
	}
	return nil
}

// off returns what d takes off base.
func (d ManualDiscount) off(base Money) Money {
	if base <= 0 {
		return 0
	}
	if d.Percent > 0 {
		return Money((int64(base)*int64(d.Percent) + 5000) / 10000)
	}
	return min(d.Amount, base)
}

// Allocation is the part of a discount one line carries.
type Allocation struct {
	// Line number.
	Line int `json:"line"`
	// Amount on that line.
	Amount Money `json:"amount"`
}

// AppliedPromotion is a promotion that discounted the basket, recorded on
// the sale as used.
type AppliedPromotion struct {
	// PromotionID of the promotion.
	PromotionID string `json:"promotion_id"`
	// Type of the promotion (see pos/promo).
	Type string `json:"type,omitempty"`
	// Key is the explanation's message key.
	Key string `json:"key"`
	// ES and EN explain it as printed.
	ES string `json:"es,omitempty"`
	EN string `json:"en,omitempty"`
	// Coupon that unlocked it, if any.
	Coupon string `json:"coupon,omitempty"`
	// Amount saved.
	Amount Money `json:"amount"`
	// Allocations per line; they sum to Amount.
	Allocations []Allocation `json:"allocations"`
}

// PromotionPricing is what a PromotionEngine found for a basket.
type PromotionPricing struct {
	// Applied promotions, in the order they were applied.
	Applied []AppliedPromotion
	// UnknownCoupons are entered codes that unlock nothing now.
	UnknownCoupons []string
}

// PromotionEngine prices a basket's promotions. *promo.Engine implements it
// (pos/promo). It must be pure and safe for concurrent use.
type PromotionEngine interface {
	// PriceBasket works out the promotions of lines (voided ones ignored;
	// Amount is before any discount) at the store's local time at, with the
	// coupons entered.
	PriceBasket(lines []Line, at time.Time, coupons []string) (PromotionPricing, error)
}

// PromotionStore is the local store's side of promotions: the set in force
// comes from the catalog feed. The lane uses it when its Store implements it.
type PromotionStore interface {
	// PromotionsVersion changes whenever the stored promotions change; it
	// must be cheap (it is asked on every pricing).
	PromotionsVersion() int64
	// LoadPromotions builds an engine from the stored promotions, amounts
	// read in cur, and returns it with the version it was built from. With no
	// promotions stored it returns a nil engine.
	LoadPromotions(ctx context.Context, cur Currency) (PromotionEngine, int64, error)
}

// Reprice works out every discount of the basket from scratch: promotions
// from eng (nil for none) at the store's local time at, then each line's
// manual discount on what is left of it, then the basket's manual discount
// split over the lines in proportion to what is left of them (largest
// remainder, ties to the lower line number). Line.Discount and
// Line.Discounts are rewritten; Amounts are not touched.
func (b *Basket) Reprice(eng PromotionEngine, at time.Time) error {
	for i := range b.Lines {
		// Every copy that leaves the basket clones Discounts (cloneLines),
		// so the backing arrays are reused from one pricing to the next.
		b.Lines[i].Discount, b.Lines[i].Discounts = 0, b.Lines[i].Discounts[:0]
	}
	b.Promotions, b.UnknownCoupons = nil, nil
	if eng != nil && len(b.Lines) > 0 {
		pr, err := eng.PriceBasket(b.Lines, at, b.Coupons)
		if err != nil {
			return err
		}
		b.Promotions, b.UnknownCoupons = pr.Applied, pr.UnknownCoupons
		for _, ap := range pr.Applied {
			for _, a := range ap.Allocations {
				l := b.line(a.Line)
				if l == nil || l.Voided || a.Amount <= 0 {
					continue
				}
				amt := min(a.Amount, l.Amount-l.Discount)
				if amt <= 0 {
					continue
				}
				l.Discount += amt
				l.Discounts = append(l.Discounts, LineDiscount{Kind: DiscountPromotion, PromotionID: ap.PromotionID, Key: ap.Key,
					ES: ap.ES, EN: ap.EN, Coupon: ap.Coupon, Amount: amt})
			}
		}
	}
	for i := range b.Lines {
		l := &b.Lines[i]
		if l.Voided || l.Manual == nil {
			continue
		}
		if off := l.Manual.off(l.Amount - l.Discount); off > 0 {
			l.Discount += off
			l.Discounts = append(l.Discounts, manualLineDiscount(DiscountManualLine, *l.Manual, off))
		}
	}
	if b.Manual != nil {
		var live []*Line
		var base Money
		for i := range b.Lines {
			if l := &b.Lines[i]; !l.Voided && l.Amount-l.Discount > 0 {
				live = append(live, l)
				base += l.Amount - l.Discount
			}
		}
		off := b.Manual.off(base)
		shares := make([]Money, len(live))
		for i, l := range live {
			shares[i] = l.Amount - l.Discount
		}
		for i, a := range Allocate(off, shares) {
			if a > 0 {
				live[i].Discount += a
				live[i].Discounts = append(live[i].Discounts, manualLineDiscount(DiscountManualBasket, *b.Manual, a))
			}
		}
	}
	return nil
}

func manualLineDiscount(kind string, d ManualDiscount, amt Money) LineDiscount {
	es, en := "Descuento", "Discount"
	if d.Percent > 0 {
		p := ratePercent(d.Percent)
		es, en = "Descuento "+p+" %", "Discount "+strings.ReplaceAll(p, ",", ".")+"%"
	}
	return LineDiscount{Kind: kind, Key: "discount." + kind, ES: es, EN: en, Reason: d.Reason, Amount: amt}
}

func (b *Basket) line(no int) *Line {
	if no >= 1 && no <= len(b.Lines) && b.Lines[no-1].No == no {
		return &b.Lines[no-1]
	}
	for i := range b.Lines {
		if b.Lines[i].No == no {
			return &b.Lines[i]
		}
	}
	return nil
}

// Allocate splits total over shares in proportion to them: each gets the
// floor of its share and the units left over go one each to the largest
// remainders, ties to the earlier share. The parts sum to total exactly
// (when total ≤ the sum of shares and shares are not negative) and none
// exceeds its share.
func Allocate(total Money, shares []Money) []Money {
	out := make([]Money, len(shares))
	var sum Money
	for _, s := range shares {
		if s > 0 {
			sum += s
		}
	}
	if total <= 0 || sum <= 0 {
		return out
	}
	total = min(total, sum)
	rems := make([]int64, len(shares))
	var given Money
	for i, s := range shares {
		if s <= 0 {
			continue
		}
		hi, lo := bits.Mul64(uint64(total), uint64(s))
		q, r := bits.Div64(hi, lo, uint64(sum)) // total ≤ sum, so q ≤ s: no overflow
		out[i], rems[i] = Money(q), int64(r)
		given += out[i]
	}
	for left := total - given; left > 0; left-- {
		best := -1
		for i := range shares {
			if shares[i] <= 0 || out[i] >= shares[i] {
				continue
			}
			if best < 0 || rems[i] > rems[best] {
				best = i
			}
		}
		if best < 0 {
			break
		}
		out[best]++
		rems[best] = -1
	}
	return out
}

// AddCoupon enters a coupon code for the open basket and prices it again.
// A code that unlocks no promotion now is not kept: the error is ENOTFOUND.
func (l *Lane) AddCoupon(ctx context.Context, code string) (BasketView, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return BasketView{}, err
	}
	code = strings.TrimSpace(code)
	if code == "" {
		return BasketView{}, Reasonf(EINVALID, RCouponEmpty, "empty coupon code")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.basket.Coupons {
		if strings.EqualFold(c, code) {
			return l.viewLocked(), Reasonf(ECONFLICT, RCouponEntered, "coupon %s is already entered", code)
		}
	}
	l.basket.Coupons = append(l.basket.Coupons, code)
	if err := l.priceLocked(ctx); err != nil {
		l.basket.Coupons = l.basket.Coupons[:len(l.basket.Coupons)-1]
		return l.viewLocked(), err
	}
	for _, u := range l.basket.UnknownCoupons {
		if strings.EqualFold(u, code) {
			l.basket.Coupons = l.basket.Coupons[:len(l.basket.Coupons)-1]
			err := l.priceLocked(ctx)
			return l.viewLocked(), errors.Join(Errorf(ENOTFOUND, "coupon %s unlocks no promotion now", code), err)
		}
	}
	return l.viewLocked(), nil
}

// promotionsUsed returns the promotions behind the lines' discounts, for the
// sale record: the basket's own list when it has one, else rebuilt from the
// lines (a basket restored from a card payment's snapshot carries only its
// lines).
func promotionsUsed(b *Basket) []AppliedPromotion {
	if len(b.Promotions) > 0 {
		return b.Promotions
	}
	var out []AppliedPromotion
	for _, l := range b.Lines {
		if l.Voided {
			continue
		}
		for _, d := range l.Discounts {
			if d.Kind != DiscountPromotion {
				continue
			}
			i := 0
			for i < len(out) && out[i].PromotionID != d.PromotionID {
				i++
			}
			if i == len(out) {
				out = append(out, AppliedPromotion{PromotionID: d.PromotionID, Key: d.Key, ES: d.ES, EN: d.EN, Coupon: d.Coupon})
			}
			out[i].Amount += d.Amount
			out[i].Allocations = append(out[i].Allocations, Allocation{Line: l.No, Amount: d.Amount})
		}
	}
	return out
}
