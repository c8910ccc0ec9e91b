package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getState(ctx context.Context, q queryer, key string) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", key, err)
	}
	return v, nil
}

func setState(ctx context.Context, tx *sql.Tx, key string, v int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO sync_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, v); err != nil {
		return fmt.Errorf("write %s: %w", key, err)
	}
	return nil
}

// CatalogCursor is the central feed position the local catalog is at.
func (d *DB) CatalogCursor(ctx context.Context) (int64, error) {
	return getState(ctx, d.db, "catalog_cursor")
}

// AckedSeq is the highest journal seq central has acknowledged.
func (d *DB) AckedSeq(ctx context.Context) (int64, error) {
	return getState(ctx, d.db, "acked_seq")
}

// SetAckedSeq records central's acknowledgement; it never moves back, and
// never past the journal's last entry.
func (d *DB) SetAckedSeq(ctx context.Context, seq int64) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := getState(ctx, tx, "acked_seq")
		if err != nil {
			return err
		}
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM journal`).Scan(&last); err != nil {
			return err
		}
		if seq > last {
			return fmt.Errorf("central acknowledged seq %d but the journal ends at %d", seq, last)
		}
		if seq <= cur {
			return nil
		}
		return setState(ctx, tx, "acked_seq", seq)
	})
}

// PendingEvents counts journal entries central has not acknowledged.
func (d *DB) PendingEvents(ctx context.Context) (int64, error) {
	acked, err := d.AckedSeq(ctx)
	if err != nil {
		return 0, err
	}
	var last int64
	if err := d.db.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM journal`).Scan(&last); err != nil {
		return 0, err
	}
	return last - acked, nil
}

// OrdersCursor is the position in central's online-orders feed the lane's
// copies of the store's orders are at (0 before the first pull).
func (d *DB) OrdersCursor(ctx context.Context) (int64, error) {
	return getState(ctx, d.db, "orders_cursor")
}

// SetOrdersCursor records the orders feed position after the orders up to
// it were stored; it never moves back.
func (d *DB) SetOrdersCursor(ctx context.Context, cursor int64) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := getState(ctx, tx, "orders_cursor")
		if err != nil || cursor <= cur {
			return err
		}
		return setState(ctx, tx, "orders_cursor", cursor)
	})
}
