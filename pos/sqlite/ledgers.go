package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/omnilane/omnilane/pos"
)

// LedgerBalance returns the balance of a gift card or store credit account
// as this lane sees it: central's chain-wide snapshot plus the movements of
// this lane's and its peers' journal entries central had not counted (the
// sum of this lane's movements when it holds no snapshot). ENOTFOUND for an
// account known neither here, nor in the snapshot, nor through a peer.
func (d *DB) LedgerBalance(ctx context.Context, kind, account string) (pos.Money, error) {
	return ledgerBalance(ctx, d.db, d.deviceID, kind, account)
}

func ledgerBalance(ctx context.Context, q ledgerQueryer, deviceID, kind, account string) (pos.Money, error) {
	a, err := readLedgerAccount(ctx, q, deviceID, kind, account)
	if err != nil {
		return 0, err
	}
	if !a.known {
		return 0, pos.Errorf(pos.ENOTFOUND, "no %s %s", strings.ReplaceAll(kind, "_", " "), account)
	}
	return a.balance, nil
}

// CreditLedger records a credit, opening the account if new, with its
// audit (override, ledger.credited event) in one transaction.
func (d *DB) CreditLedger(ctx context.Context, m pos.LedgerMovement, a pos.Audit) error {
	if m.Delta <= 0 {
		return pos.Errorf(pos.EINVALID, "a credit is positive")
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		var cur string
		err := tx.QueryRowContext(ctx, `SELECT currency FROM ledger_accounts WHERE kind = ? AND account = ?`, m.Kind, m.Account).Scan(&cur)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			// An account opened elsewhere in the chain keeps its currency.
			known, err := readLedgerAccount(ctx, tx, d.deviceID, m.Kind, m.Account)
			if err != nil {
				return err
			}
			if known.known && known.currency != m.Currency {
				return pos.Errorf(pos.EINVALID, "%s %s is in %s, not %s", m.Kind, m.Account, known.currency, m.Currency)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_accounts(kind, account, currency, created_at) VALUES (?,?,?,?)`,
				m.Kind, m.Account, m.Currency, formatTime(m.At)); err != nil {
				return fmt.Errorf("open %s %s: %w", m.Kind, m.Account, err)
			}
		case err != nil:
			return err
		case cur != m.Currency:
			return pos.Errorf(pos.EINVALID, "%s %s is in %s, not %s", m.Kind, m.Account, cur, m.Currency)
		}
		evs, err := d.applyAudit(ctx, tx, a)
		if err != nil {
			return err
		}
		return insertMovement(ctx, tx, m, evs[len(evs)-1].Seq)
	})
}

func insertMovement(ctx context.Context, tx *sql.Tx, m pos.LedgerMovement, seq int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_movements(kind, account, delta, reason, ref, at, journal_seq) VALUES (?,?,?,?,?,?,?)`,
		m.Kind, m.Account, m.Delta, m.Reason, m.Ref, formatTime(m.At), seq); err != nil {
		return fmt.Errorf("%s %s movement: %w", m.Kind, m.Account, err)
	}
	return nil
}

// VoucherByCode returns a voucher by its code.
func (d *DB) VoucherByCode(ctx context.Context, code string) (pos.Voucher, error) {
	var v pos.Voucher
	var issued string
	err := d.db.QueryRowContext(ctx, `SELECT code, amount, currency, issued_at, reason, redeemed_sale FROM vouchers WHERE code = ?`, code).
		Scan(&v.Code, &v.Amount, &v.Currency, &issued, &v.Reason, &v.RedeemedSale)
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Voucher{}, pos.Errorf(pos.ENOTFOUND, "no voucher %s", code)
	}
	if err != nil {
		return pos.Voucher{}, fmt.Errorf("voucher %s: %w", code, err)
	}
	v.IssuedAt, _ = parseTime(issued)
	return v, nil
}

