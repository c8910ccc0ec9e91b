package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/omnilane/omnilane/pos"
)

// PendingReceiptJobs returns unprinted receipt jobs, oldest first.
func (d *DB) PendingReceiptJobs(ctx context.Context, limit int) ([]pos.ReceiptJob, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, sale_id, copy, attempts, last_error FROM receipt_jobs WHERE printed = 0 ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("pending receipts: %w", err)
	}
	defer rows.Close()
	var out []pos.ReceiptJob
	for rows.Next() {
		var j pos.ReceiptJob
		var copy int
		if err := rows.Scan(&j.ID, &j.SaleID, &copy, &j.Attempts, &j.LastError); err != nil {
			return nil, err
		}
		j.Copy = copy != 0
		out = append(out, j)
	}
	return out, rows.Err()
}

// FinishReceiptJob marks a job printed, or records a failed attempt.
func (d *DB) FinishReceiptJob(ctx context.Context, id int64, printErr error) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if printErr == nil {
			_, err = tx.ExecContext(ctx, `UPDATE receipt_jobs SET printed = 1, attempts = attempts + 1, last_error = '' WHERE id = ?`, id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE receipt_jobs SET attempts = attempts + 1, last_error = ? WHERE id = ?`, printErr.Error(), id)
		}
		if err != nil {
			return fmt.Errorf("finish receipt job %d: %w", id, err)
		}
		return nil
	})
}

// AddReceiptJob queues a (re)print of a sale's receipt.
func (d *DB) AddReceiptJob(ctx context.Context, saleID string, copy bool) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO receipt_jobs(sale_id, copy) VALUES (?, ?)`, saleID, b2i(copy)); err != nil {
			return fmt.Errorf("queue receipt for %s: %w", saleID, err)
		}
		return nil
	})
}
