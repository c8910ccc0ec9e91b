// Package customerimport reads a file of customer summaries (pos.Customer),
// CSV or NDJSON, for central's admin import: every row is checked and a
// file with any rejected row is reported line by line and imported not at
// all (the catalog import's rules and report, sync/catalogimport).
package customerimport

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
	"github.com/omnilane/omnilane/sync/catalogimport"
)

// MaxRows is the most customers one file may hold (they are checked in memory).
const MaxRows = 1_000_000

// columns of the CSV, and which must be present in the header.
var columns = map[string]bool{
	"id": true, "name": true,
	"home_store": false, "phone": false, "email": false, "tier": false, "points": false, "credit_account": false,
}

// Parse reads a whole file. It returns the customers when every row is
// good, and the report (rows, rejected, errors) either way.
func Parse(r io.Reader, f catalogimport.Format) ([]pos.Customer, *catalogimport.Report, error) {
	rep := &catalogimport.Report{}
	var out []pos.Customer
	ids := map[string]int{}
	reject := func(errs ...catalogimport.RowError) {
		rep.Rejected++
		for _, e := range errs {
			if len(rep.Errors) < catalogimport.MaxReported {
				rep.Errors = append(rep.Errors, e)
			}
		}
	}
	row := func(line int, c pos.Customer, errs []catalogimport.RowError) {
		rep.Rows++
		if len(errs) == 0 {
			if err := c.Validate(); err != nil {
				errs = append(errs, catalogimport.RowError{Line: line, Reason: err.Error()})
			}
		}
		if c.ID != "" {
			if first, dup := ids[c.ID]; dup {
				errs = append(errs, catalogimport.RowError{Line: line, Field: "id", Reason: fmt.Sprintf("%q is also on line %d", c.ID, first)})
			} else {
				ids[c.ID] = line
			}
		}
		if rep.Rows > MaxRows {
			errs = append(errs, catalogimport.RowError{Line: line, Reason: fmt.Sprintf("more than %d customers in one file: split it", MaxRows)})
		}
		if len(errs) > 0 {
			reject(errs...)
			out = nil
			return
		}
		if rep.Rejected == 0 {
			out = append(out, c)
		}
	}
	var err error
	switch f {
	case catalogimport.CSV:
		err = scanCSV(r, row, reject)
	case catalogimport.NDJSON:
		err = scanNDJSON(r, row)
	default:
		return nil, nil, fmt.Errorf("unknown format %q", f)
	}
	if err != nil {
		return nil, nil, err
	}
	if !rep.OK() {
		return nil, rep, nil
	}
	return out, rep, nil
}

func scanNDJSON(r io.Reader, row func(int, pos.Customer, []catalogimport.RowError)) error {
	br := bufio.NewReaderSize(r, 1<<16)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			var c pos.Customer
			var errs []catalogimport.RowError
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if derr := dec.Decode(&c); derr != nil {
				errs = []catalogimport.RowError{{Line: line, Reason: "not a customer object: " + derr.Error()}}
			} else if dec.More() {
				errs = []catalogimport.RowError{{Line: line, Reason: "more than one JSON value on the line"}}
			}
			row(line, c, errs)
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read customers, line %d: %w", line, err)
		}
	}
}

func scanCSV(r io.Reader, row func(int, pos.Customer, []catalogimport.RowError), reject func(...catalogimport.RowError)) error {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<16))
	header, err := cr.Read()
	if err != nil {
		reject(catalogimport.RowError{Line: 1, Reason: "cannot read the header: " + err.Error()})
		return nil
	}
	col := map[string]int{}
	var herrs []catalogimport.RowError
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, known := columns[h]; !known {
			herrs = append(herrs, catalogimport.RowError{Line: 1, Field: h, Reason: "unknown column"})
			continue
		}
		if _, dup := col[h]; dup {
			herrs = append(herrs, catalogimport.RowError{Line: 1, Field: h, Reason: "column appears twice"})
		}
		col[h] = i
	}
	for _, c := range []string{"id", "name"} {
		if _, ok := col[c]; !ok {
			herrs = append(herrs, catalogimport.RowError{Line: 1, Field: c, Reason: "required column missing"})
		}
	}
	if len(herrs) > 0 {
		reject(herrs...)
		return nil
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			row(max(line, 2), pos.Customer{}, []catalogimport.RowError{{Line: max(line, 2), Reason: err.Error()}})
			if pe != nil && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			return nil // the rest of the file cannot be read reliably
		}
		line, _ := cr.FieldPos(0)
		get := func(c string) string {
			if i, ok := col[c]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		c := pos.Customer{ID: get("id"), HomeStore: get("home_store"), Name: get("name"), Phone: get("phone"),
			Email: get("email"), Tier: get("tier"), CreditAccount: get("credit_account")}
		var errs []catalogimport.RowError
		if v := get("points"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				errs = append(errs, catalogimport.RowError{Line: line, Field: "points", Reason: fmt.Sprintf("%q is not a whole number", v)})
			}
			c.Points = n
		}
		row(line, c, errs)
	}
}
