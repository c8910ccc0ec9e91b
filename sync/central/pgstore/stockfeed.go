package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

var _ central.StockFeed = (*DB)(nil)

// StockChanges returns the store's levels changed after the position
// (moves, counts) — every level when the position is 0/0 or ahead of
// central's — by SKU after q.After (compared in the column's collation, as
// they are ordered), at most q.Limit, the position after them and each
// device's journal head. It holds the store's stock lock shared while it reads: every writer of the
// store's stock (ingest, counts) holds it exclusively until commit, so the
// levels, the position and the heads are read with no change of the
// store's stock in flight, and later movements and counts of the store
// take higher ids.
func (d *DB) StockChanges(ctx context.Context, storeID string, q protocol.StockQuery) (protocol.StockPage, error) {
	moves, counts, devices, limit := q.Moves, q.Counts, q.Devices, max(q.Limit, 1)
	page := protocol.StockPage{Heads: make(map[string]int64, len(devices)), Levels: []protocol.StockLevel{}}
	err := d.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock_shared($1, hashtext($2))`, lockStock, storeID); err != nil {
			return fmt.Errorf("lock stock of %s: %w", storeID, err)
		}
		if err := tx.QueryRow(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM stock_movements), (SELECT coalesce(max(seq), 0) FROM stock_count_changes)`).
			Scan(&page.Moves, &page.Counts); err != nil {
			return fmt.Errorf("position: %w", err)
		}
		for _, dev := range devices {
			var head int64
			if err := tx.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM events WHERE device_id = $1`, dev).Scan(&head); err != nil {
				return fmt.Errorf("head of %s: %w", dev, err)
			}
			page.Heads[dev] = head
		}
		page.Full = (moves == 0 && counts == 0) || moves > page.Moves || counts > page.Counts
		const levels = `SELECT l.sku, l.on_hand, c.counted_at FROM stock_levels l
			LEFT JOIN stock_counts c ON c.store_id = l.store_id AND c.sku = l.sku WHERE l.store_id = $1`
		var rows pgx.Rows
		var err error
		if page.Full {
			rows, err = tx.Query(ctx, levels+` AND l.sku > $2 ORDER BY l.sku LIMIT $3`, storeID, q.After, limit+1)
		} else {
			// The movements since the position, by primary key, never by a
			// scan of every movement of the store.
			rows, err = tx.Query(ctx, `WITH recent AS MATERIALIZED (SELECT store_id, sku FROM stock_movements WHERE id > $2)
				`+levels+` AND l.sku IN (
				SELECT sku FROM recent WHERE store_id = $1
				UNION SELECT sku FROM stock_count_changes WHERE seq > $3 AND store_id = $1) AND l.sku > $4 ORDER BY l.sku LIMIT $5`,
				storeID, moves, counts, q.After, limit+1)
		}
		if err != nil {
			return fmt.Errorf("levels: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if len(page.Levels) == limit {
				page.More = true
				break
			}
			var l protocol.StockLevel
			var countedAt *time.Time
			if err := rows.Scan(&l.SKU, &l.OnHand, &countedAt); err != nil {
				return fmt.Errorf("levels: %w", err)
			}
			if countedAt != nil {
				l.Counted, l.CountedAt = true, countedAt.UTC()
			}
			page.Levels = append(page.Levels, l)
		}
		return rows.Err()
	})
	if err != nil {
		return protocol.StockPage{}, fmt.Errorf("stock feed %s: %w", storeID, err)
	}
	return page, nil
}
