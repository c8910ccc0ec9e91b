package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

var _ central.LedgerTx = (*journalTx)(nil)

// move is a movement waiting for flush.
type move struct {
	m       central.StockMovement
	applied bool
}

// AddStock records a movement and returns the on-hand after it. The first
// movement of a SKU in the job reads its level and count (unless Prepare
// did); later ones are computed in memory, and all are written at flush.
// A movement that happened before the SKU's last count is kept but not
// applied: the count already saw it.
func (j *journalTx) AddStock(ctx context.Context, m central.StockMovement) (int64, bool, error) {
	k := stockKey{m.StoreID, m.SKU}
	st := j.stock[k]
	if st == nil {
		if err := j.loadStock(ctx, []stockKey{k}); err != nil {
			return 0, false, fmt.Errorf("stock %s/%s: %w", m.StoreID, m.SKU, err)
		}
		st = j.stock[k]
	}
	applied := !st.counted || m.At.UTC().Format(timeLayout) >= st.countedAt
	j.moves = append(j.moves, move{m: m, applied: applied})
	if applied {
		st.onHand += m.Delta
		st.delta += m.Delta
		st.touched = true
	}
	return st.onHand, st.counted, nil
}

func (j *journalTx) SaleByID(ctx context.Context, id string) (pos.Sale, bool, error) {
	if err := j.flushSales(ctx); err != nil {
		return pos.Sale{}, false, err
	}
	return saleWhere(ctx, txQuerier{j}, `id = ?`, id)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func saleWhere(ctx context.Context, q querier, where string, args ...any) (pos.Sale, bool, error) {
	var body string
	err := q.QueryRowContext(ctx, `SELECT body FROM sales WHERE `+where, args...).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Sale{}, false, nil
	}
	if err != nil {
		return pos.Sale{}, false, fmt.Errorf("read sale: %w", err)
	}
	var s pos.Sale
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		return pos.Sale{}, false, fmt.Errorf("read sale: %w", err)
	}
	return s, true, nil
}

func (j *journalTx) ProjectReturn(ctx context.Context, r pos.Return, e pos.Event) (bool, error) {
	res, err := j.exec(ctx, `INSERT INTO returns (id, device_id, seq, store_id, original_sale_id, total, at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		r.ID, e.DeviceID, e.Seq, r.StoreID, r.OriginalSaleID, int64(r.Totals.Total), r.At.UTC().Format(timeLayout), string(e.Payload))
	if err != nil {
		return false, fmt.Errorf("project return %s: %w", r.ID, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func (j *journalTx) AddReturned(ctx context.Context, saleID string, lineNo int, qty int64) (int64, error) {
	delete(j.returned, saleID)
	var total int64
	if err := j.queryRow(ctx, `INSERT INTO returned_lines (sale_id, line_no, qty) VALUES (?, ?, ?)
		ON CONFLICT (sale_id, line_no) DO UPDATE SET qty = qty + excluded.qty RETURNING qty`, saleID, lineNo, qty).Scan(&total); err != nil {
		return 0, fmt.Errorf("returned qty %s/%d: %w", saleID, lineNo, err)
	}
	return total, nil
}

func (j *journalTx) ReturnedQty(ctx context.Context, saleID string) (map[int]int64, error) {
	if r, ok := j.returned[saleID]; ok {
		return maps.Clone(r), nil
	}
	return returnedQty(ctx, txQuerier{j}, saleID)
}

func returnedQty(ctx context.Context, q querier, saleID string) (map[int]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT line_no, qty FROM returned_lines WHERE sale_id = ?`, saleID)
	if err != nil {
		return nil, fmt.Errorf("returned qty %s: %w", saleID, err)
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var no int
		var q int64
		if err := rows.Scan(&no, &q); err != nil {
			return nil, fmt.Errorf("returned qty %s: %w", saleID, err)
		}
		out[no] = q
	}
	return out, rows.Err()
}

func (j *journalTx) OrderByID(ctx context.Context, id string) (pos.Order, bool, error) {
	return orderByID(ctx, txQuerier{j}, id)
}

