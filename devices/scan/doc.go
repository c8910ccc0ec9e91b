// Package scan turns the bytes a barcode scanner sends into one typed Scan:
// the symbology (from the AIM identifier such as "]E0", "]C1", "]d2", "]Q3"),
// the raw data and its parsed content: GTINs with check digits (UPC-E
// expanded), GS1 element strings (FNC1 sent as GS), GS1 Digital Link URIs,
// and price- or weight-embedded EAN-13 codes (prefix 2x) under a configured
// national rule. Malformed input gives an *Error with a reason, never a panic.
//
// The package is pure logic: transports (serial, HID, keyboard wedge) hand it
// the scan string.
package scan
