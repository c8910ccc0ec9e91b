package promo

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// promotionJSON is the JSON form of a Promotion (README.md documents it).
// Amounts are decimal strings in the store currency ("5.00"); percentages
// are numbers with at most two decimals (10, 12.5).
type promotionJSON struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"`
	Name      Name        `json:"name"`
	Target    *targetJSON `json:"target,omitempty"`
	Percent   json.Number `json:"percent,omitempty"`
	Amount    string      `json:"amount,omitempty"`
	Price     string      `json:"price,omitempty"`
	Qty       int64       `json:"qty,omitempty"`
	PayQty    int64       `json:"pay_qty,omitempty"`
	Buy       int64       `json:"buy,omitempty"`
	Get       int64       `json:"get,omitempty"`
	MinSpend  string      `json:"min_spend,omitempty"`
	Coupon    string      `json:"coupon,omitempty"`
	Valid     *windowJSON `json:"valid,omitempty"`
	Priority  int         `json:"priority,omitempty"`
	Stackable bool        `json:"stackable,omitempty"`
}

type targetJSON struct {
	SKUs        []string `json:"skus,omitempty"`
	Categories  []string `json:"categories,omitempty"`
	ExcludeSKUs []string `json:"exclude_skus,omitempty"`
}

type windowJSON struct {
	From     string     `json:"from,omitempty"`
	To       string     `json:"to,omitempty"`
	Weekdays []string   `json:"weekdays,omitempty"`
	Hours    *hoursJSON `json:"hours,omitempty"`
}

type hoursJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
}

var weekdayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// Parse reads promotions in their JSON form — an array of promotions, or an
// object whose "promotions" member is one — with amounts in cur. Unknown
// fields are errors. The error, if any, is a *pos.Error with code
// pos.EINVALID; unless the JSON itself is malformed it wraps a
// *ValidationError listing every problem of every promotion.
func Parse(data []byte, cur pos.Currency) ([]Promotion, error) {
	raws, err := splitJSON(data)
	if err != nil {
		return nil, err
	}
	out := make([]Promotion, len(raws))
	broken := make([]bool, len(raws))
	var probs []Problem
	for i, raw := range raws {
		var pj promotionJSON
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		dec.UseNumber()
		if err := dec.Decode(&pj); err != nil {
			probs = append(probs, decodeProblem(i, raw, err))
			out[i].ID, broken[i] = pj.ID, true
			continue
		}
		p, ps := pj.promotion(i, cur)
		out[i], broken[i] = p, len(ps) > 0
		probs = append(probs, ps...)
	}
	probs = append(probs, problems(out, broken)...)
	if len(probs) > 0 {
		slices.SortStableFunc(probs, func(a, b Problem) int { return cmp.Compare(a.Index, b.Index) })
		return nil, asError(probs)
	}
	return out, nil
}

// splitJSON returns the raw promotions of an array or {"promotions": [...]}.
func splitJSON(data []byte) ([]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(data)
	var raws []json.RawMessage
	var err error
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var doc struct {
			Promotions *[]json.RawMessage `json:"promotions"`
		}
		if err = json.Unmarshal(trimmed, &doc); err == nil {
			if doc.Promotions == nil {
				return nil, pos.Errorf(pos.EINVALID, "promotions JSON: the object has no \"promotions\" array")
			}
			raws = *doc.Promotions
		}
	} else {
		err = json.Unmarshal(trimmed, &raws)
		if err == nil && raws == nil {
			err = errors.New("got null")
		}
	}
	if err != nil {
		return nil, &pos.Error{Code: pos.EINVALID, Message: "promotions JSON: " + where(trimmed, err) + "expected an array of promotions or {\"promotions\": [...]}", Err: err}
	}
	return raws, nil
}

// where says "line L, column C: " for a syntax error.
func where(data []byte, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return ""
	}
	off := max(min(int(se.Offset), len(data))-1, 0) // the offending byte
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Sprintf("line %d, column %d: ", line, col)
}

