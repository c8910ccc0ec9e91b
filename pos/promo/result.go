package promo

import "github.com/omnilane/omnilane/pos"

// Allocation is the part of a discount that one line carries.
type Allocation struct {
	// LineNo is the pos.Line.No of the line.
	LineNo int `json:"line"`
	// Amount taken off that line, tax included, > 0.
	Amount pos.Money `json:"amount"`
}

// Discount is one promotion applied to the basket.
type Discount struct {
	// PromotionID of the promotion that gave it.
	PromotionID string `json:"promotion_id"`
	// Type of that promotion.
	Type Type `json:"type"`
	// Name of the promotion per language, possibly empty.
	Name Name `json:"name"`
	// Key names the generated explanation ("promo.multi_buy_pay") for
	// translation catalogs; Args fill it in. See Text.
	Key string `json:"key"`
	// Args of Key, in order.
	Args []Arg `json:"args,omitempty"`
	// Coupon is the code that unlocked the promotion, if any.
	Coupon string `json:"coupon,omitempty"`
	// Amount saved, tax included: the sum of Allocations.
	Amount pos.Money `json:"amount"`
	// Allocations per line, by line number; they sum to Amount exactly.
	Allocations []Allocation `json:"allocations"`
}

// LineDiscount is the total discount on one line, from every promotion.
type LineDiscount struct {
	// LineNo is the pos.Line.No of the line.
	LineNo int `json:"line"`
	// Amount taken off the line, tax included; never more than the line's Amount.
	Amount pos.Money `json:"amount"`
}

// Result is what Apply found.
type Result struct {
	// Discounts in the order they were applied (exclusive ones by the saving
	// that won them, then stackable ones).
	Discounts []Discount `json:"discounts"`
	// Lines carries the total discount of each discounted line, by line number.
	Lines []LineDiscount `json:"lines"`
	// Saved is the sum of all discounts: the receipt's "you saved".
	Saved pos.Money `json:"saved"`
	// UnknownCoupons are entered codes that unlock no promotion valid now,
	// normalised (trimmed, upper case), so the lane can say so.
	UnknownCoupons []string `json:"unknown_coupons,omitempty"`
}

// Discount returns the total discount of line no (0 if it has none).
func (r Result) Discount(no int) pos.Money {
	for _, l := range r.Lines {
		if l.LineNo == no {
			return l.Amount
		}
	}
	return 0
}

// NetLines returns copies of lines with each line's discount taken off its
// Amount (UnitPrice and the rest unchanged), so pos.ComputeTotals gives the
// total to pay and the tax per rate after promotions.
func (r Result) NetLines(lines []pos.Line) []pos.Line {
	out := make([]pos.Line, len(lines))
	copy(out, lines)
	for i := range out {
		if !out[i].Voided {
			out[i].Amount -= r.Discount(out[i].No)
		}
	}
	return out
}
