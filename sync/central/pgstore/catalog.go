package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	"github.com/jackc/pgx/v5"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

var _ central.Storage = (*DB)(nil)

// catalogTx runs fn in a transaction holding the catalog lock, with the
// feed cursor as it stands: catalog writers of every process take turns,
// so cursors are handed out in commit order.
func (d *DB) catalogTx(ctx context.Context, fn func(tx pgx.Tx, cur int64) error) error {
	return d.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, 0)`, lockCatalog); err != nil {
			return fmt.Errorf("lock catalog: %w", err)
		}
		var cur int64
		if err := tx.QueryRow(ctx, cursorSQL).Scan(&cur); err != nil {
			return fmt.Errorf("catalog cursor: %w", err)
		}
		return fn(tx, cur)
	})
}

// mergeStaged upserts the staged products (the last row staged per SKU
// wins); each product that is new, changed or was removed takes the next
// change sequence number in staging order, and an unchanged one keeps its
// place. It returns how many products changed.
const mergeStaged = `INSERT INTO products (sku, body, removed, change_seq, updated_at)
	SELECT i.sku, i.body, false, $1 + row_number() OVER (ORDER BY i.ord), $2
	FROM (SELECT DISTINCT ON (sku) sku, body, ord FROM %s AS s ORDER BY sku, ord DESC) AS i
	LEFT JOIN products p ON p.sku = i.sku
	WHERE p.sku IS NULL OR p.body <> i.body OR p.removed
	ORDER BY i.ord
	ON CONFLICT (sku) DO UPDATE SET body = excluded.body, removed = false, change_seq = excluded.change_seq, updated_at = excluded.updated_at`

// UpsertProducts adds or replaces products in one transaction, each that
// changes taking the next change sequence number; an unchanged product
// keeps its place.
func (d *DB) UpsertProducts(ctx context.Context, products []pos.Product) (int64, error) {
	skus, bodies := make([]string, len(products)), make([]string, len(products))
	for i, p := range products {
		body, err := json.Marshal(p)
		if err != nil {
			return 0, fmt.Errorf("product %s: %w", p.SKU, err)
		}
		skus[i], bodies[i] = p.SKU, string(body)
	}
	var cur int64
	err := d.catalogTx(ctx, func(tx pgx.Tx, c int64) error {
		staged := `(SELECT u.sku, u.body, u.ord FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS u(sku, body, ord))`
		tag, err := tx.Exec(ctx, fmt.Sprintf(mergeStaged, staged), c, d.now(), skus, bodies)
		if err != nil {
			return fmt.Errorf("upsert %d products: %w", len(products), err)
		}
		cur = c + tag.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, err
	}
	return cur, nil
}

// ImportProducts upserts a stream of products in one transaction: the
// stream is copied into a temporary table (COPY) and merged in one
// statement; an error from the stream rolls everything back.
func (d *DB) ImportProducts(ctx context.Context, products iter.Seq2[pos.Product, error]) (int64, error) {
	var cur int64
	err := d.catalogTx(ctx, func(tx pgx.Tx, c int64) error {
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE import_products (ord bigint NOT NULL, sku text NOT NULL, body text NOT NULL) ON COMMIT DROP`); err != nil {
			return fmt.Errorf("import: staging table: %w", err)
		}
		next, stop := iter.Pull2(products)
		defer stop()
		var ord int64
		var streamErr error
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"import_products"}, []string{"ord", "sku", "body"}, pgx.CopyFromFunc(func() ([]any, error) {
			p, err, ok := next()
			if !ok {
				return nil, nil
			}
			if err != nil {
				streamErr = err
				return nil, err
			}
			body, err := json.Marshal(p)
			if err != nil {
				streamErr = fmt.Errorf("product %s: %w", p.SKU, err)
				return nil, streamErr
			}
			ord++
			return []any{ord, p.SKU, string(body)}, nil
		}))
		if streamErr != nil {
			return streamErr
		}
		if err != nil {
			return fmt.Errorf("import: copy: %w", err)
		}
		tag, err := tx.Exec(ctx, fmt.Sprintf(mergeStaged, "import_products"), c, d.now())
		if err != nil {
			return fmt.Errorf("import: merge %d products: %w", ord, err)
		}
		cur = c + tag.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, err
	}
	return cur, nil
}

