package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"github.com/omnilane/omnilane/pos"
)

var _ pos.LedgerSyncStore = (*DB)(nil)

// LedgerPosition is the ledger feed position of the snapshot held and the
// peers whose journals this lane holds.
func (d *DB) LedgerPosition(ctx context.Context) (int64, []string, error) {
	pos, err := getState(ctx, d.db, "ledger_position")
	if err != nil {
		return 0, nil, err
	}
	_, _, peers, err := d.StockPosition(ctx)
	if err != nil {
		return 0, nil, err
	}
	return pos, peers, nil
}

// ApplyLedgers stores central's ledger snapshot (replacing the one held
// when s.Full), the journal heads it includes and its feed position, in
// one transaction.
func (d *DB) ApplyLedgers(ctx context.Context, s pos.LedgerSnapshot) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if s.Full {
			if _, err := tx.ExecContext(ctx, `DELETE FROM ledger_snapshot`); err != nil {
				return fmt.Errorf("clear ledger snapshot: %w", err)
			}
		}
		for _, b := range s.Balances {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_snapshot(kind, account, currency, balance) VALUES (?, ?, ?, ?)
				ON CONFLICT(kind, account) DO UPDATE SET currency = excluded.currency, balance = excluded.balance`,
				b.Kind, b.Account, b.Currency, b.Balance); err != nil {
				return fmt.Errorf("ledger of %s %s: %w", b.Kind, pos.MaskRef(b.Account), err)
			}
		}
		for dev, seq := range s.Heads {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_heads(device_id, seq) VALUES (?, ?)
				ON CONFLICT(device_id) DO UPDATE SET seq = excluded.seq`, dev, seq); err != nil {
				return fmt.Errorf("ledger head of %s: %w", dev, err)
			}
		}
		return setState(ctx, tx, "ledger_position", s.Position)
	})
}

// peerLedgerSQL reads the ledger movements of peers' journal entries
// central had not counted (after their ledger head), as central projects
// them: ledger.credited (+delta), gift card / store credit tenders of
// sales (−amount) and returns (+amount). Columns: delta, currency. A peer
// without a head (?6) counts from the start while the lane holds no
// snapshot, and not at all once it holds one (the snapshot may include
// its movements: the next pull brings its head), as with stock.
const peerLedgerSQL = `SELECT json_extract(p.payload, '$.delta'), coalesce(json_extract(p.payload, '$.currency'), '')
		FROM peer_events p WHERE p.type = ?3 AND json_extract(p.payload, '$.kind') = ?1 AND trim(json_extract(p.payload, '$.account')) = ?2
			AND json_extract(p.payload, '$.delta') > 0
			AND p.seq > coalesce((SELECT h.seq FROM ledger_heads h WHERE h.device_id = p.device_id), ?6)
	UNION ALL
	SELECT CASE p.type WHEN ?4 THEN -json_extract(t.value, '$.amount') ELSE json_extract(t.value, '$.amount') END,
			coalesce(json_extract(p.payload, '$.currency'), '')
		FROM peer_events p, json_each(p.payload, '$.tenders') t WHERE p.type IN (?4, ?5)
			AND json_extract(t.value, '$.method') = ?1 AND trim(json_extract(t.value, '$.ref')) = ?2
			AND p.seq > coalesce((SELECT h.seq FROM ledger_heads h WHERE h.device_id = p.device_id), ?6)`

// ledgerAccount is what this lane knows of an account: its balance and
// currency, and whether it is known at all (opened here, in central's
// snapshot, or moved by a peer's entry central had not counted).
type ledgerAccount struct {
	known    bool
	local    bool
	currency string
	balance  pos.Money
}

// readLedgerAccount returns an account as this lane sees it: central's
// snapshot, plus this lane's movements of journal entries after its ledger
// head, plus its peers' after theirs — central's own rule, so pushing those
// entries and pulling again changes nothing.
func readLedgerAccount(ctx context.Context, q ledgerQueryer, deviceID, kind, account string) (ledgerAccount, error) {
	var a ledgerAccount
	var localCur, snapCur sql.NullString
	var snap sql.NullInt64
	var own int64
	err := q.QueryRowContext(ctx, `SELECT (SELECT currency FROM ledger_accounts WHERE kind = ?1 AND account = ?2),
		(SELECT currency FROM ledger_snapshot WHERE kind = ?1 AND account = ?2),
		(SELECT balance FROM ledger_snapshot WHERE kind = ?1 AND account = ?2),
		coalesce((SELECT sum(delta) FROM ledger_movements WHERE kind = ?1 AND account = ?2
			AND journal_seq > coalesce((SELECT seq FROM ledger_heads WHERE device_id = ?3), 0)), 0)`,
		kind, account, deviceID).Scan(&localCur, &snapCur, &snap, &own)
	if err != nil {
		return a, fmt.Errorf("balance of %s %s: %w", kind, pos.MaskRef(account), err)
	}
	a.local, a.balance = localCur.Valid, pos.Money(snap.Int64+own)
	a.known = localCur.Valid || snapCur.Valid
	switch {
	case localCur.Valid:
		a.currency = localCur.String
	case snapCur.Valid:
		a.currency = snapCur.String
	}
	var snapshots int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM ledger_heads`).Scan(&snapshots); err != nil {
		return a, fmt.Errorf("ledger heads: %w", err)
	}
	noHead := int64(0)
	if snapshots > 0 {
		noHead = math.MaxInt64
	}
	rows, err := q.QueryContext(ctx, peerLedgerSQL, kind, account, pos.EventLedgerCredited, pos.EventSaleCompleted, pos.EventReturnCompleted, noHead)
	if err != nil {
		return a, fmt.Errorf("peer movements of %s %s: %w", kind, pos.MaskRef(account), err)
	}
	defer rows.Close()
	for rows.Next() {
		var delta int64
		var cur string
		if err := rows.Scan(&delta, &cur); err != nil {
			return a, fmt.Errorf("peer movements of %s %s: %w", kind, pos.MaskRef(account), err)
		}
		a.balance += pos.Money(delta)
		if !a.known {
			a.known, a.currency = true, cur
		}
	}
	if err := rows.Err(); err != nil {
		return a, fmt.Errorf("peer movements of %s %s: %w", kind, pos.MaskRef(account), err)
	}
	return a, nil
}

// openKnownAccount opens locally an account this lane knows only through
// central's snapshot or a peer, in its known currency, so that its
// movements can be written here; it returns the account's currency.
// ENOTFOUND when the account is known nowhere.
func openKnownAccount(ctx context.Context, tx *sql.Tx, deviceID, kind, account, at string) (string, error) {
	a, err := readLedgerAccount(ctx, tx, deviceID, kind, account)
	if err != nil {
		return "", err
	}
	if !a.known {
		return "", pos.Errorf(pos.ENOTFOUND, "no %s %s", strings.ReplaceAll(kind, "_", " "), account)
	}
	if !a.local {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_accounts(kind, account, currency, created_at) VALUES (?,?,?,?)`,
			kind, account, a.currency, at); err != nil {
			return "", fmt.Errorf("open %s %s: %w", kind, pos.MaskRef(account), err)
		}
	}
	return a.currency, nil
}

// ledgerQueryer runs the statements readLedgerAccount needs (the database
// or a transaction).
type ledgerQueryer interface {
	queryer
	rowsQueryer
}
