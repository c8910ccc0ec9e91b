package samplecatalog

import (
	"fmt"
	"iter"
	"strings"

	"github.com/omnilane/omnilane/pos"
)

// Currency of every generated price.
const Currency = "EUR"

// produceAt is the index of the first by-weight product; products before it
// are the plain packaged items, handy for demos.
const produceAt = 50

var (
	brandCount    = 1 + len(brandHeads)*len(brandTails)
	itemSizes     = len(items) * 4
	packagedCount = itemSizes * len(qualifiers) * brandCount
)

// Capacity is how many distinct products the generator can make.
var Capacity = packagedCount + len(produce)

// Product returns sample product i, 0 ≤ i < Capacity.
func Product(i int) (pos.Product, error) {
	if i < 0 || i >= Capacity {
		return pos.Product{}, fmt.Errorf("sample product %d: out of range 0..%d", i, Capacity-1)
	}
	sku := fmt.Sprintf("P%07d", i)
	if i >= produceAt && i < produceAt+len(produce) {
		f := produce[i-produceAt]
		return pos.Product{
			SKU: sku, Name: f.es, NameEN: f.en, Barcodes: []string{f.plu},
			Price: pos.Money(f.pricePKg), Currency: Currency, TaxRate: 400,
			ByWeight: true, Category: "fruta y verdura",
		}, nil
	}
	j := i
	if i >= produceAt {
		j = i - len(produce)
	}
	return packaged(sku, j)
}

// packaged builds packaged product j from its item, size, qualifier and brand.
func packaged(sku string, j int) (pos.Product, error) {
	s := j % itemSizes
	it, sz := items[s%len(items)], s/len(items)
	q := (j / itemSizes) % len(qualifiers)
	b := j / (itemSizes * len(qualifiers))
	brand := ""
	if b > 0 {
		brand = brandHeads[(b-1)/len(brandTails)] + " " + brandTails[(b-1)%len(brandTails)]
	}
	size := it.sizes[sz]
	es := join(it.es, qualifiers[q].es, brand, size.label)
	en := join(it.en, brand, englishSize(size.label))
	if qe := qualifiers[q].en; qe != "" {
		en = join(upperFirst(qe), lowerFirst(it.en), brand, englishSize(size.label))
	}
	price := it.price*size.pct/100 + int64(q*7%60) + int64(b*13%90)
	price = price/10*10 + 9
	body := fmt.Sprintf("841%09d", j)
	ean := body + string(rune('0'+pos.GTINCheckDigit(body)))
	gtin, err := pos.NormalizeGTIN(ean)
	if err != nil {
		return pos.Product{}, fmt.Errorf("sample product %s: %w", sku, err)
	}
	return pos.Product{
		SKU: sku, Name: es, NameEN: en, Barcodes: []string{gtin},
		Price: pos.Money(price), Currency: Currency, TaxRate: it.taxRate,
		Category: it.category, AgeRestricted: it.adult,
	}, nil
}

func join(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// Each calls fn with products 0..n-1 in order, stopping at fn's first error.
func Each(n int, fn func(pos.Product) error) error {
	if n < 0 || n > Capacity {
		return fmt.Errorf("sample catalog of %d products: at most %d can be made", n, Capacity)
	}
	for i := range n {
		p, err := Product(i)
		if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// Seq yields products 0..n-1 (at most Capacity) in order.
func Seq(n int) iter.Seq[pos.Product] {
	return func(yield func(pos.Product) bool) {
		for i := range min(n, Capacity) {
			p, err := Product(i)
			if err != nil || !yield(p) {
				return
			}
		}
	}
}

// Generate returns products 0..n-1 in memory; use Each or Seq for big n.
func Generate(n int) ([]pos.Product, error) {
	out := make([]pos.Product, 0, max(0, min(n, Capacity)))
	err := Each(n, func(p pos.Product) error { out = append(out, p); return nil })
	return out, err
}

var enSizes = strings.NewReplacer("uds", "units", "ud", "unit", ",", ".")

// englishSize writes a size label the English way: "1.5 L", "6 units".
func englishSize(label string) string { return enSizes.Replace(label) }

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// lowerFirst lowers a leading capital unless it starts an acronym ("AA").
func lowerFirst(s string) string {
	if len(s) > 1 && s[1] >= 'a' && s[1] <= 'z' {
		return strings.ToLower(s[:1]) + s[1:]
	}
	return s
}
