package scan

import (
	"errors"
	"testing"
	"time"
)

func opts() Options {
	return Options{
		Embedded: []EmbeddedRule{
			{Prefix: "21", Kind: EmbeddedPrice, ItemDigits: 5, ValueDigits: 5, Decimals: 2},
			{Prefix: "22", Kind: EmbeddedWeight, ItemDigits: 5, ValueDigits: 5, Decimals: 3},
		},
		Now: func() time.Time { return time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC) },
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		check func(Scan) bool
	}{
		{"EAN-13", "]E04006381333931", func(s Scan) bool { return s.Symbology == EAN13 && s.GTIN == "04006381333931" && s.AIM == "]E0" }},
		{"EAN-13 no AIM", "4006381333931", func(s Scan) bool { return s.Symbology == EAN13 && s.GTIN == "04006381333931" && s.AIM == "" }},
		{"EAN-8", "]E496385074", func(s Scan) bool { return s.Symbology == EAN8 && s.GTIN == "00000096385074" }},
		{"UPC-E as ]E0", "]E004252614", func(s Scan) bool { return s.Symbology == UPCE && s.GTIN == "00042100005264" }},
		{"UPC-E no AIM", "04252614", func(s Scan) bool { return s.Symbology == UPCE && s.GTIN == "00042100005264" }},
		{"UPC-A", "]E0042100005264", func(s Scan) bool { return s.Symbology == UPCA && s.GTIN == "00042100005264" }},
		{"GS1-128", "]C1010950600013435217270531" + "10ABC123\x1d3103000500", func(s Scan) bool {
			return s.Symbology == GS1128 && s.GTIN == "09506000134352" && s.Batch == "ABC123" &&
				s.Expiry.String() == "2027-05-31" && s.NetWeightMG == 500_000 && len(s.Elements) == 4
		}},
		{"GS1 DataMatrix end-of-month and price", "]d2\x1d01095060001343521726050010LOT7\x1d3922199", func(s Scan) bool {
			return s.Symbology == GS1DataMatrix && s.Expiry.String() == "2026-05-31" && s.Batch == "LOT7" && s.PriceMinor == 199 && s.PriceCurrency == ""
		}},
		{"GS1 QR with ISO price", "]Q301095060001343523932978" + "1299", func(s Scan) bool {
			return s.Symbology == GS1QR && s.PriceCurrency == "978" && s.PriceMinor == 1299
		}},
		{"GS1 price with fewer decimals", "]C1010950600013435239211299", func(s Scan) bool { return s.PriceMinor == 129_90 }},
		{"bracketed GS1", "(01)09506000134352(17)270531(21)S/N 1", func(s Scan) bool {
			return s.GTIN == "09506000134352" && s.Serial == "S/N 1" && s.Expiry.Day == 31
		}},
		{"FNC1 as leading GS, no AIM", "\x1d0109506000134352", func(s Scan) bool { return s.Symbology == GS1128 && s.GTIN == "09506000134352" }},
		{"Digital Link", "]Q1https://id.gs1.org/01/09506000134352/10/ABC%2F1?17=270531&3103=000250&linkType=gs1:pip", func(s Scan) bool {
			return s.DigitalLink && s.GTIN == "09506000134352" && s.Batch == "ABC/1" && s.Expiry.String() == "2027-05-31" && s.NetWeightMG == 250_000
		}},
		{"Digital Link GTIN-13 padded, custom domain and prefix", "https://shop.example.es/dl/01/4006381333931", func(s Scan) bool {
			return s.DigitalLink && s.GTIN == "04006381333931"
		}},
		{"plain URL", "]Q1https://example.com/menu", func(s Scan) bool { return !s.DigitalLink && s.Data == "https://example.com/menu" && s.GTIN == "" }},
		{"Code 128 text", "]C0ABC-123", func(s Scan) bool { return s.Symbology == Code128 && s.Data == "ABC-123" }},
		{"embedded price", "]E02112345012346", func(s Scan) bool {
			e := s.Embedded
			return e != nil && e.PriceMinor == 1234 && e.ItemCode == "2112345" && s.GTIN == "02112345000008" && e.LookupGTIN == s.GTIN
		}},
		{"embedded weight", "2200042012506", func(s Scan) bool {
			e := s.Embedded
			return e != nil && e.Grams == 1250 && e.Milligrams == 1_250_000 && s.GTIN == "02200042000008"
		}},
		{"2x with no matching rule is a plain in-store code", "2012345678903", func(s Scan) bool { return s.Embedded == nil && s.GTIN == "02012345678903" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.raw, opts())
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(s) {
				t.Fatalf("unexpected scan %+v", s)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want error
	}{
		{"empty", "", ErrEmpty},
		{"AIM only", "]E0", ErrEmpty},
		{"EAN-13 check digit", "]E04006381333932", ErrCheckDigit},
		{"UPC-E check digit", "]E004252615", ErrCheckDigit},
		{"EAN letters", "]E0400638133393X", ErrMalformed},
		{"GS1 short GTIN", "]C101123", ErrMalformed},
		{"GS1 GTIN check", "]C10109506000134353", ErrCheckDigit},
		{"GS1 month 13", "]C1010950600013435217271301", ErrMalformed},
		{"GS1 30 February", "]C1010950600013435217270230", ErrMalformed},
		{"GS1 not an AI", "]C1AB", ErrMalformed},
		{"GS1 batch too long", "]C110" + "123456789012345678901", ErrMalformed},
		{"GS1 weight letters", "]C13103ABCDEF", ErrMalformed},
		{"GS1 empty variable", "]C110\x1d21X", ErrMalformed},
		{"bracket unclosed", "(01", ErrMalformed},
		{"Digital Link bad GTIN", "https://id.gs1.org/01/09506000134353", ErrCheckDigit},
		{"Digital Link dangling AI", "https://id.gs1.org/01/09506000134352/10", ErrMalformed},
		{"Digital Link wrong qualifier", "https://id.gs1.org/01/09506000134352/17/270531", ErrMalformed},
		{"add-on", "]E3400638133393112", ErrUnsupported},
		{"too many price decimals", "]C1010950600013435239231299", ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.raw, opts())
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Reason == "" {
				t.Fatalf("error %v has no reason", err)
			}
		})
	}
}

