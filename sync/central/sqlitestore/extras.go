package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

var extraTimeLayout = "2006-01-02T15:04:05.000Z07:00"

// PutFeedExtras records store prices, tax classes (chain-wide) and, when
// promotions is not nil, the store's whole promotion set, each as a feed
// change. An unchanged item is not a change.
func (d *DB) PutFeedExtras(ctx context.Context, storeID string, prices []pos.StorePrice, taxes []pos.TaxClass, promotions json.RawMessage) (int64, error) {
	var cur int64
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if cur, err = maxChange(ctx, tx); err != nil {
			return err
		}
		put := func(kind, store, key string, v any) error {
			body, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("%s %s: %w", kind, key, err)
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO feed_extras (kind, store_id, key, body, change_seq, updated_at) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (kind, store_id, key) DO UPDATE SET body = excluded.body, change_seq = excluded.change_seq, updated_at = excluded.updated_at
				WHERE feed_extras.body <> excluded.body`, kind, store, key, string(body), cur+1, d.now())
			if err != nil {
				return fmt.Errorf("%s %s: %w", kind, key, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				cur++
			}
			return nil
		}
		for _, p := range prices {
			if err := put("price", storeID, p.SKU+"@"+p.ValidFrom.UTC().Format(extraTimeLayout), p); err != nil {
				return err
			}
		}
		for _, t := range taxes {
			if err := put("tax_class", "", t.Class, t); err != nil {
				return err
			}
		}
		if promotions != nil {
			if err := put("promotions", storeID, "", promotions); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return cur, nil
}

// StoreCatalogChanges is CatalogChanges for one store: products, the
// store's prices and promotions and the chain's tax classes, in cursor
// order. Changes for other stores advance the cursor without showing.
func (d *DB) StoreCatalogChanges(ctx context.Context, storeID string, after int64, limit int) (protocol.FeedPage, error) {
	rows, err := d.r.QueryContext(ctx, `
		SELECT change_seq, 'product', '', sku, body, removed FROM products WHERE change_seq > ?
		UNION ALL
		SELECT change_seq, kind, store_id, key, body, 0 FROM feed_extras WHERE change_seq > ?
		ORDER BY 1 LIMIT ?`, after, after, limit+1)
	if err != nil {
		return protocol.FeedPage{}, fmt.Errorf("store feed after %d: %w", after, err)
	}
	defer rows.Close()
	page := protocol.FeedPage{CatalogDelta: pos.CatalogDelta{Cursor: after}}
	n := 0
	for rows.Next() {
		if n == limit {
			page.More = true
			break
		}
		var seq int64
		var kind, store, key, body string
		var removed bool
		if err := rows.Scan(&seq, &kind, &store, &key, &body, &removed); err != nil {
			return protocol.FeedPage{}, fmt.Errorf("store feed: %w", err)
		}
		page.Cursor = seq
		n++
		if store != "" && store != storeID {
			continue
		}
		if err := central.AddFeedChange(&page.CatalogDelta, kind, key, []byte(body), removed); err != nil {
			return protocol.FeedPage{}, err
		}
	}
	if err := rows.Err(); err != nil {
		return protocol.FeedPage{}, fmt.Errorf("store feed: %w", err)
	}
	return page, nil
}

// StoreExtras returns every price, tax class and promotion set that
// applies to a store, with the highest change number among them (for the
// end of a streamed bootstrap).
func (d *DB) StoreExtras(ctx context.Context, storeID string) (pos.CatalogDelta, int64, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT change_seq, kind, key, body FROM feed_extras WHERE store_id IN ('', ?) ORDER BY change_seq`, storeID)
	if err != nil {
		return pos.CatalogDelta{}, 0, fmt.Errorf("store extras %s: %w", storeID, err)
	}
	defer rows.Close()
	var delta pos.CatalogDelta
	var last int64
	for rows.Next() {
		var kind, key, body string
		if err := rows.Scan(&last, &kind, &key, &body); err != nil {
			return pos.CatalogDelta{}, 0, fmt.Errorf("store extras %s: %w", storeID, err)
		}
		if err := central.AddFeedChange(&delta, kind, key, []byte(body), false); err != nil {
			return pos.CatalogDelta{}, 0, err
		}
	}
	return delta, last, rows.Err()
}
