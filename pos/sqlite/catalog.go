package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/omnilane/omnilane/pos"
)

type scanner interface{ Scan(...any) error }

// productCols are the columns scanProduct reads, from products p; price and
// tax rate are the product's own (see productAtCols for the ones valid now).
const productCols = `p.sku, p.name, p.name_en, p.price, p.currency, p.tax_rate, p.by_weight, p.category, p.age_restricted, p.tax_class`

// productAtCols read the store price valid at ?1 and the tax class's rate.
const productAtCols = `p.sku, p.name, p.name_en,
	coalesce((SELECT pp.price FROM product_prices pp WHERE pp.sku = p.sku AND pp.valid_from <= ?1 AND (pp.valid_to = '' OR pp.valid_to > ?1)
		ORDER BY pp.valid_from DESC LIMIT 1), p.price),
	p.currency, coalesce((SELECT tc.rate FROM tax_classes tc WHERE tc.class = p.tax_class), p.tax_rate),
	p.by_weight, p.category, p.age_restricted, p.tax_class`

func scanProduct(r scanner) (pos.Product, error) {
	var p pos.Product
	var byWeight, age int
	err := r.Scan(&p.SKU, &p.Name, &p.NameEN, &p.Price, &p.Currency, &p.TaxRate, &byWeight, &p.Category, &age, &p.TaxClass)
	p.ByWeight, p.AgeRestricted = byWeight != 0, age != 0
	return p, err
}

// ProductByCode returns the product stored under the first of keys found,
// at the price valid now by the machine's clock (see ProductByCodeAt).
func (d *DB) ProductByCode(ctx context.Context, keys []string) (pos.Product, error) {
	return d.ProductByCodeAt(ctx, keys, time.Now())
}

