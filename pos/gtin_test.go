package pos

import "testing"

func TestNormalizeGTIN(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"8410001000015", "08410001000015", ""},
		{"036000291452", "00036000291452", ""},   // UPC-A
		{"00036000291452", "00036000291452", ""}, // GTIN-14
		{"96385074", "00000096385074", ""},       // EAN-8
		{"01234565", "00000001234565", ""},       // valid as EAN-8, so read as EAN-8
		{"8410001000016", "", "check digit"},
		{"84100010000", "", "digits"},
		{"84100O1000015", "", "not a digit"},
		{"", "", "empty"},
	} {
		got, err := NormalizeGTIN(tc.in)
		if tc.err != "" {
			if err == nil || !contains(err.Error(), tc.err) {
				t.Errorf("%q: err %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestUPCEAndLookupKeys(t *testing.T) {
	if got, err := ExpandUPCE("01234565"); err != nil || got != "012345000065" {
		t.Errorf("ExpandUPCE = %q, %v", got, err)
	}
	keys, err := LookupKeys("01234565")
	if err != nil || len(keys) != 2 || keys[1] != "00012345000065" {
		t.Errorf("an 8-digit code must be looked up as EAN-8 and as UPC-E: %v, %v", keys, err)
	}
	if keys, err := LookupKeys("4011"); err != nil || len(keys) != 1 || keys[0] != "4011" {
		t.Errorf("PLU keys = %v, %v", keys, err)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func FuzzLookupKeys(f *testing.F) {
	for _, s := range []string{"8410001000015", "4011", "01234565", "12345670", "x", "0000000000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		keys, err := LookupKeys(s)
		if err != nil {
			return
		}
		for _, k := range keys {
			if len(k) > 5 && (len(k) != 14 || !ValidGTIN(k)) {
				t.Fatalf("%q gave key %q that is not a valid GTIN-14", s, k)
			}
		}
	})
}
