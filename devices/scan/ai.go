package scan

// aiSpec describes a GS1 Application Identifier's value.
type aiSpec struct {
	name    string
	fixed   int  // fixed value length, 0 when variable
	max     int  // maximum value length when variable
	numeric bool // digits only
}

// aiLength returns how many digits the AI starting the string has, from its
// first two digits (GS1 General Specifications, figure 3.2-1 rules).
func aiLength(two string) int {
	switch {
	case two <= "22", two == "30", two == "37", two >= "90":
		return 2
	case two == "23", two == "24", two == "25", two == "40", two == "41", two == "42":
		return 3
	}
	return 4
}

// predefinedLength holds the AIs whose total length (AI + value) is fixed and
// which therefore need no FNC1 after them, keyed by the first two digits.
func predefinedLength(two string) int {
	switch two {
	case "00":
		return 20
	case "01", "02", "03":
		return 16
	case "04":
		return 18
	case "11", "12", "13", "14", "15", "16", "17", "18", "19":
		return 8
	case "20":
		return 4
	case "31", "32", "33", "34", "35", "36":
		return 10
	case "41":
		return 16
	}
	return 0
}

// lookupAI returns the spec of a known AI; unknown AIs get a permissive spec.
func lookupAI(ai string) (aiSpec, bool) {
	switch ai {
	case "00":
		return aiSpec{"SSCC", 18, 0, true}, true
	case "01":
		return aiSpec{"GTIN", 14, 0, true}, true
	case "02":
		return aiSpec{"CONTENT", 14, 0, true}, true
	case "10":
		return aiSpec{"BATCH/LOT", 0, 20, false}, true
	case "11":
		return aiSpec{"PROD DATE", 6, 0, true}, true
	case "13":
		return aiSpec{"PACK DATE", 6, 0, true}, true
	case "15":
		return aiSpec{"BEST BEFORE", 6, 0, true}, true
	case "16":
		return aiSpec{"SELL BY", 6, 0, true}, true
	case "17":
		return aiSpec{"USE BY OR EXPIRY", 6, 0, true}, true
	case "20":
		return aiSpec{"VARIANT", 2, 0, true}, true
	case "21":
		return aiSpec{"SERIAL", 0, 20, false}, true
	case "22":
		return aiSpec{"CPV", 0, 20, false}, true
	case "30":
		return aiSpec{"VAR. COUNT", 0, 8, true}, true
	case "37":
		return aiSpec{"COUNT", 0, 8, true}, true
	case "240":
		return aiSpec{"ADDITIONAL ID", 0, 30, false}, true
	case "241":
		return aiSpec{"CUST. PART No.", 0, 30, false}, true
	case "400":
		return aiSpec{"ORDER NUMBER", 0, 30, false}, true
	case "414":
		return aiSpec{"LOC No.", 13, 0, true}, true
	case "422":
		return aiSpec{"ORIGIN", 3, 0, true}, true
	case "8200":
		return aiSpec{"PRODUCT URL", 0, 70, false}, true
	}
	if len(ai) == 4 {
		switch ai[:3] {
		case "310":
			return aiSpec{"NET WEIGHT (kg)", 6, 0, true}, true
		case "320":
			return aiSpec{"NET WEIGHT (lb)", 6, 0, true}, true
		case "330":
			return aiSpec{"GROSS WEIGHT (kg)", 6, 0, true}, true
		case "392":
			return aiSpec{"PRICE", 0, 15, true}, true
		case "393":
			return aiSpec{"PRICE + ISO", 0, 18, true}, true
		case "394":
			return aiSpec{"PRCNT OFF", 4, 0, true}, true
		}
	}
	if fixed := predefinedLength(ai[:2]); fixed > 0 {
		return aiSpec{"AI " + ai, fixed - len(ai), 0, true}, false
	}
	return aiSpec{"AI " + ai, 0, 90, false}, false
}
