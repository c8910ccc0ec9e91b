package pos

import "testing"

func TestCurrencyFormatAndParse(t *testing.T) {
	for _, tc := range []struct {
		m      Money
		es, en string
	}{
		{0, "0,00 €", "€0.00"}, {5, "0,05 €", "€0.05"}, {1250, "12,50 €", "€12.50"},
		{-302, "-3,02 €", "-€3.02"}, {123456789, "1.234.567,89 €", "€1,234,567.89"},
	} {
		if got := EUR.Format(tc.m, "es"); got != tc.es {
			t.Errorf("es %d = %q, want %q", tc.m, got, tc.es)
		}
		if got := EUR.Format(tc.m, "en"); got != tc.en {
			t.Errorf("en %d = %q, want %q", tc.m, got, tc.en)
		}
	}
	for _, tc := range []struct {
		in   string
		want Money
		ok   bool
	}{{"12,5", 1250, true}, {"12.50", 1250, true}, {"7", 700, true}, {"0.001", 0, false}, {"abc", 0, false}, {"", 0, false}, {"-1", -100, true}} {
		got, err := EUR.ParseMoney(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	chf, _ := CurrencyByCode("CHF")
	for in, want := range map[Money]Money{1002: 1000, 1003: 1005, 1007: 1005, 1008: 1010} {
		if got := chf.RoundCash(in); got != want {
			t.Errorf("CHF round %d = %d, want %d", in, got, want)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1", "1.5", "-0,01", "99999999999999", "1e5", "..", "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := EUR.ParseMoney(s)
		if err != nil {
			return
		}
		back, err := EUR.ParseMoney(EUR.Plain(m))
		if err != nil || back != m {
			t.Fatalf("%q → %d → %q → %d, %v", s, m, EUR.Plain(m), back, err)
		}
	})
}
