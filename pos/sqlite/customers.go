package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/omnilane/omnilane/pos"
)

var _ pos.CustomerStore = (*DB)(nil)

// CustomersCursor is the customers feed position the lane's summaries are at.
func (d *DB) CustomersCursor(ctx context.Context) (int64, error) {
	return getState(ctx, d.db, "customers_cursor")
}

// ApplyCustomers stores a page of customer summaries, forgets the removed
// ones and records the cursor, in one transaction.
func (d *DB) ApplyCustomers(ctx context.Context, delta pos.CustomerDelta) error {
	for _, c := range delta.Customers {
		if err := c.Validate(); err != nil {
			return err
		}
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		for _, c := range delta.Customers {
			body, err := json.Marshal(c)
			if err != nil {
				return fmt.Errorf("encode customer %s: %w", c.ID, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO customers(id, name, phone, email, body) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT(id) DO UPDATE SET name = excluded.name, phone = excluded.phone, email = excluded.email, body = excluded.body`,
				c.ID, c.Name, c.Phone, c.Email, string(body)); err != nil {
				return fmt.Errorf("store customer %s: %w", c.ID, err)
			}
		}
		for _, id := range delta.Removed {
			if _, err := tx.ExecContext(ctx, `DELETE FROM customers WHERE id = ?`, id); err != nil {
				return fmt.Errorf("forget customer %s: %w", id, err)
			}
		}
		return setState(ctx, tx, "customers_cursor", delta.Cursor)
	})
}

// CustomerByID returns a customer summary held, or ENOTFOUND.
func (d *DB) CustomerByID(ctx context.Context, id string) (pos.Customer, error) {
	return bodyOf[pos.Customer](ctx, d.db, "customer "+id, `SELECT body FROM customers WHERE id = ?`, id)
}
