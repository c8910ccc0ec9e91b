package pos

import (
	"strconv"
	"strings"
)

// Kinds of embedded barcode.
const (
	// EmbeddedPrice: the code carries the line's price in minor units.
	EmbeddedPrice = "price"
	// EmbeddedWeight: the code carries the weight in grams.
	EmbeddedWeight = "weight"
)

// EmbeddedRule is one national (or retailer) rule for EAN-13 codes with a
// price or weight in them, printed by scales and in-store labels. The code
// reads: Prefix, ItemDigits of item code, an optional price check digit,
// ValueDigits of value, the EAN-13 check digit. Spain's usual rule is
//
//	{Prefix: "21", Kind: EmbeddedPrice, ItemDigits: 5, ValueDigits: 5}
//
// 21 + 5-digit item code + 5-digit price in cents + check: 2112345004990
// is item 12345 at 4,99 €.
type EmbeddedRule struct {
	// Prefix the rule applies to ("20".."29" usually; any digits).
	Prefix string `json:"prefix"`
	// Kind is EmbeddedPrice or EmbeddedWeight.
	Kind string `json:"kind"`
	// ItemDigits is the length of the item code after the prefix.
	ItemDigits int `json:"item_digits"`
	// ValueDigits is the length of the price (minor units) or weight (grams).
	ValueDigits int `json:"value_digits"`
	// PriceCheck: one digit before the value is a check digit over it
	// (GS1 weighting 2-3-5+… is not used here: a mod-10 of the value, as
	// some scales print). The digit is verified.
	PriceCheck bool `json:"price_check,omitempty"`
	// KeepPrefix looks the item up as Prefix+item code instead of the item
	// code alone.
	KeepPrefix bool `json:"keep_prefix,omitempty"`
}

// Validate reports what makes r unusable.
func (r EmbeddedRule) Validate() error {
	for _, c := range r.Prefix {
		if c < '0' || c > '9' {
			return Errorf(EINVALID, "embedded rule prefix %q is not digits", r.Prefix)
		}
	}
	n := len(r.Prefix) + r.ItemDigits + r.ValueDigits + 1
	if r.PriceCheck {
		n++
	}
	switch {
	case r.Prefix == "":
		return Errorf(EINVALID, "embedded rule has no prefix")
	case r.Kind != EmbeddedPrice && r.Kind != EmbeddedWeight:
		return Errorf(EINVALID, "embedded rule %s: kind %q is neither %q nor %q", r.Prefix, r.Kind, EmbeddedPrice, EmbeddedWeight)
	case r.ItemDigits < 1 || r.ValueDigits < 1 || r.ValueDigits > 7:
		return Errorf(EINVALID, "embedded rule %s: item and value need 1 or more digits (value at most 7)", r.Prefix)
	case n != 13:
		return Errorf(EINVALID, "embedded rule %s: prefix, item, value and check digits make %d digits, not 13", r.Prefix, n)
	}
	return nil
}

// EmbeddedCode is an embedded barcode read under a rule.
type EmbeddedCode struct {
	// Rule that matched.
	Rule EmbeddedRule
	// Item is the item code in it.
	Item string
	// Keys to look the product up by, in order: the item code (a PLU-like
	// key, with the prefix if the rule keeps it) and the code's GTIN-14
	// with the value zeroed, as catalogs often store it.
	Keys []string
	// Price in minor units, for EmbeddedPrice.
	Price Money
	// Grams for EmbeddedWeight.
	Grams int64
}

// ParseEmbedded reads code under the first rule whose prefix it starts
// with (longest prefix first). ok is false when no rule applies (the code is
// looked up as it is). A code a rule applies to but that is malformed is an
// EINVALID error saying why.
func ParseEmbedded(code string, rules []EmbeddedRule) (ec EmbeddedCode, ok bool, err error) {
	code = strings.TrimSpace(code)
	if len(code) != 13 || len(rules) == 0 {
		return EmbeddedCode{}, false, nil
	}
	var rule *EmbeddedRule
	for i := range rules {
		r := &rules[i]
		if r.Prefix != "" && strings.HasPrefix(code, r.Prefix) && (rule == nil || len(r.Prefix) > len(rule.Prefix)) {
			rule = r
		}
	}
	if rule == nil {
		return EmbeddedCode{}, false, nil
	}
	if err := rule.Validate(); err != nil {
		return EmbeddedCode{}, false, err
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return EmbeddedCode{}, false, Errorf(EINVALID, "embedded barcode %q has a character that is not a digit", code)
		}
	}
	if !ValidGTIN(code) {
		return EmbeddedCode{}, false, Errorf(EINVALID, "embedded barcode %s has a wrong check digit", code)
	}
	i := len(rule.Prefix)
	item := code[i : i+rule.ItemDigits]
	i += rule.ItemDigits
	valStart := i
	if rule.PriceCheck {
		i++
	}
	val := code[i : i+rule.ValueDigits]
	if rule.PriceCheck {
		if want := GTINCheckDigit(val); int(code[valStart]-'0') != want {
			return EmbeddedCode{}, false, Errorf(EINVALID, "embedded barcode %s has a wrong price check digit", code)
		}
	}
	v, _ := strconv.ParseInt(val, 10, 64)
	if v <= 0 {
		return EmbeddedCode{}, false, Errorf(EINVALID, "embedded barcode %s carries a %s of zero", code, rule.Kind)
	}
	ec = EmbeddedCode{Rule: *rule, Item: item}
	if rule.Kind == EmbeddedPrice {
		ec.Price = Money(v)
	} else {
		if v > 100_000 {
			return EmbeddedCode{}, false, Errorf(EINVALID, "embedded barcode %s carries %d g, more than 100 kg", code, v)
		}
		ec.Grams = v
	}
	key := item
	if rule.KeepPrefix {
		key = rule.Prefix + item
	}
	zeroed := code[:valStart] + strings.Repeat("0", 12-valStart)
	zeroed += strconv.Itoa(GTINCheckDigit(zeroed))
	ec.Keys = []string{key, "0" + zeroed}
	return ec, true, nil
}