func orderByID(ctx context.Context, q querier, id string) (pos.Order, bool, error) {
	var body string
	err := q.QueryRowContext(ctx, `SELECT body FROM orders WHERE id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Order{}, false, nil
	}
	if err != nil {
		return pos.Order{}, false, fmt.Errorf("read order %s: %w", id, err)
	}
	var o pos.Order
	if err := json.Unmarshal([]byte(body), &o); err != nil {
		return pos.Order{}, false, fmt.Errorf("read order %s: %w", id, err)
	}
	return o, true, nil
}

func (j *journalTx) ProjectRelease(ctx context.Context, r pos.PickupRelease, e pos.Event) (bool, error) {
	res, err := j.exec(ctx, `INSERT INTO order_releases (id, order_id, device_id, seq, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		r.ID, r.OrderID, e.DeviceID, e.Seq, string(e.Payload))
	if err != nil {
		return false, fmt.Errorf("project release %s: %w", r.ID, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func (j *journalTx) AddReleased(ctx context.Context, orderID string, lineNo int, qty int64) (int64, error) {
	var total int64
	if err := j.queryRow(ctx, `INSERT INTO order_released_lines (order_id, line_no, qty) VALUES (?, ?, ?)
		ON CONFLICT (order_id, line_no) DO UPDATE SET qty = qty + excluded.qty RETURNING qty`, orderID, lineNo, qty).Scan(&total); err != nil {
		return 0, fmt.Errorf("released qty %s/%d: %w", orderID, lineNo, err)
	}
	return total, nil
}

func (j *journalTx) SetOrderStatus(ctx context.Context, orderID, status string) error {
	o, ok, err := j.OrderByID(ctx, orderID)
	if err != nil || !ok {
		return err
	}
	o.Status = status
	return upsertOrder(ctx, j.tx, o, j.d.now())
}

func upsertOrder(ctx context.Context, tx *sql.Tx, o pos.Order, now string) error {
	body, err := json.Marshal(o)
	if err != nil {
		return fmt.Errorf("order %s: %w", o.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO orders (id, store_id, status, body, change_seq, updated_at)
		VALUES (?, ?, ?, ?, (SELECT coalesce(max(change_seq), 0) + 1 FROM orders), ?)
		ON CONFLICT (id) DO UPDATE SET store_id = excluded.store_id, status = excluded.status, body = excluded.body,
			change_seq = excluded.change_seq, updated_at = excluded.updated_at
		WHERE orders.body <> excluded.body`, o.ID, o.StoreID, o.Status, string(body), now); err != nil {
		return fmt.Errorf("upsert order %s: %w", o.ID, err)
	}
	return nil
}

// UpsertOrders adds or replaces online orders (from the e-commerce channel).
func (d *DB) UpsertOrders(ctx context.Context, orders []pos.Order) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		now := d.now()
		for _, o := range orders {
			if err := upsertOrder(ctx, tx, o, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// OrderChanges returns up to limit orders of a store changed after cursor.
func (d *DB) OrderChanges(ctx context.Context, storeID string, after int64, limit int) ([]pos.Order, int64, bool, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT body, change_seq FROM orders WHERE store_id = ? AND change_seq > ? ORDER BY change_seq LIMIT ?`, storeID, after, limit+1)
	if err != nil {
		return nil, 0, false, fmt.Errorf("order changes: %w", err)
	}
	defer rows.Close()
	out := []pos.Order{}
	cursor, more := after, false
	for rows.Next() {
		if len(out) == limit {
			more = true
			break
		}
		var body string
		var o pos.Order
		if err := rows.Scan(&body, &cursor); err != nil {
			return nil, 0, false, fmt.Errorf("order changes: %w", err)
		}
		if err := json.Unmarshal([]byte(body), &o); err != nil {
			return nil, 0, false, fmt.Errorf("order changes: %w", err)
		}
		out = append(out, o)
	}
	return out, cursor, more, rows.Err()
}

// OrderByID returns an online order.
func (d *DB) OrderByID(ctx context.Context, id string) (pos.Order, bool, error) {
	return orderByID(ctx, d.r, id)
}

// SaleByID returns a sale central holds.
func (d *DB) SaleByID(ctx context.Context, id string) (pos.Sale, bool, error) {
	return saleWhere(ctx, d.r, `id = ?`, id)
}

// SaleByReceipt returns the sale of a device's receipt number.
func (d *DB) SaleByReceipt(ctx context.Context, deviceID string, number int64) (pos.Sale, bool, error) {
	return saleWhere(ctx, d.r, `device_id = ? AND number = ?`, deviceID, number)
}

// ReturnedQty returns the units returned per line of a sale, at central.
func (d *DB) ReturnedQty(ctx context.Context, saleID string) (map[int]int64, error) {
	return returnedQty(ctx, d.r, saleID)
}

// SetStockCount records a physical count: the SKU's on-hand becomes qty
// as of at; movements that happened before at are not applied again.
func (d *DB) SetStockCount(ctx context.Context, storeID, sku string, qty int64, at time.Time) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		ts := at.UTC().Format(timeLayout)
		if _, err := tx.ExecContext(ctx, `INSERT INTO stock_counts (store_id, sku, qty, counted_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (store_id, sku) DO UPDATE SET qty = excluded.qty, counted_at = excluded.counted_at`, storeID, sku, qty, ts); err != nil {
			return fmt.Errorf("stock count %s/%s: %w", storeID, sku, err)
		}
		// Movements already received that happened after the count still count.
		var after int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(delta), 0) FROM stock_movements WHERE store_id = ? AND sku = ? AND at >= ?`, storeID, sku, ts).Scan(&after); err != nil {
			return fmt.Errorf("stock count %s/%s: %w", storeID, sku, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stock_levels (store_id, sku, on_hand) VALUES (?, ?, ?)
			ON CONFLICT (store_id, sku) DO UPDATE SET on_hand = excluded.on_hand`, storeID, sku, qty+after); err != nil {
			return fmt.Errorf("stock level %s/%s: %w", storeID, sku, err)
		}
		return nil
	})
}

// StockLevels returns a store's on-hand per SKU.
func (d *DB) StockLevels(ctx context.Context, storeID string) ([]protocol.StockLevel, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT l.sku, l.on_hand, c.sku IS NOT NULL FROM stock_levels l
		LEFT JOIN stock_counts c ON c.store_id = l.store_id AND c.sku = l.sku WHERE l.store_id = ? ORDER BY l.sku`, storeID)
	if err != nil {
		return nil, fmt.Errorf("stock levels %s: %w", storeID, err)
	}
	defer rows.Close()
	out := []protocol.StockLevel{}
	for rows.Next() {
		var l protocol.StockLevel
		if err := rows.Scan(&l.SKU, &l.OnHand, &l.Counted); err != nil {
			return nil, fmt.Errorf("stock levels %s: %w", storeID, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
