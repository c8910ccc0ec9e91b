package pos

import "strings"

// GTINCheckDigit computes the GS1 mod-10 check digit of digits (the code
// without its check digit). It returns -1 if digits holds a non-digit.
func GTINCheckDigit(digits string) int {
	sum := 0
	for i := 0; i < len(digits); i++ {
		c := digits[len(digits)-1-i]
		if c < '0' || c > '9' {
			return -1
		}
		d := int(c - '0')
		if i%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return (10 - sum%10) % 10
}

// ValidGTIN reports whether code is all digits with a correct check digit.
func ValidGTIN(code string) bool {
	if len(code) < 2 {
		return false
	}
	want := GTINCheckDigit(code[:len(code)-1])
	return want >= 0 && int(code[len(code)-1]-'0') == want
}

// ExpandUPCE expands an 8-digit UPC-E code (number system 0 or 1, with check
// digit) to its 12-digit UPC-A form.
func ExpandUPCE(code string) (string, error) {
	if len(code) != 8 || (code[0] != '0' && code[0] != '1') {
		return "", Errorf(EINVALID, "%q is not a UPC-E code", code)
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return "", Errorf(EINVALID, "%q is not a UPC-E code", code)
		}
	}
	ns, d, check := code[0:1], code[1:7], code[7:8]
	var body string
	switch d[5] {
	case '0', '1', '2':
		body = d[0:2] + d[5:6] + "0000" + d[2:5]
	case '3':
		body = d[0:3] + "00000" + d[3:5]
	case '4':
		body = d[0:4] + "00000" + d[4:5]
	default:
		body = d[0:5] + "0000" + d[5:6]
	}
	upca := ns + body + check
	if !ValidGTIN(upca) {
		return "", Reasonf(EINVALID, RBadCheckDigit, "UPC-E %q has a wrong check digit", code)
	}
	return upca, nil
}

// NormalizeGTIN turns a scanned or typed EAN-8, UPC-A, EAN-13 or GTIN-14 into
// the 14-digit GTIN used as the catalog key, validating its check digit. An
// 8-digit code that is a valid EAN-8 is read as EAN-8; otherwise as UPC-E.
func NormalizeGTIN(code string) (string, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return "", Errorf(EINVALID, "empty barcode")
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return "", Errorf(EINVALID, "barcode %q has a character that is not a digit", code)
		}
	}
	switch len(code) {
	case 8:
		if ValidGTIN(code) {
			return "000000" + code, nil
		}
		upca, err := ExpandUPCE(code)
		if err != nil {
			return "", Reasonf(EINVALID, RBadCheckDigit, "barcode %q has a wrong check digit", code)
		}
		return "00" + upca, nil
	case 12, 13, 14:
		if !ValidGTIN(code) {
			return "", Reasonf(EINVALID, RBadCheckDigit, "barcode %q has a wrong check digit", code)
		}
		return strings.Repeat("0", 14-len(code)) + code, nil
	}
	return "", Errorf(EINVALID, "barcode %q has %d digits; expected 8, 12, 13 or 14", code, len(code))
}

// LookupKeys returns the catalog keys a typed or scanned code may be stored
// under: its GTIN-14 when it is a valid GTIN, and the code itself (a PLU or a
// store's own code) otherwise.
func LookupKeys(code string) ([]string, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return nil, Errorf(EINVALID, "empty code")
	}
	if len(code) <= 5 {
		for _, r := range code {
			if r < '0' || r > '9' {
				return nil, Reasonf(EINVALID, RNotACode, "code %q is not a number", code)
			}
		}
		return []string{code}, nil // PLU
	}
	g, err := NormalizeGTIN(code)
	if err != nil {
		return nil, err
	}
	keys := []string{g}
	if len(code) == 8 { // an 8-digit code may be an EAN-8 or a UPC-E
		if upca, err := ExpandUPCE(code); err == nil && "00"+upca != g {
			keys = append(keys, "00"+upca)
		}
	}
	return keys, nil
}
