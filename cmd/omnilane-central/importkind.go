package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/omnilane/omnilane/sync/catalogimport"
)

// What an -import file holds.
const (
	kindCatalog   = "catalog"
	kindCustomers = "customers"
)

// sniffBytes is how much of a file importKind looks at.
const sniffBytes = 64 << 10

// importKind tells a catalog file from a customers file by its first
// record, without consuming r: a CSV header or the first NDJSON object
// with a "sku" is a catalog (sync/IMPORT.md), one with an "id" and no
// "sku" is customers. An empty file, or a first record that does not
// parse, is taken as a catalog, whose import reports the problem line by
// line as before; a well-formed record with neither column is an error.
func importKind(r *bufio.Reader, f catalogimport.Format) (string, error) {
	head, err := r.Peek(sniffBytes)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return "", fmt.Errorf("read: %w", err)
	}
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	var fields []string
	switch f {
	case catalogimport.CSV:
		rec, err := csv.NewReader(bytes.NewReader(head)).Read()
		if err != nil {
			return kindCatalog, nil
		}
		fields = rec
	case catalogimport.NDJSON:
		var first map[string]json.RawMessage
		for _, line := range bytes.Split(head, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			if json.Unmarshal(line, &first) != nil {
				return kindCatalog, nil
			}
			break
		}
		if first == nil {
			return kindCatalog, nil
		}
		for k := range first {
			fields = append(fields, k)
		}
	default:
		return "", fmt.Errorf("unknown format %q", f)
	}
	has := map[string]bool{}
	for _, c := range fields {
		has[strings.ToLower(strings.TrimSpace(c))] = true
	}
	switch {
	case has["sku"]:
		return kindCatalog, nil
	case has["id"]:
		return kindCustomers, nil
	}
	return "", fmt.Errorf("the first record has neither sku (a catalog) nor id (customers): see sync/IMPORT.md")
}
