package scan

// CheckDigit returns the GS1 mod-10 check digit for digits (the code without
// its check digit), or -1 if digits has a non-digit or is empty.
func CheckDigit(digits string) int {
	if digits == "" {
		return -1
	}
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

// ValidCheckDigit reports whether code (digits ending in its check digit) is valid.
func ValidCheckDigit(code string) bool {
	if len(code) < 2 {
		return false
	}
	c := code[len(code)-1]
	return c >= '0' && c <= '9' && CheckDigit(code[:len(code)-1]) == int(c-'0')
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ExpandUPCE expands an 8-digit UPC-E code (number system 0 or 1, with check
// digit) to its 12-digit UPC-A form, checking the check digit.
func ExpandUPCE(code string) (string, error) {
	if len(code) != 8 || !allDigits(code) || (code[0] != '0' && code[0] != '1') {
		return "", errorf(code, ErrMalformed, "UPC-E needs 8 digits starting with 0 or 1")
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
	if !ValidCheckDigit(upca) {
		return "", errorf(code, ErrCheckDigit, "UPC-E check digit %s is wrong (expanded %s)", check, upca)
	}
	return upca, nil
}

// GTIN14 pads a valid GTIN-8, -12, -13 or -14 to 14 digits after checking it.
func GTIN14(code string) (string, error) {
	switch len(code) {
	case 8, 12, 13, 14:
	default:
		return "", errorf(code, ErrMalformed, "a GTIN has 8, 12, 13 or 14 digits, not %d", len(code))
	}
	if !allDigits(code) {
		return "", errorf(code, ErrMalformed, "a GTIN has digits only")
	}
	if !ValidCheckDigit(code) {
		return "", errorf(code, ErrCheckDigit, "GTIN check digit should be %d", CheckDigit(code[:len(code)-1]))
	}
	return "000000"[:14-len(code)] + code, nil
}
