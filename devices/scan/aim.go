package scan

import "strings"

// Symbology names a barcode type.
type Symbology string

// Symbologies reported by Parse.
const (
	Unknown       Symbology = "unknown"
	EAN13         Symbology = "EAN-13"
	EAN8          Symbology = "EAN-8"
	UPCA          Symbology = "UPC-A"
	UPCE          Symbology = "UPC-E"
	EANAddOn      Symbology = "EAN/UPC with add-on"
	Code128       Symbology = "Code 128"
	GS1128        Symbology = "GS1-128"
	Code39        Symbology = "Code 39"
	Code93        Symbology = "Code 93"
	Codabar       Symbology = "Codabar"
	ITF           Symbology = "ITF"
	QR            Symbology = "QR Code"
	GS1QR         Symbology = "GS1 QR Code"
	DataMatrix    Symbology = "Data Matrix"
	GS1DataMatrix Symbology = "GS1 DataMatrix"
	GS1DataBar    Symbology = "GS1 DataBar"
	PDF417        Symbology = "PDF417"
	Aztec         Symbology = "Aztec"
)

// GS1 reports whether data in this symbology is a GS1 element string.
func (s Symbology) GS1() bool {
	return s == GS1128 || s == GS1QR || s == GS1DataMatrix || s == GS1DataBar
}

// SplitAIM splits an AIM symbology identifier ("]" + code letter + modifier)
// off the front of raw. It returns the symbology, the identifier ("" when raw
// has none) and the rest.
func SplitAIM(raw string) (Symbology, string, string) {
	if len(raw) < 3 || raw[0] != ']' {
		return Unknown, "", raw
	}
	aim, rest := raw[:3], raw[3:]
	code, mod := raw[1], raw[2]
	switch code {
	case 'E':
		switch mod {
		case '0':
			return EAN13, aim, rest // refined by length: UPC-A/UPC-E are sent as ]E0 too
		case '4':
			return EAN8, aim, rest
		case '1', '2', '3':
			return EANAddOn, aim, rest
		}
	case 'C':
		if mod == '1' {
			return GS1128, aim, rest
		}
		return Code128, aim, rest
	case 'A':
		return Code39, aim, rest
	case 'G':
		return Code93, aim, rest
	case 'F':
		return Codabar, aim, rest
	case 'I':
		return ITF, aim, rest
	case 'Q':
		if mod == '3' || mod == '4' {
			return GS1QR, aim, rest
		}
		return QR, aim, rest
	case 'd':
		if mod == '2' || mod == '3' {
			return GS1DataMatrix, aim, rest
		}
		return DataMatrix, aim, rest
	case 'e':
		return GS1DataBar, aim, rest
	case 'L':
		return PDF417, aim, rest
	case 'z':
		return Aztec, aim, rest
	}
	if strings.ContainsRune("BHJKMNOPRSTUVWXYZabcfghijklmnopqrstuvwxy", rune(code)) {
		return Unknown, aim, rest
	}
	return Unknown, "", raw
}
