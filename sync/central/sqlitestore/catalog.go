package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

func maxChange(ctx context.Context, tx *sql.Tx) (int64, error) {
	var cur int64
	if err := tx.QueryRowContext(ctx, `SELECT max((SELECT coalesce(max(change_seq), 0) FROM products), (SELECT coalesce(max(change_seq), 0) FROM feed_extras))`).Scan(&cur); err != nil {
		return 0, fmt.Errorf("catalog cursor: %w", err)
	}
	return cur, nil
}

// UpsertProducts adds or replaces products in one transaction, each taking
// the next change sequence number; an unchanged product keeps its place.
func (d *DB) UpsertProducts(ctx context.Context, products []pos.Product) (int64, error) {
	return d.ImportProducts(ctx, func(yield func(pos.Product, error) bool) {
		for _, p := range products {
			if !yield(p, nil) {
				return
			}
		}
	})
}

// ImportProducts upserts a stream of products in one transaction; an error
// from the stream rolls everything back.
func (d *DB) ImportProducts(ctx context.Context, products iter.Seq2[pos.Product, error]) (int64, error) {
	var cur int64
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if cur, err = maxChange(ctx, tx); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO products (sku, body, removed, change_seq, updated_at) VALUES (?, ?, 0, ?, ?)
			ON CONFLICT (sku) DO UPDATE SET body = excluded.body, removed = 0, change_seq = excluded.change_seq, updated_at = excluded.updated_at
			WHERE products.body <> excluded.body OR products.removed <> 0`)
		if err != nil {
			return fmt.Errorf("prepare upsert: %w", err)
		}
		defer stmt.Close()
		now := d.now()
		for p, err := range products {
			if err != nil {
				return err
			}
			body, err := json.Marshal(p)
			if err != nil {
				return fmt.Errorf("product %s: %w", p.SKU, err)
			}
			res, err := stmt.ExecContext(ctx, p.SKU, string(body), cur+1, now)
			if err != nil {
				return fmt.Errorf("upsert product %s: %w", p.SKU, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				cur++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return cur, nil
}

// RemoveProducts marks SKUs removed; each removal is a feed change.
func (d *DB) RemoveProducts(ctx context.Context, skus []string) (int64, error) {
	var cur int64
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if cur, err = maxChange(ctx, tx); err != nil {
			return err
		}
		now := d.now()
		for _, sku := range skus {
			res, err := tx.ExecContext(ctx, `UPDATE products SET removed = 1, change_seq = ?, updated_at = ? WHERE sku = ? AND removed = 0`, cur+1, now, sku)
			if err != nil {
				return fmt.Errorf("remove product %s: %w", sku, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				cur++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return cur, nil
}

// CatalogChanges returns up to limit changes after cursor.
func (d *DB) CatalogChanges(ctx context.Context, after int64, limit int) (protocol.FeedPage, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT sku, body, removed, change_seq FROM products WHERE change_seq > ? ORDER BY change_seq LIMIT ?`, after, limit+1)
	if err != nil {
		return protocol.FeedPage{}, fmt.Errorf("catalog changes after %d: %w", after, err)
	}
	defer rows.Close()
	page := protocol.FeedPage{CatalogDelta: pos.CatalogDelta{Cursor: after}}
	n := 0
	for rows.Next() {
		if n == limit {
			page.More = true
			break
		}
		var sku, body string
		var removed bool
		var seq int64
		if err := rows.Scan(&sku, &body, &removed, &seq); err != nil {
			return protocol.FeedPage{}, fmt.Errorf("catalog changes: %w", err)
		}
		if removed {
			page.Removed = append(page.Removed, sku)
		} else {
			var p pos.Product
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				return protocol.FeedPage{}, fmt.Errorf("catalog product %s: %w", sku, err)
			}
			page.Products = append(page.Products, p)
		}
		page.Cursor = seq
		n++
	}
	if err := rows.Err(); err != nil {
		return protocol.FeedPage{}, fmt.Errorf("catalog changes: %w", err)
	}
	return page, nil
}

// CatalogCursor is the latest feed position.
func (d *DB) CatalogCursor(ctx context.Context) (int64, error) {
	var cur int64
	if err := d.r.QueryRowContext(ctx, `SELECT max((SELECT coalesce(max(change_seq), 0) FROM products), (SELECT coalesce(max(change_seq), 0) FROM feed_extras))`).Scan(&cur); err != nil {
		return 0, fmt.Errorf("catalog cursor: %w", err)
	}
	return cur, nil
}

// ProductCount counts live products.
func (d *DB) ProductCount(ctx context.Context) (int64, error) {
	var n int64
	if err := d.r.QueryRowContext(ctx, `SELECT count(*) FROM products WHERE removed = 0`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count products: %w", err)
	}
	return n, nil
}

// EnsureStore records a store if it is new.
func (d *DB) EnsureStore(ctx context.Context, storeID string) error {
	if storeID == "" {
		return fmt.Errorf("ensure store: empty id")
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stores (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, storeID, d.now()); err != nil {
			return fmt.Errorf("ensure store %s: %w", storeID, err)
		}
		return nil
	})
}

// StoreExists reports whether a store is known.
func (d *DB) StoreExists(ctx context.Context, storeID string) (bool, error) {
	var n int
	if err := d.r.QueryRowContext(ctx, `SELECT count(*) FROM stores WHERE id = ?`, storeID).Scan(&n); err != nil {
		return false, fmt.Errorf("store %s: %w", storeID, err)
	}
	return n > 0, nil
}

// CatalogStream calls fn for every change after cursor from one read
// transaction (a consistent snapshot); body is nil for a removal.
func (d *DB) CatalogStream(ctx context.Context, after int64, fn func(seq int64, sku string, body []byte) error) error {
	tx, err := d.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("catalog stream: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT change_seq, sku, removed, body FROM products WHERE change_seq > ? ORDER BY change_seq`, after)
	if err != nil {
		return fmt.Errorf("catalog stream after %d: %w", after, err)
	}
	defer rows.Close()
	var body sql.RawBytes
	for rows.Next() {
		var seq int64
		var sku string
		var removed bool
		if err := rows.Scan(&seq, &sku, &removed, &body); err != nil {
			return fmt.Errorf("catalog stream: %w", err)
		}
		b := []byte(body)
		if removed {
			b = nil
		}
		if err := fn(seq, sku, b); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog stream: %w", err)
	}
	return nil
}