// IssueVoucher stores a new voucher with its audit in one transaction.
func (d *DB) IssueVoucher(ctx context.Context, v pos.Voucher, a pos.Audit) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM vouchers WHERE code = ?`, v.Code).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return pos.Errorf(pos.ECONFLICT, "voucher %s already exists", v.Code)
		}
		if _, err := d.applyAudit(ctx, tx, a); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO vouchers(code, amount, currency, issued_at, reason) VALUES (?,?,?,?,?)`,
			v.Code, v.Amount, v.Currency, formatTime(v.IssuedAt), v.Reason)
		return err
	})
}

// spendTenders debits the ledgers and redeems the vouchers a sale's tenders
// use, checking balances inside the sale's transaction; seq is the journal
// entry of the sale, which records the movements.
func spendTenders(ctx context.Context, tx *sql.Tx, s *pos.Sale, seq int64) error {
	for _, t := range s.Tenders {
		switch t.Method {
		case pos.TenderGiftCard, pos.TenderStoreCredit:
			bal, err := ledgerBalance(ctx, tx, s.DeviceID, t.Method, t.Ref)
			if err != nil {
				return err
			}
			held, err := heldByOpenCards(ctx, tx, t.Method, t.Ref)
			if err != nil {
				return err
			}
			if bal-held < t.Amount {
				return pos.Errorf(pos.EINSUFFICIENT, "%s %s has %d (%d held by a card payment not yet resolved), not %d", t.Method, t.Ref, bal, held, t.Amount)
			}
			// An account known through central or a peer is opened here on first use.
			if _, err := openKnownAccount(ctx, tx, s.DeviceID, t.Method, t.Ref, formatTime(s.At)); err != nil {
				return err
			}
			if err := insertMovement(ctx, tx, pos.LedgerMovement{Kind: t.Method, Account: t.Ref, Delta: -t.Amount, Reason: "sale",
				Ref: s.ID, At: s.At}, seq); err != nil {
				return err
			}
		case pos.TenderVoucher:
			if held, err := heldByOpenCards(ctx, tx, t.Method, t.Ref); err != nil {
				return err
			} else if held > 0 {
				return pos.Errorf(pos.ECONFLICT, "voucher %s is held by a card payment not yet resolved", t.Ref)
			}
			res, err := tx.ExecContext(ctx, `UPDATE vouchers SET redeemed_sale = ?, redeemed_at = ? WHERE code = ? AND redeemed_sale = '' AND currency = ?`,
				s.ID, formatTime(s.At), t.Ref, s.Currency)
			if err != nil {
				return fmt.Errorf("redeem voucher %s: %w", t.Ref, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return pos.Errorf(pos.ECONFLICT, "voucher %s is unknown or already used", t.Ref)
			}
		}
	}
	return nil
}

// heldByOpenCards sums what the card payments not yet resolved hold on a
// gift card, store credit account or voucher: the other tenders of a split
// payment (pos.CardBasket.Tenders), spent only if the terminal approves. A
// payment whose terminal transaction is already on a sale (the sale being
// written, or written before a crash) holds nothing: the sale spent it.
func heldByOpenCards(ctx context.Context, q queryer, method, ref string) (pos.Money, error) {
	var held pos.Money
	err := q.QueryRowContext(ctx, `SELECT coalesce(sum(json_extract(t.value, '$.amount')), 0)
		FROM card_payments c, json_each(c.body, '$.basket.tenders') t
		WHERE c.state NOT IN ('recorded', 'not_taken') AND c.kind = 'payment'
		  AND json_extract(t.value, '$.method') = ?1 AND upper(json_extract(t.value, '$.ref')) = upper(?2)
		  AND NOT (c.terminal_tx_id <> '' AND EXISTS (SELECT 1 FROM sale_tenders s WHERE s.ref = c.terminal_tx_id AND s.method = ?3))`,
		method, ref, pos.TenderCard).Scan(&held)
	if err != nil {
		return 0, fmt.Errorf("held on %s %s: %w", method, ref, err)
	}
	return held, nil
}

var _ pos.LedgerStore = (*DB)(nil)
