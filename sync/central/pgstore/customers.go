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

var _ central.CustomerStorage = (*DB)(nil)

// lockCustomers (second key 0) serialises writers of the customers feed, so
// feed numbers are handed out in commit order and a reader never skips one.
const lockCustomers int32 = 0x6f6d0007

// customersTx runs fn under the customers feed lock and returns the cursor after it.
func (d *DB) customersTx(ctx context.Context, fn func(tx pgx.Tx) error) (int64, error) {
	var cur int64
	err := d.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, 0)`, lockCustomers); err != nil {
			return fmt.Errorf("lock customers: %w", err)
		}
		if err := fn(tx); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(change_seq), 0) FROM customers`).Scan(&cur); err != nil {
			return fmt.Errorf("customers cursor: %w", err)
		}
		return nil
	})
	return cur, err
}

// UpsertCustomers adds or replaces customer summaries in one transaction,
// each changed one taking the next customers feed number.
func (d *DB) UpsertCustomers(ctx context.Context, cs []pos.Customer) (int64, error) {
	return d.customersTx(ctx, func(tx pgx.Tx) error {
		now := d.now()
		for _, c := range cs {
			body, err := json.Marshal(c)
			if err != nil {
				return fmt.Errorf("customer %s: %w", c.ID, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO customers (id, home_store, body, removed, change_seq, updated_at)
				VALUES ($1, $2, $3, false, (SELECT coalesce(max(change_seq), 0) + 1 FROM customers), $4)
				ON CONFLICT (id) DO UPDATE SET home_store = excluded.home_store, body = excluded.body, removed = false,
					change_seq = excluded.change_seq, updated_at = excluded.updated_at
				WHERE customers.body <> excluded.body OR customers.removed`, c.ID, c.HomeStore, string(body), now); err != nil {
				return fmt.Errorf("upsert customer %s: %w", c.ID, err)
			}
		}
		return nil
	})
}

// RemoveCustomers erases summaries: only the id stays, as a removal in the
// feed. Unknown or already erased ids change nothing.
func (d *DB) RemoveCustomers(ctx context.Context, ids []string) (int64, error) {
	return d.customersTx(ctx, func(tx pgx.Tx) error {
		now := d.now()
		for _, id := range ids {
			if _, err := tx.Exec(ctx, `UPDATE customers SET body = '', removed = true,
				change_seq = (SELECT max(change_seq) + 1 FROM customers), updated_at = $1 WHERE id = $2 AND NOT removed`, now, id); err != nil {
				return fmt.Errorf("erase customer %s: %w", id, err)
			}
		}
		return nil
	})
}

// CustomerChanges returns up to limit changes after cursor as a store's
// lanes see them: its customers and the chain's in full, everybody else's
// as removals.
func (d *DB) CustomerChanges(ctx context.Context, storeID string, after int64, limit int) (protocol.CustomersPage, error) {
	type row struct {
		id, home, body string
		removed        bool
		seq            int64
	}
	limit = max(limit, 0)
	rows, err := queryAll(ctx, d, `SELECT id, home_store, body, removed, change_seq FROM customers WHERE change_seq > $1 ORDER BY change_seq LIMIT $2`,
		[]any{after, limit + 1}, func(r pgx.Rows) (row, error) {
			var x row
			err := r.Scan(&x.id, &x.home, &x.body, &x.removed, &x.seq)
			return x, err
		})
	if err != nil {
		return protocol.CustomersPage{}, fmt.Errorf("customer changes after %d: %w", after, err)
	}
	page := protocol.CustomersPage{Cursor: after, Customers: []pos.Customer{}}
	for i, x := range rows {
		if i == limit {
			page.More = true
			break
		}
		page.Cursor = x.seq
		if err := central.AddCustomerChange(&page, storeID, x.id, x.home, []byte(x.body), x.removed); err != nil {
			return protocol.CustomersPage{}, err
		}
	}
	return page, nil
}
