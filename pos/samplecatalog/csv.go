package samplecatalog

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/omnilane/omnilane/pos"
)

// CSVHeader is the column set of the catalog CSV import (sync/IMPORT.md).
var CSVHeader = []string{"sku", "name", "name_en", "barcodes", "price", "currency", "tax_rate", "by_weight", "category", "age_restricted"}

// CSVRecord renders p as a row under CSVHeader: price as a decimal in major
// units ("2.89"), tax_rate in basis points, barcodes separated by "|".
func CSVRecord(p pos.Product) ([]string, error) {
	c, err := pos.CurrencyByCode(p.Currency)
	if err != nil {
		return nil, fmt.Errorf("product %s: %w", p.SKU, err)
	}
	return []string{
		p.SKU, p.Name, p.NameEN, strings.Join(p.Barcodes, "|"), c.Plain(p.Price), p.Currency,
		strconv.Itoa(p.TaxRate), strconv.FormatBool(p.ByWeight), p.Category, strconv.FormatBool(p.AgeRestricted),
	}, nil
}

// WriteCSV writes products 0..n-1 as CSV with a header row.
func WriteCSV(w io.Writer, n int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("write csv header: %w", err)
	}
	err := Each(n, func(p pos.Product) error {
		rec, err := CSVRecord(p)
		if err != nil {
			return err
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv row %s: %w", p.SKU, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
