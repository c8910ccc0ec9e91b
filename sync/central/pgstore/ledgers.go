package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

var (
	_ central.LedgerBook = (*journalTx)(nil)
	_ central.LedgerFeed = (*DB)(nil)
)

// lockLedgers (second key 0) serialises writers of the chain-wide ledgers:
// an ingest takes it in its last round trip, after any stock lock, and
// holds it until commit, so ledger_entries.id grows in commit order.
const lockLedgers int32 = 0x6f6d0008

// addLedgerSQL records one movement once per (device, seq, kind, account)
// and returns whether it was new and the account's balance and currency
// after it.
const addLedgerSQL = `WITH e AS (
		INSERT INTO ledger_entries (device_id, seq, kind, account, delta, currency, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id),
	b AS (
		INSERT INTO ledger_balances (kind, account, currency, balance, changed_id) SELECT $3, $4, $6, $5, id FROM e
		ON CONFLICT (kind, account) DO UPDATE SET balance = ledger_balances.balance + excluded.balance, changed_id = excluded.changed_id
		RETURNING balance, currency)
	SELECT EXISTS (SELECT 1 FROM e),
		coalesce((SELECT balance FROM b), (SELECT balance FROM ledger_balances WHERE kind = $3 AND account = $4), 0),
		coalesce((SELECT currency FROM b), (SELECT currency FROM ledger_balances WHERE kind = $3 AND account = $4), '')`

// AddLedgers records a batch's chain-wide ledger movements in one round
// trip under the ledgers lock.
func (j *journalTx) AddLedgers(ctx context.Context, moves []central.LedgerMove) ([]central.LedgerResult, error) {
	b := &pgx.Batch{}
	b.Queue(`SELECT pg_advisory_xact_lock($1, 0)`, lockLedgers)
	for _, m := range moves {
		b.Queue(addLedgerSQL, m.DeviceID, m.Seq, m.Kind, m.Account, m.Delta, m.Currency, ms(m.At))
	}
	br := j.tx.SendBatch(ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return nil, fmt.Errorf("lock ledgers: %w", err)
	}
	out := make([]central.LedgerResult, len(moves))
	for i, m := range moves {
		r := &out[i]
		if err := br.QueryRow().Scan(&r.Applied, &r.Balance, &r.Currency); err != nil {
			return nil, fmt.Errorf("ledger %s %s: %w", m.Kind, m.Account, err)
		}
	}
	if err := br.Close(); err != nil {
		return nil, fmt.Errorf("ledgers: %w", err)
	}
	return out, nil
}

// LedgerChanges returns the chain's balances changed after q.Since —
// every balance when it is 0 or ahead of central's — by (kind, account)
// after the cursor (compared in the columns' collation, as they are
// ordered), at most q.Limit, the position after them and each device's
// journal head. It holds the ledgers lock shared while it reads, so no
// ledger change is in flight and later ones take higher ids.
func (d *DB) LedgerChanges(ctx context.Context, q protocol.LedgerQuery) (protocol.LedgerPage, error) {
	limit := max(q.Limit, 1)
	page := protocol.LedgerPage{Heads: make(map[string]int64, len(q.Devices)), Balances: []protocol.LedgerBalance{}}
	err := d.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock_shared($1, 0)`, lockLedgers); err != nil {
			return fmt.Errorf("lock ledgers: %w", err)
		}
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM ledger_entries`).Scan(&page.Position); err != nil {
			return fmt.Errorf("position: %w", err)
		}
		for _, dev := range q.Devices {
			var head int64
			if err := tx.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM events WHERE device_id = $1`, dev).Scan(&head); err != nil {
				return fmt.Errorf("head of %s: %w", dev, err)
			}
			page.Heads[dev] = head
		}
		since := q.Since
		page.Full = since == 0 || since > page.Position
		if page.Full {
			since = 0
		}
		rows, err := tx.Query(ctx, `SELECT kind, account, currency, balance FROM ledger_balances
			WHERE changed_id > $1 AND (kind, account) > ($2, $3) ORDER BY kind, account LIMIT $4`,
			since, q.AfterKind, q.AfterAccount, limit+1)
		if err != nil {
			return fmt.Errorf("balances: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if len(page.Balances) == limit {
				page.More = true
				break
			}
			var b protocol.LedgerBalance
			if err := rows.Scan(&b.Kind, &b.Account, &b.Currency, &b.Balance); err != nil {
				return fmt.Errorf("balances: %w", err)
			}
			page.Balances = append(page.Balances, b)
		}
		return rows.Err()
	})
	if err != nil {
		return protocol.LedgerPage{}, fmt.Errorf("ledger feed: %w", err)
	}
	return page, nil
}
