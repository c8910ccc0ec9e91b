package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/omnilane/omnilane/pos"
)

type scanner interface{ Scan(...any) error }

func scanProduct(r scanner) (pos.Product, error) {
	var p pos.Product
	var byWeight, age int
	err := r.Scan(&p.SKU, &p.Name, &p.NameEN, &p.Price, &p.Currency, &p.TaxRate, &byWeight, &p.Category, &age)
	p.ByWeight, p.AgeRestricted = byWeight != 0, age != 0
	return p, err
}

// ProductByCode returns the product stored under the first of keys found.
func (d *DB) ProductByCode(ctx context.Context, keys []string) (pos.Product, error) {
	for _, k := range keys {
		p, err := scanProduct(d.stmts.productByCode.QueryRowContext(ctx, k))
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return pos.Product{}, fmt.Errorf("look up %s: %w", k, err)
		}
		return p, nil
	}
	code := ""
	if len(keys) > 0 {
		code = strings.TrimLeft(keys[0], "0")
	}
	return pos.Product{}, pos.Errorf(pos.ENOTFOUND, "no product with code %s", code)
}

// ProductBySKU returns a product by its SKU.
func (d *DB) ProductBySKU(ctx context.Context, sku string) (pos.Product, error) {
	p, err := scanProduct(d.db.QueryRowContext(ctx, `SELECT sku, name, name_en, price, currency, tax_rate, by_weight, category, age_restricted FROM products WHERE sku = ?`, sku))
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Product{}, pos.Errorf(pos.ENOTFOUND, "no product %s", sku)
	}
	if err != nil {
		return pos.Product{}, fmt.Errorf("product %s: %w", sku, err)
	}
	rows, err := d.db.QueryContext(ctx, `SELECT code FROM barcodes WHERE sku = ? ORDER BY code`, sku)
	if err != nil {
		return pos.Product{}, fmt.Errorf("barcodes of %s: %w", sku, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return pos.Product{}, err
		}
		p.Barcodes = append(p.Barcodes, c)
	}
	return p, rows.Err()
}

// SearchProducts finds products whose name words start with the query's
// words, ignoring case and accents, best match (BM25) first.
func (d *DB) SearchProducts(ctx context.Context, query string, limit int) ([]pos.Product, error) {
	match := ftsQuery(query)
	if match == "" {
		return nil, nil
	}
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	rows, err := d.db.QueryContext(ctx, `
		SELECT p.sku, p.name, p.name_en, p.price, p.currency, p.tax_rate, p.by_weight, p.category, p.age_restricted
		FROM (SELECT rowid, rank FROM products_fts WHERE products_fts MATCH ? LIMIT ?) f
		JOIN products p ON p.rowid = f.rowid
		ORDER BY f.rank, p.name LIMIT ?`, match, searchCandidates, limit)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	defer rows.Close()
	var out []pos.Product
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// searchCandidates bounds how many matches are ranked: a one-letter prefix
// can match most of a million-product catalog, and ranking every match would
// keep the cashier waiting. Fewer matches than this are ranked exactly.
const searchCandidates = 2000

// ftsQuery turns what a cashier typed into an FTS5 query: every word as a
// prefix, all words required. Characters FTS5 would read as syntax are dropped.
func ftsQuery(q string) string {
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var parts []string
	for _, w := range words {
		parts = append(parts, `"`+w+`"*`)
	}
	return strings.Join(parts, " ")
}

// ApplyCatalog applies a catalog delta and its cursor in one transaction.
func (d *DB) ApplyCatalog(ctx context.Context, delta pos.CatalogDelta) error {
	for _, p := range delta.Products {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("catalog delta at cursor %d: %w", delta.Cursor, err)
		}
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if err := upsertProducts(ctx, tx, delta.Products); err != nil {
			return err
		}
		for _, sku := range delta.Removed {
			if _, err := tx.ExecContext(ctx, `DELETE FROM products WHERE sku = ?`, sku); err != nil {
				return fmt.Errorf("remove %s: %w", sku, err)
			}
		}
		return setState(ctx, tx, "catalog_cursor", delta.Cursor)
	})
}

func upsertProducts(ctx context.Context, tx *sql.Tx, ps []pos.Product) error {
	if len(ps) == 0 {
		return nil
	}
	up, err := tx.PrepareContext(ctx, `
		INSERT INTO products(sku, name, name_en, price, currency, tax_rate, by_weight, category, age_restricted)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(sku) DO UPDATE SET name=excluded.name, name_en=excluded.name_en, price=excluded.price,
			currency=excluded.currency, tax_rate=excluded.tax_rate, by_weight=excluded.by_weight,
			category=excluded.category, age_restricted=excluded.age_restricted`)
	if err != nil {
		return err
	}
	defer up.Close()
	delBC, err := tx.PrepareContext(ctx, `DELETE FROM barcodes WHERE sku = ?`)
	if err != nil {
		return err
	}
	defer delBC.Close()
	insBC, err := tx.PrepareContext(ctx, `INSERT INTO barcodes(code, sku) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET sku = excluded.sku`)
	if err != nil {
		return err
	}
	defer insBC.Close()
	for _, p := range ps {
		if _, err := up.ExecContext(ctx, p.SKU, p.Name, p.NameEN, p.Price, p.Currency, p.TaxRate, b2i(p.ByWeight), p.Category, b2i(p.AgeRestricted)); err != nil {
			return fmt.Errorf("product %s: %w", p.SKU, err)
		}
		if _, err := delBC.ExecContext(ctx, p.SKU); err != nil {
			return fmt.Errorf("barcodes of %s: %w", p.SKU, err)
		}
		for _, c := range p.Barcodes {
			if _, err := insBC.ExecContext(ctx, c, p.SKU); err != nil {
				return fmt.Errorf("barcode %s of %s: %w", c, p.SKU, err)
			}
		}
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