// ProductByCodeAt returns the product stored under the first of keys found,
// with the store price valid at at (a price scheduled for later is not
// used) and its tax class's rate.
func (d *DB) ProductByCodeAt(ctx context.Context, keys []string, at time.Time) (pos.Product, error) {
	ts := formatTime(at)
	for _, k := range keys {
		p, err := scanProduct(d.stmts.productByCode.QueryRowContext(ctx, ts, k))
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
	p, err := scanProduct(d.db.QueryRowContext(ctx, `SELECT `+productCols+` FROM products p WHERE sku = ?`, sku))
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
	// Rank the candidates inside FTS5 first and read from products only
	// those ranked at or above the limit-th (ties included, so ties are
	// still broken by name): the product lookups, not bm25, dominated.
	rows, err := d.db.QueryContext(ctx, `
		WITH c AS MATERIALIZED (SELECT rowid, rank FROM products_fts WHERE products_fts MATCH ?1 LIMIT ?2),
		     cut AS (SELECT rank AS r FROM c ORDER BY rank LIMIT 1 OFFSET ?3 - 1)
		SELECT `+productCols+`
		FROM c JOIN products p ON p.rowid = c.rowid
		WHERE c.rank <= coalesce((SELECT r FROM cut), 1e308)
		ORDER BY c.rank, p.name LIMIT ?3`, match, searchCandidates, limit)
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

// ApplyCatalog applies a catalog delta and its cursor in one transaction:
// products, removals, store prices, tax classes and promotions all land, or
// nothing does. Promotions are validated (pos/promo) in the currency of the
// catalog's products before anything is written.
func (d *DB) ApplyCatalog(ctx context.Context, delta pos.CatalogDelta) error {
	for _, p := range delta.Products {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("catalog delta at cursor %d: %w", delta.Cursor, err)
		}
	}
	for _, p := range delta.Prices {
		if p.SKU == "" || p.Price < 0 || p.ValidFrom.IsZero() || (!p.ValidTo.IsZero() && !p.ValidTo.After(p.ValidFrom)) {
			return fmt.Errorf("catalog delta at cursor %d: %w", delta.Cursor,
				pos.Errorf(pos.EINVALID, "price of %q: needs a SKU, a price ≥ 0, valid_from and valid_to after it", p.SKU))
		}
	}
	for _, c := range delta.TaxClasses {
		if c.Class == "" || c.Rate < 0 || c.Rate > 10000 {
			return fmt.Errorf("catalog delta at cursor %d: %w", delta.Cursor, pos.Errorf(pos.EINVALID, "tax class %q: rate %d outside 0..10000", c.Class, c.Rate))
		}
	}
	var promos []promoRow
	replacePromos := len(delta.Promotions) > 0 && string(delta.Promotions) != "null"
	if replacePromos {
		var err error
		if promos, err = d.checkPromotions(ctx, delta); err != nil {
			return fmt.Errorf("catalog delta at cursor %d: promotions: %w", delta.Cursor, err)
		}
	}
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		if err := upsertProducts(ctx, tx, delta.Products); err != nil {
			return err
		}
		for _, sku := range delta.Removed {
			if _, err := tx.ExecContext(ctx, `DELETE FROM products WHERE sku = ?`, sku); err != nil {
				return fmt.Errorf("remove %s: %w", sku, err)
			}
		}
		for _, p := range delta.Prices {
			to := ""
			if !p.ValidTo.IsZero() {
				to = formatTime(p.ValidTo)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO product_prices(sku, valid_from, valid_to, price) VALUES (?,?,?,?)
				ON CONFLICT(sku, valid_from) DO UPDATE SET valid_to = excluded.valid_to, price = excluded.price`,
				p.SKU, formatTime(p.ValidFrom), to, p.Price); err != nil {
				return fmt.Errorf("price of %s: %w", p.SKU, err)
			}
		}
		for _, c := range delta.TaxClasses {
			if _, err := tx.ExecContext(ctx, `INSERT INTO tax_classes(class, rate) VALUES (?,?) ON CONFLICT(class) DO UPDATE SET rate = excluded.rate`,
				c.Class, c.Rate); err != nil {
				return fmt.Errorf("tax class %s: %w", c.Class, err)
			}
		}
		if replacePromos {
			if _, err := tx.ExecContext(ctx, `DELETE FROM promotions`); err != nil {
				return fmt.Errorf("promotions: %w", err)
			}
			for _, p := range promos {
				if _, err := tx.ExecContext(ctx, `INSERT INTO promotions(id, body) VALUES (?, ?)`, p.id, p.body); err != nil {
					return fmt.Errorf("promotion %s: %w", p.id, err)
				}
			}
		}
		return setState(ctx, tx, "catalog_cursor", delta.Cursor)
	})
	if err == nil && replacePromos {
		d.promoVersion.Add(1)
	}
	return err
}

func upsertProducts(ctx context.Context, tx *sql.Tx, ps []pos.Product) error {
	// Many products per statement: a fresh lane's bootstrap loads a million,
	// and one statement per product spends most of its time crossing
	// database/sql rather than in SQLite.
	for len(ps) > 0 {
		n := min(len(ps), upsertChunk)
		if err := upsertChunkOf(ctx, tx, ps[:n]); err != nil {
			return err
		}
		ps = ps[n:]
	}
	return nil
}

// upsertChunk products go in one statement (10 parameters each, well under
// SQLite's limit).
const upsertChunk = 200

func upsertChunkOf(ctx context.Context, tx *sql.Tx, ps []pos.Product) error {
	var q strings.Builder
	args := make([]any, 0, len(ps)*10)
	q.WriteString(`INSERT INTO products(sku, name, name_en, price, currency, tax_rate, by_weight, category, age_restricted, tax_class) VALUES `)
	skus := make([]any, 0, len(ps))
	var codes []any
	for i, p := range ps {
		if i > 0 {
			q.WriteString(",")
		}
		q.WriteString("(?,?,?,?,?,?,?,?,?,?)")
		args = append(args, p.SKU, p.Name, p.NameEN, p.Price, p.Currency, p.TaxRate, b2i(p.ByWeight), p.Category, b2i(p.AgeRestricted), p.TaxClass)
		skus = append(skus, p.SKU)
		for _, c := range p.Barcodes {
			codes = append(codes, c, p.SKU)
		}
	}
	q.WriteString(` ON CONFLICT(sku) DO UPDATE SET name=excluded.name, name_en=excluded.name_en, price=excluded.price,
		currency=excluded.currency, tax_rate=excluded.tax_rate, by_weight=excluded.by_weight,
		category=excluded.category, age_restricted=excluded.age_restricted, tax_class=excluded.tax_class`)
	if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("products %s…%s: %w", ps[0].SKU, ps[len(ps)-1].SKU, err)
	}
	// A product's barcodes are replaced by the ones it comes with.
	if _, err := tx.ExecContext(ctx, `DELETE FROM barcodes WHERE sku IN (?`+strings.Repeat(",?", len(skus)-1)+`)`, skus...); err != nil {
		return fmt.Errorf("barcodes of %s…%s: %w", ps[0].SKU, ps[len(ps)-1].SKU, err)
	}
	for len(codes) > 0 {
		n := min(len(codes), 2*upsertChunk*4)
		part := codes[:n]
		codes = codes[n:]
		stmt := `INSERT INTO barcodes(code, sku) VALUES (?,?)` + strings.Repeat(",(?,?)", len(part)/2-1) +
			` ON CONFLICT(code) DO UPDATE SET sku = excluded.sku`
		if _, err := tx.ExecContext(ctx, stmt, part...); err != nil {
			return fmt.Errorf("barcodes of %s…%s: %w", ps[0].SKU, ps[len(ps)-1].SKU, err)
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
