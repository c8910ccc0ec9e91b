package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

var (
	_ central.LedgerBook = (*journalTx)(nil)
	_ central.LedgerFeed = (*DB)(nil)
)

// AddLedgers records the chain-wide ledger movements of a batch, each once
// per (device, seq, kind, account), and moves the accounts' balances.
func (j *journalTx) AddLedgers(ctx context.Context, ms []central.LedgerMove) ([]central.LedgerResult, error) {
	out := make([]central.LedgerResult, len(ms))
	for i, m := range ms {
		res, err := j.tx.ExecContext(ctx, `INSERT INTO ledger_entries (device_id, seq, kind, account, delta, currency, at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			m.DeviceID, m.Seq, m.Kind, m.Account, m.Delta, m.Currency, m.At.UTC().Format(timeLayout))
		if err != nil {
			return nil, fmt.Errorf("ledger %s %s: %w", m.Kind, m.Account, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return nil, fmt.Errorf("ledger %s %s: %w", m.Kind, m.Account, err)
		}
		r := central.LedgerResult{Applied: n == 1}
		if r.Applied {
			id, err := res.LastInsertId()
			if err != nil {
				return nil, fmt.Errorf("ledger %s %s: %w", m.Kind, m.Account, err)
			}
			if _, err := j.tx.ExecContext(ctx, `INSERT INTO ledger_balances (kind, account, currency, balance, changed_id) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (kind, account) DO UPDATE SET balance = balance + excluded.balance, changed_id = excluded.changed_id`,
				m.Kind, m.Account, m.Currency, m.Delta, id); err != nil {
				return nil, fmt.Errorf("ledger %s %s balance: %w", m.Kind, m.Account, err)
			}
		}
		err = j.tx.QueryRowContext(ctx, `SELECT balance, currency FROM ledger_balances WHERE kind = ? AND account = ?`, m.Kind, m.Account).
			Scan(&r.Balance, &r.Currency)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("ledger %s %s balance: %w", m.Kind, m.Account, err)
		}
		out[i] = r
	}
	return out, nil
}

// LedgerChanges returns, from one read transaction (one snapshot of the
// database), the chain's balances changed after q.Since — every balance
// when it is 0 or ahead of central's (a restored database) — by (kind,
// account) after the cursor, at most q.Limit, the position after them and
// each device's journal head.
func (d *DB) LedgerChanges(ctx context.Context, q protocol.LedgerQuery) (protocol.LedgerPage, error) {
	limit := max(q.Limit, 1)
	tx, err := d.r.BeginTx(ctx, nil)
	if err != nil {
		return protocol.LedgerPage{}, fmt.Errorf("ledger feed: %w", err)
	}
	defer tx.Rollback()
	page := protocol.LedgerPage{Heads: make(map[string]int64, len(q.Devices)), Balances: []protocol.LedgerBalance{}}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM ledger_entries`).Scan(&page.Position); err != nil {
		return protocol.LedgerPage{}, fmt.Errorf("ledger feed position: %w", err)
	}
	for _, dev := range q.Devices {
		var head int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM events WHERE device_id = ?`, dev).Scan(&head); err != nil {
			return protocol.LedgerPage{}, fmt.Errorf("ledger feed head of %s: %w", dev, err)
		}
		page.Heads[dev] = head
	}
	since := q.Since
	page.Full = since == 0 || since > page.Position
	if page.Full {
		since = 0
	}
	rows, err := tx.QueryContext(ctx, `SELECT kind, account, currency, balance FROM ledger_balances
		WHERE changed_id > ? AND (kind, account) > (?, ?) ORDER BY kind, account LIMIT ?`,
		since, q.AfterKind, q.AfterAccount, limit+1)
	if err != nil {
		return protocol.LedgerPage{}, fmt.Errorf("ledger feed balances: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if len(page.Balances) == limit {
			page.More = true
			break
		}
		var b protocol.LedgerBalance
		if err := rows.Scan(&b.Kind, &b.Account, &b.Currency, &b.Balance); err != nil {
			return protocol.LedgerPage{}, fmt.Errorf("ledger feed balances: %w", err)
		}
		page.Balances = append(page.Balances, b)
	}
	if err := rows.Err(); err != nil {
		return protocol.LedgerPage{}, fmt.Errorf("ledger feed balances: %w", err)
	}
	return page, nil
}
