package pgstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

var _ central.StoreFeed = (*DB)(nil)

// extraTimeLayout formats a price's valid_from in its key, as the SQLite
// backend does.
const extraTimeLayout = "2006-01-02T15:04:05.000Z07:00"

// cursorSQL is the feed position: the highest change of products and
// extras, which share one sequence.
const cursorSQL = `SELECT greatest((SELECT coalesce(max(change_seq), 0) FROM products), (SELECT coalesce(max(change_seq), 0) FROM feed_extras))`

// PutFeedExtras records store prices, tax classes (chain-wide) and, when
// promotions is not nil, the store's whole promotion set, each as a feed
// change under the catalog lock. An unchanged item is not a change.
func (d *DB) PutFeedExtras(ctx context.Context, storeID string, prices []pos.StorePrice, taxes []pos.TaxClass, promotions json.RawMessage) (int64, error) {
	var cur int64
	err := d.catalogTx(ctx, func(tx pgx.Tx, c int64) error {
		cur = c
		now := d.now()
		put := func(kind, store, key string, v any) error {
			body, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("%s %s: %w", kind, key, err)
			}
			tag, err := tx.Exec(ctx, `INSERT INTO feed_extras (kind, store_id, key, body, change_seq, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (kind, store_id, key) DO UPDATE SET body = excluded.body, change_seq = excluded.change_seq, updated_at = excluded.updated_at
				WHERE feed_extras.body <> excluded.body`, kind, store, key, string(body), cur+1, now)
			if err != nil {
				return fmt.Errorf("%s %s: %w", kind, key, err)
			}
			cur += tag.RowsAffected()
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
	type change struct {
		seq                    int64
		kind, store, key, body string
		removed                bool
	}
	limit = max(limit, 0)
	rows, err := queryAll(ctx, d, `
		(SELECT change_seq, 'product', '', sku, body, removed FROM products WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)
		UNION ALL
		(SELECT change_seq, kind, store_id, key, body, false FROM feed_extras WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)
		ORDER BY 1 LIMIT $2`, []any{after, limit + 1}, func(r pgx.Rows) (change, error) {
		var c change
		err := r.Scan(&c.seq, &c.kind, &c.store, &c.key, &c.body, &c.removed)
		return c, err
	})
	if err != nil {
		return protocol.FeedPage{}, fmt.Errorf("store feed after %d: %w", after, err)
	}
	page := protocol.FeedPage{CatalogDelta: pos.CatalogDelta{Cursor: after}}
	if len(rows) > limit {
		rows, page.More = rows[:limit], true
	}
	for _, c := range rows {
		page.Cursor = c.seq
		if c.store != "" && c.store != storeID {
			continue
		}
		if err := central.AddFeedChange(&page.CatalogDelta, c.kind, c.key, []byte(c.body), c.removed); err != nil {
			return protocol.FeedPage{}, err
		}
	}
	return page, nil
}

// StoreExtras returns every price, tax class and promotion set that
// applies to a store, with the highest change number among them (for the
// end of a streamed bootstrap).
func (d *DB) StoreExtras(ctx context.Context, storeID string) (pos.CatalogDelta, int64, error) {
	type extra struct {
		seq             int64
		kind, key, body string
	}
	rows, err := queryAll(ctx, d, `SELECT change_seq, kind, key, body FROM feed_extras WHERE store_id IN ('', $1) ORDER BY change_seq`,
		[]any{storeID}, func(r pgx.Rows) (extra, error) {
			var x extra
			err := r.Scan(&x.seq, &x.kind, &x.key, &x.body)
			return x, err
		})
	if err != nil {
		return pos.CatalogDelta{}, 0, fmt.Errorf("store extras %s: %w", storeID, err)
	}
	var delta pos.CatalogDelta
	var last int64
	for _, x := range rows {
		if err := central.AddFeedChange(&delta, x.kind, x.key, []byte(x.body), false); err != nil {
			return pos.CatalogDelta{}, 0, err
		}
		last = x.seq
	}
	return delta, last, nil
}
