package cardport_test

import (
	"testing"

	"github.com/omnilane/omnilane/cmd/omnilane/internal/cardport"
)

// cardNumbers returns the runs of 13 to 19 digits in b that could be a
// payment card number: a payment-card major industry identifier (first digit
// 2 to 6: Mastercard, Amex, Visa, Discover, JCB, UnionPay…) and a valid Luhn
// check digit. Runs starting with other digits are EAN/GTIN codes, times and
// clocks, not card numbers; a run inside a longer word of letters and digits
// (a hex SHA-256 hash, a base64 bcrypt hash) is part of that word, not a
// number anyone could read as a card.
func cardNumbers(b []byte) []string {
	var out []string
	for i := 0; i < len(b); {
		if b[i] < '0' || b[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		inWord := (i > 0 && isAlnum(b[i-1])) || (j < len(b) && isAlnum(b[j]))
		if n := j - i; !inWord && n >= 13 && n <= 19 && b[i] >= '2' && b[i] <= '6' && luhn(b[i:j]) {
			out = append(out, string(b[i:j]))
		}
		i = j
	}
	return out
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func luhn(d []byte) bool {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if (len(d)-1-i)%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

func TestCardNumberScanner(t *testing.T) {
	hits := cardNumbers([]byte(`x 4111111111111111 y 4111111111111112 z 411111******1111 8410002000019 5555555555554444 ab2579651918923cd "4012888888881881"`))
	if len(hits) != 3 || hits[0] != "4111111111111111" || hits[1] != "5555555555554444" || hits[2] != "4012888888881881" {
		t.Fatalf("scanner found %q", hits)
	}
}

func TestMaskHidesCardNumbers(t *testing.T) {
	for in, want := range map[string]string{
		"TARJETA 4111111111111111":  "TARJETA 411111******1111",
		"411111******1111":          "411111******1111",
		"AUT 123456 OPER SIM000001": "AUT 123456 OPER SIM000001",
		"5105105105105100":          "510510******5100",
	} {
		if got := cardport.Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
		if len(cardNumbers([]byte(cardport.Mask(in)))) != 0 {
			t.Errorf("Mask(%q) leaks", in)
		}
	}
}
