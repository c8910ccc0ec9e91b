package pos

import (
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount in a currency's minor units (cents for EUR). Money is
// never a float.
type Money int64

// Currency describes an ISO 4217 currency as a store uses it.
type Currency struct {
	// Code is the ISO 4217 code, e.g. "EUR".
	Code string
	// Digits is the number of minor-unit digits (2 for EUR, 0 for CLP).
	Digits int
	// CashStep is the smallest cash amount in minor units (1 for EUR, 5 for CHF).
	CashStep Money
	// Symbol is printed after (es) or before (en) the amount.
	Symbol string
}

// EUR is the euro as used in Spain: 2 digits, cash to the cent.
var EUR = Currency{Code: "EUR", Digits: 2, CashStep: 1, Symbol: "€"}

// CurrencyByCode returns a known currency by its ISO 4217 code.
func CurrencyByCode(code string) (Currency, error) {
	switch strings.ToUpper(code) {
	case "EUR":
		return EUR, nil
	case "USD":
		return Currency{Code: "USD", Digits: 2, CashStep: 1, Symbol: "$"}, nil
	case "MXN":
		return Currency{Code: "MXN", Digits: 2, CashStep: 1, Symbol: "$"}, nil
	case "GBP":
		return Currency{Code: "GBP", Digits: 2, CashStep: 1, Symbol: "£"}, nil
	case "CHF":
		return Currency{Code: "CHF", Digits: 2, CashStep: 5, Symbol: "CHF"}, nil
	case "CLP":
		return Currency{Code: "CLP", Digits: 0, CashStep: 1, Symbol: "$"}, nil
	}
	return Currency{}, Errorf(EINVALID, "unknown currency %q", code)
}

// RoundCash rounds m to the currency's cash step, halves away from zero.
func (c Currency) RoundCash(m Money) Money {
	step := c.CashStep
	if step <= 1 {
		return m
	}
	neg := m < 0
	if neg {
		m = -m
	}
	r := (m + step/2) / step * step
	if neg {
		return -r
	}
	return r
}

// Plain formats m as a plain decimal with a dot ("12.50"), for machines and
// receipts that carry no locale.
func (c Currency) Plain(m Money) string {
	neg := m < 0
	if neg {
		m = -m
	}
	s := strconv.FormatInt(int64(m), 10)
	if c.Digits > 0 {
		for len(s) <= c.Digits {
			s = "0" + s
		}
		s = s[:len(s)-c.Digits] + "." + s[len(s)-c.Digits:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Format formats m for people in the given language: "12,50 €" in Spanish,
// "€12.50" in English. Thousands are grouped.
func (c Currency) Format(m Money, lang string) string {
	plain := c.Plain(m)
	neg := strings.HasPrefix(plain, "-")
	plain = strings.TrimPrefix(plain, "-")
	intPart, frac, _ := strings.Cut(plain, ".")
	sep, dec := ",", "."
	if lang == "es" {
		sep, dec = ".", ","
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 && len(intPart) > 4 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	num := b.String()
	if frac != "" {
		num += dec + frac
	}
	sign := ""
	if neg {
		sign = "-"
	}
	if lang == "es" {
		return sign + num + " " + c.Symbol
	}
	return sign + c.Symbol + num
}

// ParseMoney reads a decimal amount such as "12.5", "12,50" or "7" into minor
// units of c. More fraction digits than the currency has is an error.
func (c Currency) ParseMoney(s string) (Money, error) {
	typed := strings.TrimSpace(s) // as the cashier typed it, for the screens
	bad := func(format string) error {
		return &Error{Code: EINVALID, Reason: RBadAmount, Args: []any{typed}, Message: fmt.Sprintf(format, s, c.Digits)}
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return 0, Errorf(EINVALID, "empty amount")
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if intPart == "" {
		intPart = "0"
	}
	if hasFrac && len(frac) > c.Digits {
		return 0, bad("amount %q has more than %d decimals")
	}
	for len(frac) < c.Digits {
		frac += "0"
	}
	if len(intPart) > 15 {
		return 0, bad("amount %q is too large (%d decimals)")
	}
	for _, r := range intPart + frac {
		if r < '0' || r > '9' {
			return 0, bad("amount %q is not a number of %d decimals")
		}
	}
	v, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return 0, Errorf(EINVALID, "amount %q: %v", s, err)
	}
	if neg {
		v = -v
	}
	return Money(v), nil
}

// String renders m in minor units, for logs.
func (m Money) String() string { return fmt.Sprintf("%d", int64(m)) }
