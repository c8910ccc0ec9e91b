package pos

import (
	"strconv"
	"testing"
)

// ean13 completes 12 digits with their check digit.
func ean13(body string) string { return body + strconv.Itoa(GTINCheckDigit(body)) }

func TestParseEmbedded(t *testing.T) {
	spain := []EmbeddedRule{
		{Prefix: "2", Kind: EmbeddedPrice, ItemDigits: 6, ValueDigits: 5},
		{Prefix: "21", Kind: EmbeddedPrice, ItemDigits: 5, ValueDigits: 5},
		{Prefix: "22", Kind: EmbeddedWeight, ItemDigits: 5, ValueDigits: 5},
		{Prefix: "23", Kind: EmbeddedPrice, ItemDigits: 4, ValueDigits: 5, PriceCheck: true},
		{Prefix: "24", Kind: EmbeddedPrice, ItemDigits: 5, ValueDigits: 5, KeepPrefix: true},
	}
	withCheck := "231234" + strconv.Itoa(GTINCheckDigit("00499")) + "00499"
	tests := []struct {
		name  string
		code  string
		ok    bool
		code2 string // error code
		item  string
		price Money
		grams int64
		keys  []string
	}{
		{"price 4,99", ean13("211234500499"), true, "", "12345", 499, 0, []string{"12345", "0" + ean13("211234500000")}},
		{"weight 1,250 kg", ean13("221234501250"), true, "", "12345", 0, 1250, []string{"12345", "0" + ean13("221234500000")}},
		{"longest prefix wins over 2", ean13("211234500100"), true, "", "12345", 100, 0, nil},
		{"1-digit prefix rule", ean13("271234500100"), true, "", "712345", 100, 0, nil},
		{"price check digit", ean13(withCheck), true, "", "1234", 499, 0, nil},
		{"wrong price check digit", ean13("231234900499"), false, EINVALID, "", 0, 0, nil},
		{"keep prefix", ean13("241234500100"), true, "", "12345", 100, 0, []string{"2412345", "0" + ean13("241234500000")}},
		{"wrong check digit", "2112345004991", false, EINVALID, "", 0, 0, nil},
		{"zero price", ean13("211234500000"), false, EINVALID, "", 0, 0, nil},
		{"not a 2x code", "8410001000015", false, "", "", 0, 0, nil},
		{"EAN-8", "96385074", false, "", "", 0, 0, nil},
		{"letters", "21123450049X", false, "", "", 0, 0, nil},
		{"letters in 13", "211234500A990", false, EINVALID, "", 0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ec, ok, err := ParseEmbedded(tc.code, spain)
			if ErrorCode(err) != tc.code2 || ok != tc.ok {
				t.Fatalf("ParseEmbedded(%s) = %+v, %v, %v", tc.code, ec, ok, err)
			}
			if !ok {
				return
			}
			if ec.Item != tc.item || ec.Price != tc.price || ec.Grams != tc.grams {
				t.Errorf("got %+v", ec)
			}
			if tc.keys != nil && (len(ec.Keys) != 2 || ec.Keys[0] != tc.keys[0] || ec.Keys[1] != tc.keys[1]) {
				t.Errorf("keys %v, want %v", ec.Keys, tc.keys)
			}
		})
	}
	if _, _, err := ParseEmbedded(ean13("251234500100"), []EmbeddedRule{{Prefix: "25", Kind: EmbeddedPrice, ItemDigits: 5, ValueDigits: 4}}); ErrorCode(err) != EINVALID {
		t.Errorf("a rule of 12 digits was accepted: %v", err)
	}
}

func FuzzParseEmbedded(f *testing.F) {
	for _, s := range []string{ean13("211234500499"), ean13("221234501250"), "2112345004991", "8410001000015", "", "2", "22222222222222"} {
		f.Add(s)
	}
	rules := []EmbeddedRule{
		{Prefix: "21", Kind: EmbeddedPrice, ItemDigits: 5, ValueDigits: 5},
		{Prefix: "22", Kind: EmbeddedWeight, ItemDigits: 5, ValueDigits: 5},
		{Prefix: "23", Kind: EmbeddedPrice, ItemDigits: 4, ValueDigits: 5, PriceCheck: true},
	}
	f.Fuzz(func(t *testing.T, code string) {
		ec, ok, err := ParseEmbedded(code, rules)
		if err != nil && ErrorCode(err) != EINVALID {
			t.Fatalf("error without a domain code: %v", err)
		}
		if !ok {
			return
		}
		if err != nil || !ValidGTIN(code) || len(code) != 13 {
			t.Fatalf("accepted %q: %v", code, err)
		}
		if (ec.Price <= 0) == (ec.Grams <= 0) || ec.Price > 99999 || ec.Grams > 100_000 {
			t.Fatalf("%q: price %d grams %d", code, ec.Price, ec.Grams)
		}
		if len(ec.Keys) != 2 || !ValidGTIN(ec.Keys[1]) || len(ec.Keys[1]) != 14 {
			t.Fatalf("%q: keys %v", code, ec.Keys)
		}
	})
}
