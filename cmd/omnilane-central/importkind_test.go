package main

import (
	"bufio"
	"io"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/sync/catalogimport"
)

// TestImportKind: catalog and customers files are told apart by their
// first record, in both formats, and the file is left unread.
func TestImportKind(t *testing.T) {
	cases := []struct {
		name string
		f    catalogimport.Format
		in   string
		want string
		bad  bool
	}{
		{"catalog csv", catalogimport.CSV, "sku,name,price,tax_rate\nP1,Pan,1.00,400\n", kindCatalog, false},
		{"catalog csv with BOM and spaces", catalogimport.CSV, "\ufeffname, SKU ,price\n", kindCatalog, false},
		{"customers csv", catalogimport.CSV, "id,name,home_store\nC-1,Lucía,store-1\n", kindCustomers, false},
		{"customers csv, quoted header", catalogimport.CSV, "\"name\",\"id\"\n", kindCustomers, false},
		{"empty", catalogimport.CSV, "", kindCatalog, false},
		{"neither", catalogimport.CSV, "code,title\n", "", true},
		{"catalog ndjson", catalogimport.NDJSON, "\n{\"sku\":\"P1\",\"name\":\"Pan\"}\n", kindCatalog, false},
		{"customers ndjson", catalogimport.NDJSON, "{\"id\":\"C-1\",\"name\":\"Lucía\"}\n", kindCustomers, false},
		{"broken ndjson", catalogimport.NDJSON, "{\"id\":\n", kindCatalog, false},
		{"ndjson neither", catalogimport.NDJSON, "{\"code\":1}\n", "", true},
	}
	for _, tc := range cases {
		r := bufio.NewReaderSize(strings.NewReader(tc.in), sniffBytes)
		got, err := importKind(r, tc.f)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("%s: %q, %v; want %q (error %v)", tc.name, got, err, tc.want, tc.bad)
		}
		if rest, _ := io.ReadAll(r); string(rest) != tc.in {
			t.Errorf("%s: the sniff consumed the file", tc.name)
		}
	}
}

// FuzzImportKind: any bytes give a kind or an error, never a panic, and
// the file is never consumed.
func FuzzImportKind(f *testing.F) {
	for _, s := range []string{"sku,name\n", "id,name\n", "{\"id\":\"C\"}\n", "{\"sku\":1}", "\"a\nb\",id\n", "\ufeff", "{", ""} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, in string, csvFile bool) {
		fm := catalogimport.NDJSON
		if csvFile {
			fm = catalogimport.CSV
		}
		r := bufio.NewReaderSize(strings.NewReader(in), sniffBytes)
		kind, err := importKind(r, fm)
		if err == nil && kind != kindCatalog && kind != kindCustomers {
			t.Fatalf("kind %q", kind)
		}
		if rest, _ := io.ReadAll(r); string(rest) != in {
			t.Fatal("the sniff consumed the file")
		}
	})
}
