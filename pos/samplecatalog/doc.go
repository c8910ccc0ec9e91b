// Package samplecatalog generates a deterministic sample catalog for demos,
// tests and benchmarks: packaged groceries with Spanish and English names,
// EAN-13 barcodes with valid check digits (stored as GTIN-14), prices in EUR
// cents including IVA at 21 %, 10 % or 4 %, categories, and a few fruits and
// vegetables sold by weight under 4- and 5-digit PLUs.
//
// Product i is always the same product, so a lane and central that both
// generate n products agree. Up to Capacity distinct products can be made;
// Each and Seq stream them so a million never sit in memory at once.
package samplecatalog
