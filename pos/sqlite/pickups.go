package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/omnilane/omnilane/pos"
)

var _ pos.OrderStore = (*DB)(nil)

// UpsertOrders stores orders from central's feed in one transaction.
func (d *DB) UpsertOrders(ctx context.Context, orders []pos.Order) error {
	for _, o := range orders {
		if err := o.Validate(); err != nil {
			return err
		}
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		for _, o := range orders {
			body, err := json.Marshal(o)
			if err != nil {
				return fmt.Errorf("encode order %s: %w", o.ID, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO orders(id, pickup_code, customer_name, phone, status, body) VALUES (?,?,?,?,?,?)
				ON CONFLICT(id) DO UPDATE SET pickup_code=excluded.pickup_code, customer_name=excluded.customer_name,
				phone=excluded.phone, status=excluded.status, body=excluded.body`,
				o.ID, o.PickupCode, o.CustomerName, o.Phone, o.Status, string(body)); err != nil {
				return fmt.Errorf("store order %s: %w", o.ID, err)
			}
		}
		return nil
	})
}

// FindOrders finds orders by exact pickup code, or by a name or phone that
// contains the query (case-insensitive), or — through the customer
// summaries from central — by the email or loyalty card id (exact) of the
// customer whose phone the order carries.
func (d *DB) FindOrders(ctx context.Context, query string, limit int) ([]pos.Order, error) {
	like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(query)) + "%"
	rows, err := d.db.QueryContext(ctx, `SELECT body FROM orders
		WHERE pickup_code = ? COLLATE NOCASE OR lower(customer_name) LIKE ? ESCAPE '\' OR replace(phone, ' ', '') LIKE ? ESCAPE '\'
			OR (phone <> '' AND replace(phone, ' ', '') IN (SELECT replace(phone, ' ', '') FROM customers WHERE phone <> '' AND (email = ? COLLATE NOCASE OR id = ?)))
		ORDER BY (pickup_code = ? COLLATE NOCASE) DESC, rowid DESC LIMIT ?`,
		query, like, strings.ReplaceAll(like, " ", ""), query, query, query, limit)
	if err != nil {
		return nil, fmt.Errorf("find orders %q: %w", query, err)
	}
	defer rows.Close()
	var out []pos.Order
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var o pos.Order
		if err := json.Unmarshal([]byte(body), &o); err != nil {
			return nil, fmt.Errorf("decode order: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// OrderByID returns an order, or ENOTFOUND.
func (d *DB) OrderByID(ctx context.Context, id string) (pos.Order, error) {
	return bodyOf[pos.Order](ctx, d.db, "order "+id+" at this store", `SELECT body FROM orders WHERE id = ?`, id)
}

// ReleasedQty returns, per order line, the units handed over here.
func (d *DB) ReleasedQty(ctx context.Context, orderID string) (map[int]int64, error) {
	return qtyByLine(ctx, d.db, "released of "+orderID, `SELECT line_no, qty FROM order_released WHERE order_id = ?`, orderID)
}

// ReleaseByID returns a recorded release, or ENOTFOUND.
func (d *DB) ReleaseByID(ctx context.Context, id string) (pos.PickupRelease, error) {
	return releaseByID(ctx, d.db, id)
}

func releaseByID(ctx context.Context, q queryer, id string) (pos.PickupRelease, error) {
	return bodyOf[pos.PickupRelease](ctx, q, "release "+id, `SELECT body FROM pickup_releases WHERE id = ?`, id)
}

// CommitRelease records a release, the released quantities, stock
// movements out and a's events in one transaction. A release already
// recorded under r.ID is returned instead (replayed true).
func (d *DB) CommitRelease(ctx context.Context, r *pos.PickupRelease, a pos.Audit) (bool, error) {
	replayed := false
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		if prev, err := releaseByID(ctx, tx, r.ID); err == nil {
			*r, replayed = prev, true
			return nil
		} else if !pos.IsNotFound(err) {
			return err
		}
		var body string
		if err := tx.QueryRowContext(ctx, `SELECT body FROM orders WHERE id = ?`, r.OrderID).Scan(&body); err != nil {
			return fmt.Errorf("order %s: %w", r.OrderID, err)
		}
		var o pos.Order
		if err := json.Unmarshal([]byte(body), &o); err != nil {
			return fmt.Errorf("order %s: %w", r.OrderID, err)
		}
		for _, l := range r.Lines {
			if _, err := tx.ExecContext(ctx, `INSERT INTO order_released(order_id, line_no, qty) VALUES (?, ?, ?)
				ON CONFLICT(order_id, line_no) DO UPDATE SET qty = qty + excluded.qty`, r.OrderID, l.LineNo, l.Qty); err != nil {
				return fmt.Errorf("released quantity: %w", err)
			}
			var total int64
			if err := tx.QueryRowContext(ctx, `SELECT qty FROM order_released WHERE order_id = ? AND line_no = ?`, r.OrderID, l.LineNo).Scan(&total); err != nil {
				return err
			}
			if l.LineNo < 1 || l.LineNo > len(o.Lines) || total > o.Lines[l.LineNo-1].Qty {
				return pos.Errorf(pos.ECONFLICT, "order %s line %d: more handed over than ordered", o.PickupCode, l.LineNo)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO stock_movements(sku, delta, reason, ref, at) VALUES (?,?,?,?,?)`,
				o.Lines[l.LineNo-1].SKU, -l.Qty, "pickup", r.ID, formatTime(r.At)); err != nil {
				return fmt.Errorf("stock movement: %w", err)
			}
		}
		rb, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pickup_releases(id, order_id, at, body) VALUES (?,?,?,?)`, r.ID, r.OrderID, formatTime(r.At), string(rb)); err != nil {
			return fmt.Errorf("record release: %w", err)
		}
		_, err = d.applyAudit(ctx, tx, a)
		return err
	})
	return replayed, err
}
