package promo

import (
	"fmt"
	"strings"

	"github.com/omnilane/omnilane/pos"
)

// MaxAmount bounds every amount in a promotion and every line the engine
// discounts (10^13 minor units), so integer arithmetic cannot overflow.
const MaxAmount pos.Money = 10_000_000_000_000

// maxGroup bounds group sizes (Qty, Buy, Get).
const maxGroup = 1000

// Problem is one thing wrong with one promotion.
type Problem struct {
	// Index of the promotion in its list, from 0.
	Index int
	// ID of the promotion, if it has one.
	ID string
	// Field is the JSON name of the offending field ("percent", "valid.to").
	Field string
	// Reason says what is wrong, for the person who wrote the promotion.
	Reason string
}

// String renders the problem as "promotion 2 (CAFE-3X2): qty: must be at least 2".
func (p Problem) String() string {
	who := fmt.Sprintf("promotion %d", p.Index)
	if p.ID != "" {
		who += fmt.Sprintf(" (%s)", p.ID)
	}
	if p.Field == "" {
		return who + ": " + p.Reason
	}
	return who + ": " + p.Field + ": " + p.Reason
}

// ValidationError lists every problem found in a list of promotions.
type ValidationError struct {
	// Problems in list order.
	Problems []Problem
}

// Error joins the problems, one per line.
func (e *ValidationError) Error() string {
	s := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		s[i] = p.String()
	}
	return strings.Join(s, "\n")
}

// asError wraps problems as a pos EINVALID error whose cause is a
// *ValidationError, or returns nil when there are none.
func asError(probs []Problem) error {
	if len(probs) == 0 {
		return nil
	}
	n := "1 problem"
	if len(probs) > 1 {
		n = fmt.Sprintf("%d problems", len(probs))
	}
	return &pos.Error{Code: pos.EINVALID, Message: "invalid promotions: " + n, Err: &ValidationError{Problems: probs}}
}

// Validate checks a list of promotions and returns an error listing every
// problem (a *pos.Error with code pos.EINVALID wrapping a *ValidationError),
// or nil.
func Validate(ps []Promotion) error { return asError(problems(ps, nil)) }

// problems lists the problems of ps, skipping the field checks of those
// marked in skip (already known to be broken) but not the duplicate check.
func problems(ps []Promotion, skip []bool) []Problem {
	var probs []Problem
	seen := map[string]int{}
	for i := range ps {
		if skip == nil || !skip[i] {
			probs = append(probs, ps[i].problems(i)...)
		}
		if id := ps[i].ID; id != "" {
			if j, dup := seen[id]; dup {
				probs = append(probs, Problem{Index: i, ID: id, Field: "id", Reason: fmt.Sprintf("duplicates promotion %d", j)})
			} else {
				seen[id] = i
			}
		}
	}
	return probs
}

// Validate reports every problem that makes p unusable, as Validate does for a list.
func (p Promotion) Validate() error { return asError(p.problems(0)) }

