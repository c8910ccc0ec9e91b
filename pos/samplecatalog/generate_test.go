package samplecatalog

import (
	"bytes"
	"encoding/csv"
	"hash/fnv"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

func TestFirstProductsArePlainItems(t *testing.T) {
	tests := []struct {
		i      int
		name   string
		nameEN string
		tax    int
	}{
		{0, "Café molido 250 g", "Ground coffee 250 g", 1000},
		{2, "Leche entera 1 L", "Whole milk 1 L", 400},
		{38, "Cerveza 330 ml", "Beer 330 ml", 2100},
	}
	for _, tt := range tests {
		p, err := Product(tt.i)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != tt.name || p.NameEN != tt.nameEN || p.TaxRate != tt.tax {
			t.Errorf("product %d = %q/%q tax %d; want %q/%q tax %d", tt.i, p.Name, p.NameEN, p.TaxRate, tt.name, tt.nameEN, tt.tax)
		}
	}
}

func TestProductsAreValidAndDeterministic(t *testing.T) {
	plu := 0
	for p := range Seq(5000) {
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		again, _ := Product(mustIndex(t, p.SKU))
		if again.Name != p.Name || again.Price != p.Price {
			t.Fatalf("product %s is not deterministic", p.SKU)
		}
		switch p.TaxRate {
		case 400, 1000, 2100:
		default:
			t.Fatalf("product %s has tax rate %d", p.SKU, p.TaxRate)
		}
		if p.Price <= 0 || p.Currency != "EUR" || p.Category == "" || p.NameEN == "" {
			t.Fatalf("product %s incomplete: %+v", p.SKU, p)
		}
		for _, b := range p.Barcodes {
			if p.ByWeight {
				plu++
				if len(b) != 4 && len(b) != 5 {
					t.Fatalf("produce %s has PLU %q", p.SKU, b)
				}
				continue
			}
			if len(b) != 14 || !pos.ValidGTIN(b) || !pos.ValidGTIN(b[1:]) {
				t.Fatalf("product %s barcode %q is not a valid EAN-13 as GTIN-14", p.SKU, b)
			}
			keys, err := pos.LookupKeys(b[1:])
			if err != nil || keys[0] != b {
				t.Fatalf("scanning %s finds %v, %v", b[1:], keys, err)
			}
		}
	}
	if plu < 10 {
		t.Fatalf("only %d by-weight products", plu)
	}
}

func mustIndex(t *testing.T, sku string) int {
	t.Helper()
	n := 0
	for _, c := range sku[1:] {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestMillionDistinctNamesAndBarcodes(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a million products")
	}
	const n = 1_000_000
	if Capacity < n {
		t.Fatalf("capacity %d < %d", Capacity, n)
	}
	names := make(map[uint64]struct{}, n)
	codes := make(map[string]struct{}, n)
	err := Each(n, func(p pos.Product) error {
		h := fnv.New64a()
		h.Write([]byte(p.Name))
		names[h.Sum64()] = struct{}{}
		codes[p.Barcodes[0]] = struct{}{}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != n || len(codes) != n {
		t.Fatalf("%d distinct names, %d distinct barcodes of %d", len(names), len(codes), n)
	}
}

func TestOutOfRange(t *testing.T) {
	for _, i := range []int{-1, Capacity} {
		if _, err := Product(i); err == nil {
			t.Errorf("Product(%d) succeeded", i)
		}
	}
	if err := Each(Capacity+1, func(pos.Product) error { return nil }); err == nil {
		t.Error("Each beyond capacity succeeded")
	}
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, 60); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 61 || len(rows[0]) != len(CSVHeader) {
		t.Fatalf("%d rows of %d columns", len(rows), len(rows[0]))
	}
	if rows[1][1] != "Café molido 250 g" || rows[1][4] != "2.89" || rows[1][6] != "1000" {
		t.Fatalf("first row %v", rows[1])
	}
}