// RemoveProducts marks SKUs removed; each removal is a feed change, in the
// order given; unknown or already removed SKUs change nothing.
func (d *DB) RemoveProducts(ctx context.Context, skus []string) (int64, error) {
	var cur int64
	err := d.catalogTx(ctx, func(tx pgx.Tx, c int64) error {
		tag, err := tx.Exec(ctx, `WITH r AS (
				SELECT p.sku, row_number() OVER (ORDER BY min(u.ord)) AS rn
				FROM unnest($1::text[]) WITH ORDINALITY AS u(sku, ord)
				JOIN products p ON p.sku = u.sku AND NOT p.removed
				GROUP BY p.sku)
			UPDATE products SET removed = true, change_seq = $2 + r.rn, updated_at = $3
			FROM r WHERE products.sku = r.sku`, skus, c, d.now())
		if err != nil {
			return fmt.Errorf("remove %d products: %w", len(skus), err)
		}
		cur = c + tag.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, err
	}
	return cur, nil
}

// CatalogChanges returns up to limit changes after cursor, in cursor order.
func (d *DB) CatalogChanges(ctx context.Context, after int64, limit int) (protocol.FeedPage, error) {
	type change struct {
		sku, body string
		removed   bool
		seq       int64
	}
	limit = max(limit, 0)
	rows, err := queryAll(ctx, d, `SELECT sku, body, removed, change_seq FROM products WHERE change_seq > $1 ORDER BY change_seq LIMIT $2`,
		[]any{after, limit + 1}, func(r pgx.Rows) (change, error) {
			var c change
			err := r.Scan(&c.sku, &c.body, &c.removed, &c.seq)
			return c, err
		})
	if err != nil {
		return protocol.FeedPage{}, fmt.Errorf("catalog changes after %d: %w", after, err)
	}
	page := protocol.FeedPage{CatalogDelta: pos.CatalogDelta{Cursor: after}}
	if len(rows) > limit {
		rows, page.More = rows[:limit], true
	}
	for _, c := range rows {
		if c.removed {
			page.Removed = append(page.Removed, c.sku)
		} else {
			var p pos.Product
			if err := json.Unmarshal([]byte(c.body), &p); err != nil {
				return protocol.FeedPage{}, fmt.Errorf("catalog product %s: %w", c.sku, err)
			}
			page.Products = append(page.Products, p)
		}
		page.Cursor = c.seq
	}
	return page, nil
}

// CatalogCursor is the latest feed position.
func (d *DB) CatalogCursor(ctx context.Context) (int64, error) {
	var cur int64
	if err := d.queryRow(ctx, cursorSQL, nil, &cur); err != nil {
		return 0, fmt.Errorf("catalog cursor: %w", err)
	}
	return cur, nil
}

// ProductCount counts live products.
func (d *DB) ProductCount(ctx context.Context) (int64, error) {
	var n int64
	if err := d.queryRow(ctx, `SELECT count(*) FROM products WHERE NOT removed`, nil, &n); err != nil {
		return 0, fmt.Errorf("count products: %w", err)
	}
	return n, nil
}

// EnsureStore records a store if it is new.
func (d *DB) EnsureStore(ctx context.Context, storeID string) error {
	if storeID == "" {
		return errors.New("ensure store: empty id")
	}
	err := d.withConn(ctx, func(c *pgx.Conn) error {
		_, err := c.Exec(ctx, `INSERT INTO stores (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, storeID, d.now())
		return err
	})
	if err != nil {
		return fmt.Errorf("ensure store %s: %w", storeID, err)
	}
	return nil
}

// StoreExists reports whether a store is known.
func (d *DB) StoreExists(ctx context.Context, storeID string) (bool, error) {
	var ok bool
	if err := d.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM stores WHERE id = $1)`, []any{storeID}, &ok); err != nil {
		return false, fmt.Errorf("store %s: %w", storeID, err)
	}
	return ok, nil
}

// CatalogStream calls fn for every change after cursor, in cursor order,
// from one REPEATABLE READ snapshot; body is the product's JSON as stored
// (nil for a removal), valid only during the call.
func (d *DB) CatalogStream(ctx context.Context, after int64, fn func(seq int64, sku string, body []byte) error) error {
	return d.withConn(ctx, func(c *pgx.Conn) error {
		tx, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
		if err != nil {
			return fmt.Errorf("catalog stream: %w", err)
		}
		defer func() { _ = tx.Rollback(context.Background()) }()
		rows, err := tx.Query(ctx, `SELECT change_seq, sku, removed, body FROM products WHERE change_seq > $1 ORDER BY change_seq`, after)
		if err != nil {
			return fmt.Errorf("catalog stream after %d: %w", after, err)
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var sku string
			var removed bool
			if err := rows.Scan(&seq, &sku, &removed, nil); err != nil {
				return fmt.Errorf("catalog stream: %w", err)
			}
			var body []byte
			if !removed {
				body = rows.RawValues()[3]
			}
			if err := fn(seq, sku, body); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("catalog stream: %w", err)
		}
		return nil
	})
}
