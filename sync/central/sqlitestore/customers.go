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

var _ central.CustomerStorage = (*DB)(nil)

// UpsertCustomers adds or replaces customer summaries in one transaction,
// each changed one taking the next customers feed number.
func (d *DB) UpsertCustomers(ctx context.Context, cs []pos.Customer) (int64, error) {
	var cur int64
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		now := d.now()
		for _, c := range cs {
			body, err := json.Marshal(c)
			if err != nil {
				return fmt.Errorf("customer %s: %w", c.ID, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO customers (id, home_store, body, removed, change_seq, updated_at)
				VALUES (?, ?, ?, 0, (SELECT coalesce(max(change_seq), 0) + 1 FROM customers), ?)
				ON CONFLICT (id) DO UPDATE SET home_store = excluded.home_store, body = excluded.body, removed = 0,
					change_seq = excluded.change_seq, updated_at = excluded.updated_at
				WHERE customers.body <> excluded.body OR customers.removed = 1`, c.ID, c.HomeStore, string(body), now); err != nil {
				return fmt.Errorf("upsert customer %s: %w", c.ID, err)
			}
		}
		return customersCursor(ctx, tx, &cur)
	})
	return cur, err
}

// RemoveCustomers erases summaries: only the id stays, as a removal in the
// feed. Unknown or already erased ids change nothing.
func (d *DB) RemoveCustomers(ctx context.Context, ids []string) (int64, error) {
	var cur int64
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		now := d.now()
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE customers SET body = '', removed = 1,
				change_seq = (SELECT max(change_seq) + 1 FROM customers), updated_at = ? WHERE id = ? AND removed = 0`, now, id); err != nil {
				return fmt.Errorf("erase customer %s: %w", id, err)
			}
		}
		return customersCursor(ctx, tx, &cur)
	})
	return cur, err
}

func customersCursor(ctx context.Context, tx *sql.Tx, cur *int64) error {
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(change_seq), 0) FROM customers`).Scan(cur); err != nil {
		return fmt.Errorf("customers cursor: %w", err)
	}
	return nil
}

// CustomerChanges returns up to limit changes after cursor as a store's
// lanes see them: its customers and the chain's in full, everybody else's
// as removals.
func (d *DB) CustomerChanges(ctx context.Context, storeID string, after int64, limit int) (protocol.CustomersPage, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT id, home_store, body, removed, change_seq FROM customers WHERE change_seq > ? ORDER BY change_seq LIMIT ?`, after, limit+1)
	if err != nil {
		return protocol.CustomersPage{}, fmt.Errorf("customer changes after %d: %w", after, err)
	}
	defer rows.Close()
	page := protocol.CustomersPage{Cursor: after, Customers: []pos.Customer{}}
	n := 0
	for rows.Next() {
		if n == limit {
			page.More = true
			break
		}
		n++
		var id, home, body string
		var removed bool
		if err := rows.Scan(&id, &home, &body, &removed, &page.Cursor); err != nil {
			return protocol.CustomersPage{}, fmt.Errorf("customer changes: %w", err)
		}
		if err := central.AddCustomerChange(&page, storeID, id, home, []byte(body), removed); err != nil {
			return protocol.CustomersPage{}, err
		}
	}
	return page, rows.Err()
}
