package catalogimport

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/omnilane/omnilane/pos"
)

// Format is a catalog file format.
type Format string

// Formats.
const (
	CSV    Format = "csv"
	NDJSON Format = "ndjson"
)

// FormatOf picks a format from a file name or content type.
func FormatOf(nameOrType string) (Format, error) {
	s := strings.ToLower(nameOrType)
	switch {
	case strings.HasSuffix(s, ".csv"), strings.Contains(s, "text/csv"):
		return CSV, nil
	case strings.HasSuffix(s, ".ndjson"), strings.HasSuffix(s, ".jsonl"), strings.Contains(s, "ndjson"), strings.Contains(s, "jsonl"):
		return NDJSON, nil
	}
	return "", fmt.Errorf("%q is neither CSV (.csv, text/csv) nor NDJSON (.ndjson, application/x-ndjson)", nameOrType)
}

// row is a parsed product and the line it came from, or its errors.
type row struct {
	line int
	p    pos.Product
	errs []RowError
}

// scan reads a file row by row, calling fn for each. A read error that
// stops the file is returned as a row error on the line where it happened.
func scan(r io.Reader, f Format, fn func(row) error) error {
	switch f {
	case CSV:
		return scanCSV(r, fn)
	case NDJSON:
		return scanNDJSON(r, fn)
	}
	return fmt.Errorf("unknown format %q", f)
}

// columns of the CSV, and which must be present in the header.
var columns = map[string]bool{
	"sku": true, "name": true, "price": true, "tax_rate": true,
	"name_en": false, "barcodes": false, "currency": false, "by_weight": false, "category": false, "age_restricted": false,
}

func scanCSV(r io.Reader, fn func(row) error) error {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<16))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fn(row{line: 1, errs: []RowError{{Line: 1, Reason: "cannot read the header: " + err.Error()}}})
	}
	col := map[string]int{}
	var herrs []RowError
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, known := columns[h]; !known {
			herrs = append(herrs, RowError{Line: 1, Field: h, Reason: "unknown column"})
			continue
		}
		if _, dup := col[h]; dup {
			herrs = append(herrs, RowError{Line: 1, Field: h, Reason: "column appears twice"})
		}
		col[h] = i
	}
	for c, required := range columns {
		if _, ok := col[c]; required && !ok {
			herrs = append(herrs, RowError{Line: 1, Field: c, Reason: "required column missing"})
		}
	}
	if len(herrs) > 0 {
		return fn(row{line: 1, errs: herrs})
	}
	lastLine := 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			line := lastLine + 1
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			if err := fn(row{line: line, errs: []RowError{{Line: line, Reason: err.Error()}}}); err != nil {
				return err
			}
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			return nil // the rest of the file cannot be read reliably
		}
		line, _ := cr.FieldPos(0)
		lastLine = line
		get := func(c string) string {
			if i, ok := col[c]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if err := fn(csvRow(line, get)); err != nil {
			return err
		}
	}
}

func csvRow(line int, get func(string) string) row {
	rw := row{line: line}
	bad := func(field, format string, args ...any) {
		rw.errs = append(rw.errs, RowError{Line: line, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	p := pos.Product{SKU: get("sku"), Name: get("name"), NameEN: get("name_en"), Category: get("category"), Currency: strings.ToUpper(get("currency"))}
	if p.Currency == "" {
		p.Currency = "EUR"
	}
	cur, err := pos.CurrencyByCode(p.Currency)
	if err != nil {
		bad("currency", "unknown currency %q", p.Currency)
	} else if v := get("price"); v == "" {
		bad("price", "missing")
	} else if m, err := cur.ParseMoney(v); err != nil {
		bad("price", "%q is not an amount in %s (e.g. 2.89): %v", v, cur.Code, err)
	} else {
		p.Price = m
	}
	if v := get("tax_rate"); v == "" {
		bad("tax_rate", "missing (basis points: 2100 is 21 %%)")
	} else if n, err := strconv.Atoi(v); err != nil {
		bad("tax_rate", "%q is not a whole number of basis points (2100 is 21 %%)", v)
	} else {
		p.TaxRate = n
	}
	for _, f := range []struct {
		name string
		dst  *bool
	}{{"by_weight", &p.ByWeight}, {"age_restricted", &p.AgeRestricted}} {
		v, err := parseBool(get(f.name))
		if err != nil {
			bad(f.name, "%v", err)
		}
		*f.dst = v
	}
	if v := get("barcodes"); v != "" {
		p.Barcodes = strings.Split(v, "|")
	}
	rw.p = p
	rw.errs = append(rw.errs, check(line, &rw.p)...)
	return rw
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "", "0", "false", "no", "n":
		return false, nil
	case "1", "true", "yes", "y", "si", "sí":
		return true, nil
	}
	return false, fmt.Errorf("%q is not true or false", v)
}

func scanNDJSON(r io.Reader, fn func(row) error) error {
	br := bufio.NewReaderSize(r, 1<<16)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			rw := row{line: line}
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if derr := dec.Decode(&rw.p); derr != nil {
				rw.errs = []RowError{{Line: line, Reason: "not a product object: " + derr.Error()}}
			} else if dec.More() {
				rw.errs = []RowError{{Line: line, Reason: "more than one JSON value on the line"}}
			} else {
				rw.errs = check(line, &rw.p)
			}
			if ferr := fn(rw); ferr != nil {
				return ferr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fn(row{line: line, errs: []RowError{{Line: line, Reason: "read: " + err.Error()}}})
		}
	}
}

// check validates a product the way a lane needs it and normalises its
// barcodes to GTIN-14 (PLUs of up to 5 digits stay as they are).
func check(line int, p *pos.Product) []RowError {
	var errs []RowError
	bad := func(field, format string, args ...any) {
		errs = append(errs, RowError{Line: line, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	if p.SKU == "" {
		bad("sku", "missing")
	} else if len(p.SKU) > 64 || strings.ContainsAny(p.SKU, " \t|") {
		bad("sku", "%q must be at most 64 characters without spaces or |", p.SKU)
	}
	if p.Name == "" {
		bad("name", "missing")
	}
	if p.Price < 0 {
		bad("price", "negative")
	}
	if p.TaxRate < 0 || p.TaxRate > 10000 {
		bad("tax_rate", "%d is outside 0..10000 basis points", p.TaxRate)
	}
	if _, err := pos.CurrencyByCode(p.Currency); err != nil {
		bad("currency", "unknown currency %q", p.Currency)
	}
	for i, b := range p.Barcodes {
		b = strings.TrimSpace(b)
		keys, err := pos.LookupKeys(b)
		if err != nil {
			bad("barcodes", "%q: %v", b, err)
			continue
		}
		p.Barcodes[i] = keys[0]
	}
	return errs
}