// decodeProblem explains why one promotion's JSON did not decode.
func decodeProblem(i int, raw []byte, err error) Problem {
	var head struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &head)
	p := Problem{Index: i, ID: head.ID, Reason: err.Error()}
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te) && moneyFields[te.Field]:
		p.Field, p.Reason = te.Field, fmt.Sprintf("must be a decimal string such as \"5.00\", not a JSON %s", te.Value)
	case errors.As(err, &te):
		p.Field, p.Reason = te.Field, fmt.Sprintf("must be a JSON %s, not %s", jsonKind(te.Type.Kind().String()), te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		p.Field, p.Reason = strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "is not a promotion field"
	}
	return p
}

// moneyFields are the fields written as decimal strings.
var moneyFields = map[string]bool{"amount": true, "price": true, "min_spend": true}

func jsonKind(k string) string {
	switch {
	case strings.HasPrefix(k, "int"), strings.HasPrefix(k, "uint"):
		return "whole number"
	case k == "slice":
		return "array"
	case k == "struct":
		return "object"
	case k == "bool":
		return "true or false"
	}
	return k
}

// promotion converts the JSON form, reporting problems it cannot convert.
// Validate checks the rest.
func (pj promotionJSON) promotion(i int, cur pos.Currency) (Promotion, []Problem) {
	var probs []Problem
	bad := func(field, format string, args ...any) {
		probs = append(probs, Problem{Index: i, ID: pj.ID, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	p := Promotion{ID: pj.ID, Type: Type(pj.Type), Name: pj.Name, Qty: pj.Qty, PayQty: pj.PayQty, Buy: pj.Buy, Get: pj.Get,
		Coupon: pj.Coupon, Priority: pj.Priority, Stackable: pj.Stackable}
	if pj.Target != nil {
		p.Target = Target{SKUs: pj.Target.SKUs, Categories: pj.Target.Categories, ExcludeSKUs: pj.Target.ExcludeSKUs}
	}
	money := func(field, s string) pos.Money {
		if s == "" {
			return 0
		}
		m, err := cur.ParseMoney(s)
		if err != nil {
			bad(field, "%q is not an amount in %s (write it like \"5.00\")", s, cur.Code)
		}
		return m
	}
	p.Amount = money("amount", pj.Amount)
	p.Price = money("price", pj.Price)
	p.MinSpend = money("min_spend", pj.MinSpend)
	if pj.Percent != "" {
		bp, err := parseBP(string(pj.Percent))
		if err != nil {
			bad("percent", "%s", err)
		}
		p.Percent = bp
	}
	if v := pj.Valid; v != nil {
		instant := func(field, s string) time.Time {
			if s == "" {
				return time.Time{}
			}
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				bad(field, "%q is not an RFC 3339 time such as \"2026-12-01T00:00:00+01:00\"", s)
			}
			return t
		}
		p.Window.From = instant("valid.from", v.From)
		p.Window.To = instant("valid.to", v.To)
		for _, d := range v.Weekdays {
			k := indexOf(weekdayNames, strings.ToLower(d))
			if k < 0 {
				bad("valid.weekdays", "%q is not one of %s", d, strings.Join(weekdayNames, ", "))
				continue
			}
			p.Window.Weekdays = append(p.Window.Weekdays, time.Weekday(k))
		}
		if h := v.Hours; h != nil {
			var err1, err2 error
			p.Window.StartMinute, err1 = parseClock(h.From)
			p.Window.EndMinute, err2 = parseClock(h.To)
			if err1 != nil {
				bad("valid.hours.from", "%s", err1)
			}
			if err2 != nil {
				bad("valid.hours.to", "%s", err2)
			}
			if err1 == nil && err2 == nil && h.From == h.To {
				bad("valid.hours", "from and to are both %s; leave hours out for all day", h.From)
			}
		}
	}
	return p, probs
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// parseBP reads a percentage with at most two decimals into basis points.
func parseBP(s string) (int64, error) {
	if strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("must be between 0.01 and 100, got %s", s)
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 || intPart == "" || len(intPart) > 5 {
		return 0, fmt.Errorf("%s is not a percentage with at most two decimals", s)
	}
	frac += strings.Repeat("0", 2-len(frac))
	var v int64
	for _, r := range intPart + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%s is not a percentage with at most two decimals", s)
		}
		v = v*10 + int64(r-'0')
	}
	return v, nil
}

// parseClock reads "HH:MM" into minutes from midnight.
func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a time of day such as \"09:30\"", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}
