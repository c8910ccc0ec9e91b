package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

var _ central.StockFeed = (*DB)(nil)

// stockLevelsSQL reads levels with their last count; the caller adds the
// filter and the order.
const stockLevelsSQL = `SELECT l.sku, l.on_hand, c.counted_at FROM stock_levels l
	LEFT JOIN stock_counts c ON c.store_id = l.store_id AND c.sku = l.sku WHERE l.store_id = ?`

// StockChanges returns, from one read transaction (one snapshot of the
// database), the store's levels changed after the position (moves, counts)
// — every level when the position is 0/0 or ahead of central's (a restored
// database) — by SKU after q.After, at most q.Limit, the position after
// them and each device's journal head.
func (d *DB) StockChanges(ctx context.Context, storeID string, q protocol.StockQuery) (protocol.StockPage, error) {
	moves, counts, devices, limit := q.Moves, q.Counts, q.Devices, max(q.Limit, 1)
	tx, err := d.r.BeginTx(ctx, nil)
	if err != nil {
		return protocol.StockPage{}, fmt.Errorf("stock feed %s: %w", storeID, err)
	}
	defer tx.Rollback()
	page := protocol.StockPage{Heads: make(map[string]int64, len(devices)), Levels: []protocol.StockLevel{}}
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM stock_movements), (SELECT coalesce(max(seq), 0) FROM stock_count_changes)`).
		Scan(&page.Moves, &page.Counts); err != nil {
		return protocol.StockPage{}, fmt.Errorf("stock feed %s position: %w", storeID, err)
	}
	for _, dev := range devices {
		var head int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM events WHERE device_id = ?`, dev).Scan(&head); err != nil {
			return protocol.StockPage{}, fmt.Errorf("stock feed head of %s: %w", dev, err)
		}
		page.Heads[dev] = head
	}
	page.Full = (moves == 0 && counts == 0) || moves > page.Moves || counts > page.Counts
	var rows *sql.Rows
	if page.Full {
		rows, err = tx.QueryContext(ctx, stockLevelsSQL+` AND l.sku > ? ORDER BY l.sku LIMIT ?`, storeID, q.After, limit+1)
	} else {
		// +store_id keeps SQLite on the rowid range (the movements since the
		// position) instead of every movement of the store.
		rows, err = tx.QueryContext(ctx, stockLevelsSQL+` AND l.sku IN (
			SELECT sku FROM stock_movements WHERE id > ? AND +store_id = ?
			UNION SELECT sku FROM stock_count_changes WHERE seq > ? AND store_id = ?) AND l.sku > ? ORDER BY l.sku LIMIT ?`,
			storeID, moves, storeID, counts, storeID, q.After, limit+1)
	}
	if err != nil {
		return protocol.StockPage{}, fmt.Errorf("stock feed %s levels: %w", storeID, err)
	}
	defer rows.Close()
	for rows.Next() {
		if len(page.Levels) == limit {
			page.More = true
			break
		}
		var l protocol.StockLevel
		var countedAt sql.NullString
		if err := rows.Scan(&l.SKU, &l.OnHand, &countedAt); err != nil {
			return protocol.StockPage{}, fmt.Errorf("stock feed %s levels: %w", storeID, err)
		}
		if countedAt.Valid {
			if l.CountedAt, err = time.Parse(timeLayout, countedAt.String); err != nil {
				return protocol.StockPage{}, fmt.Errorf("stock feed %s: count time of %s: %w", storeID, l.SKU, err)
			}
			l.Counted = true
		}
		page.Levels = append(page.Levels, l)
	}
	if err := rows.Err(); err != nil {
		return protocol.StockPage{}, fmt.Errorf("stock feed %s levels: %w", storeID, err)
	}
	return page, nil
}