func (p Promotion) problems(i int) []Problem {
	var out []Problem
	bad := func(field, format string, args ...any) {
		out = append(out, Problem{Index: i, ID: p.ID, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(p.ID) == "" {
		bad("id", "is required")
	}
	if p.Name.ES == "" && p.Name.EN == "" {
		bad("name", "needs at least one of es, en")
	}
	percent := func(min int64) {
		if p.Percent < min || p.Percent > MaxPercent {
			bad("percent", "must be between %s and 100", bpText(min))
		}
	}
	money := func(field string, v pos.Money, min pos.Money) {
		if v < min || v > MaxAmount {
			bad(field, "must be between %d and %d minor units, got %d", min, MaxAmount, v)
		}
	}
	count := func(field string, v, min int64) {
		if v < min || v > maxGroup {
			bad(field, "must be between %d and %d, got %d", min, maxGroup, v)
		}
	}
	unused := func(fields ...string) {
		for _, f := range fields {
			set := false
			switch f {
			case "percent":
				set = p.Percent != 0
			case "amount":
				set = p.Amount != 0
			case "price":
				set = p.Price != 0
			case "qty":
				set = p.Qty != 0
			case "pay_qty":
				set = p.PayQty != 0
			case "buy":
				set = p.Buy != 0
			case "get":
				set = p.Get != 0
			case "min_spend":
				set = p.MinSpend != 0
			}
			if set {
				bad(f, "is not used by a %s promotion", p.Type)
			}
		}
	}
	switch p.Type {
	case PercentOff:
		percent(1)
		unused("amount", "price", "qty", "pay_qty", "buy", "get", "min_spend")
	case AmountOff:
		money("amount", p.Amount, 1)
		unused("percent", "price", "qty", "pay_qty", "buy", "get", "min_spend")
	case BuyXGetY:
		count("buy", p.Buy, 1)
		count("get", p.Get, 1)
		percent(1)
		unused("amount", "price", "qty", "pay_qty", "min_spend")
	case MultiBuy:
		count("qty", p.Qty, 2)
		switch {
		case p.Price != 0 && p.PayQty != 0:
			bad("price", "give either price (2 for 5.00) or pay_qty (3 for 2), not both")
		case p.Price != 0:
			money("price", p.Price, 1)
		case p.PayQty != 0:
			if p.PayQty < 1 || p.PayQty >= p.Qty {
				bad("pay_qty", "must be between 1 and qty-1 (%d), got %d", p.Qty-1, p.PayQty)
			}
		default:
			bad("price", "a multi_buy needs price (2 for 5.00) or pay_qty (3 for 2)")
		}
		unused("percent", "amount", "buy", "get", "min_spend")
	case MixMatch:
		count("qty", p.Qty, 2)
		money("price", p.Price, 1)
		if p.Target.All() {
			bad("target", "a mix_match needs skus or categories naming its group")
		}
		unused("percent", "amount", "pay_qty", "buy", "get", "min_spend")
	case SpendThreshold:
		money("min_spend", p.MinSpend, 1)
		switch {
		case p.Amount != 0 && p.Percent != 0:
			bad("amount", "give either amount or percent, not both")
		case p.Amount != 0:
			money("amount", p.Amount, 1)
		case p.Percent != 0:
			percent(1)
		default:
			bad("amount", "a spend_threshold needs amount or percent")
		}
		unused("price", "qty", "pay_qty", "buy", "get")
	case "":
		bad("type", "is required (one of %s)", typeList())
	default:
		bad("type", "unknown type %q (one of %s)", p.Type, typeList())
	}
	for _, s := range p.Target.SKUs {
		if strings.TrimSpace(s) == "" {
			bad("target.skus", "has an empty SKU")
		}
	}
	for _, c := range p.Target.Categories {
		if strings.TrimSpace(c) == "" {
			bad("target.categories", "has an empty category")
		}
	}
	if p.Coupon != "" && strings.TrimSpace(p.Coupon) != p.Coupon {
		bad("coupon", "must not start or end with spaces")
	}
	w := p.Window
	if !w.From.IsZero() && !w.To.IsZero() && !w.From.Before(w.To) {
		bad("valid.to", "must be after valid.from")
	}
	if w.StartMinute < 0 || w.StartMinute >= 24*60 || w.EndMinute < 0 || w.EndMinute >= 24*60 {
		bad("valid.hours", "must be times of day between 00:00 and 23:59")
	}
	for _, d := range w.Weekdays {
		if d < 0 || d > 6 {
			bad("valid.weekdays", "has an unknown weekday %d", d)
		}
	}
	return out
}

func typeList() string {
	s := make([]string, len(Types))
	for i, t := range Types {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// bpText renders basis points as a percent: 1250 → "12.5", 0.01 % → "0.01".
func bpText(bp int64) string {
	s := fmt.Sprintf("%d", bp/100)
	if f := bp % 100; f != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%02d", f), "0")
	}
	return s
}