func TestEmbeddedRuleValidate(t *testing.T) {
	tests := []struct {
		rule EmbeddedRule
		ok   bool
	}{
		{EmbeddedRule{Prefix: "21", Kind: EmbeddedPrice, ItemDigits: 5, ValueDigits: 5, Decimals: 2}, true},
		{EmbeddedRule{Prefix: "2", Kind: EmbeddedWeight, ItemDigits: 6, ValueDigits: 5, Decimals: 3}, true},
		{EmbeddedRule{Prefix: "31", Kind: EmbeddedPrice, ItemDigits: 5, ValueDigits: 5}, false},
		{EmbeddedRule{Prefix: "21", Kind: "volume", ItemDigits: 5, ValueDigits: 5}, false},
		{EmbeddedRule{Prefix: "21", Kind: EmbeddedPrice, ItemDigits: 4, ValueDigits: 5}, false},
	}
	for _, tt := range tests {
		if err := tt.rule.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v: %v", tt.rule, err)
		}
	}
}

func TestDateCentury(t *testing.T) {
	tests := []struct {
		v    string
		ref  int
		want string
	}{
		{"270531", 2026, "2027-05-31"},
		{"991231", 2026, "1999-12-31"},
		{"760101", 2026, "2076-01-01"},
		{"770101", 2026, "1977-01-01"},
		{"010101", 2099, "2101-01-01"},
		{"240200", 2026, "2024-02-29"},
	}
	for _, tt := range tests {
		d, err := parseDate(tt.v, tt.ref)
		if err != nil || d.String() != tt.want {
			t.Errorf("parseDate(%s, %d) = %v, %v; want %s", tt.v, tt.ref, d, err, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"]E04006381333931", "]E004252614", "]C1010950600013435217270531" + "10ABC123\x1d3103000500",
		"]d2\x1d01095060001343521726050010LOT7\x1d3922199", "(01)09506000134352(17)270531",
		"https://id.gs1.org/01/09506000134352/10/ABC%2F1?17=270531", "2112345012346", "]Q3", "]C1\x1d\x1d",
	} {
		f.Add(s)
	}
	o := opts()
	f.Fuzz(func(t *testing.T, raw string) {
		s, err := Parse(raw, o)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Reason == "" || e.Err == nil {
				t.Fatalf("error %v (%T) is not a reasoned *Error", err, err)
			}
			return
		}
		if s.GTIN != "" && (len(s.GTIN) != 14 || !ValidCheckDigit(s.GTIN)) {
			t.Fatalf("invalid GTIN %q from %q", s.GTIN, raw)
		}
	})
}
