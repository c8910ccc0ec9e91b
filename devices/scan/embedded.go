package scan

import (
	"fmt"
	"strings"
)

// EmbeddedKind says what a variable-measure code carries.
type EmbeddedKind string

// Embedded kinds.
const (
	EmbeddedPrice  EmbeddedKind = "price"
	EmbeddedWeight EmbeddedKind = "weight"
)

// EmbeddedRule is a national (or retailer) rule for EAN-13 codes with a price
// or weight inside, e.g. Spain's common "2P IIIII VVVVV C": prefix, item
// code, value, check digit. The lengths must add up to 13.
type EmbeddedRule struct {
	Prefix     string       // one or two digits, e.g. "21" or "2"
	Kind       EmbeddedKind // price or weight
	ItemDigits int          // digits of the item code after the prefix
	// ValueDigits is how many digits the value has; they end just before the check digit.
	ValueDigits int
	// Decimals: for prices, of the value in currency units (usually equal to
	// the currency's minor digits, 2 for EUR); for weights, of kilograms
	// (3 means the value is in grams).
	Decimals int
}

// Validate checks that the rule describes a 13-digit code.
func (r EmbeddedRule) Validate() error {
	if r.Prefix == "" || !allDigits(r.Prefix) || r.Prefix[0] != '2' || len(r.Prefix) > 2 {
		return fmt.Errorf("embedded rule: prefix %q must be 2 or 2x", r.Prefix)
	}
	if r.Kind != EmbeddedPrice && r.Kind != EmbeddedWeight {
		return fmt.Errorf("embedded rule %s: kind %q must be price or weight", r.Prefix, r.Kind)
	}
	if r.ItemDigits < 1 || r.ValueDigits < 1 || len(r.Prefix)+r.ItemDigits+r.ValueDigits+1 != 13 {
		return fmt.Errorf("embedded rule %s: prefix %d + item %d + value %d + check 1 digits must be 13", r.Prefix, len(r.Prefix), r.ItemDigits, r.ValueDigits)
	}
	if r.Decimals < 0 || r.Decimals > 6 {
		return fmt.Errorf("embedded rule %s: decimals %d out of range", r.Prefix, r.Decimals)
	}
	return nil
}

// Embedded is what a price- or weight-embedded code holds.
type Embedded struct {
	Rule     EmbeddedRule
	ItemCode string // prefix + item digits, e.g. "2112345"
	// LookupGTIN is the 14-digit catalog key of the item: the code with its
	// value zeroed and its check digit recomputed.
	LookupGTIN string
	PriceMinor int64 // for price rules, in minor units (see Options.CurrencyDigits)
	Grams      int64 // for weight rules
	Milligrams int64 // for weight rules, exact
}

func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

func atoi(s string) int64 {
	var v int64
	for i := 0; i < len(s); i++ {
		v = v*10 + int64(s[i]-'0')
	}
	return v
}

// matchEmbedded applies the first rule whose prefix matches a valid EAN-13.
func matchEmbedded(code string, rules []EmbeddedRule, currencyDigits int) (*Embedded, error) {
	for _, r := range rules {
		if !strings.HasPrefix(code, r.Prefix) {
			continue
		}
		if err := r.Validate(); err != nil {
			return nil, errorf(code, ErrUnsupported, "%v", err)
		}
		item := code[:len(r.Prefix)+r.ItemDigits]
		value := atoi(code[12-r.ValueDigits : 12])
		zeroed := code[:12-r.ValueDigits] + strings.Repeat("0", r.ValueDigits)
		e := &Embedded{Rule: r, ItemCode: item}
		e.LookupGTIN = "0" + zeroed + fmt.Sprint(CheckDigit(zeroed))
		switch r.Kind {
		case EmbeddedPrice:
			if r.Decimals > currencyDigits {
				return nil, errorf(code, ErrUnsupported, "rule %s has %d price decimals, the currency only %d", r.Prefix, r.Decimals, currencyDigits)
			}
			e.PriceMinor = value * pow10(currencyDigits-r.Decimals)
		case EmbeddedWeight:
			if r.Decimals > 6 {
				return nil, errorf(code, ErrUnsupported, "rule %s: too many weight decimals", r.Prefix)
			}
			e.Milligrams = value * pow10(6-r.Decimals)
			e.Grams = e.Milligrams / 1000
		}
		return e, nil
	}
	return nil, nil
}
