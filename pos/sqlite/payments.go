package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
)

var _ pos.CardPaymentStore = (*DB)(nil)

// serviceIDSpace keeps ServiceIDs within nexo's 10 characters.
const serviceIDSpace = 10_000_000_000

// NextServiceID returns the next ServiceID of a terminal from a persisted
// counter. A terminal's first counter starts from the clock (seconds since
// 2020), so a reinstalled lane does not reuse the ServiceIDs its terminal
// still remembers unless it made more than one request a second on average.
func (d *DB) NextServiceID(ctx context.Context, terminalID string) (string, error) {
	var n int64
	seed := time.Now().Unix() - 1577836800
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO card_service_ids(terminal_id, last) VALUES (?, ?)
			ON CONFLICT(terminal_id) DO UPDATE SET last = (last + 1) % ?
			RETURNING last`, terminalID, seed%serviceIDSpace, serviceIDSpace).Scan(&n)
	})
	if err != nil {
		return "", fmt.Errorf("next service id of %s: %w", terminalID, err)
	}
	return strconv.FormatInt(n, 10), nil
}

// InsertCardPayment records a new card request.
func (d *DB) InsertCardPayment(ctx context.Context, p pos.CardPayment) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = d.db.ExecContext(ctx, `INSERT INTO card_payments(id, kind, terminal_id, service_id, transaction_ref, sale_id,
		amount, currency, state, terminal_tx_id, body, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		p.ID, p.Kind, p.Ref.TerminalID, p.Ref.ServiceID, p.TransactionRef, p.SaleID, p.Amount, p.Currency, p.State,
		p.Result.TerminalTxID, string(body), formatTime(p.CreatedAt), formatTime(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert card payment %s: %w", p.ID, err)
	}
	return nil
}

// UpdateCardPayment stores a request's state, result and error. A recorded
// request is never changed again.
func (d *DB) UpdateCardPayment(ctx context.Context, p pos.CardPayment) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		_, err := d.updateCard(ctx, tx, p)
		return err
	})
}

func (d *DB) updateCard(ctx context.Context, tx *sql.Tx, p pos.CardPayment) (bool, error) {
	body, err := json.Marshal(p)
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE card_payments SET state = ?, sale_id = ?, terminal_tx_id = ?, body = ?, updated_at = ?
		WHERE id = ? AND state <> 'recorded'`,
		p.State, p.SaleID, p.Result.TerminalTxID, string(body), formatTime(p.UpdatedAt), p.ID)
	if err != nil {
		return false, fmt.Errorf("update card payment %s: %w", p.ID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecordCardPayment marks p recorded and appends its journal event in one
// transaction. Recording an already recorded request does nothing.
func (d *DB) RecordCardPayment(ctx context.Context, p pos.CardPayment, ev pos.Event) (pos.Event, error) {
	var sealed pos.Event
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		p.State = pos.CardRecorded
		changed, err := d.updateCard(ctx, tx, p)
		if err != nil || !changed {
			return err
		}
		sealed, err = d.appendEvent(ctx, tx, ev)
		return err
	})
	return sealed, err
}

const cardCols = `body, closed, period_id`

func scanCard(r scanner) (pos.CardPayment, error) {
	var body, period string
	var closed int
	if err := r.Scan(&body, &closed, &period); err != nil {
		return pos.CardPayment{}, err
	}
	var p pos.CardPayment
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		return pos.CardPayment{}, fmt.Errorf("decode card payment: %w", err)
	}
	return p, nil
}

func (d *DB) cardsWhere(ctx context.Context, where string, args ...any) ([]pos.CardPayment, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+cardCols+` FROM card_payments WHERE `+where+` ORDER BY created_at, rowid`, args...)
	if err != nil {
		return nil, fmt.Errorf("card payments: %w", err)
	}
	defer rows.Close()
	var out []pos.CardPayment
	for rows.Next() {
		p, err := scanCard(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CardPaymentByID returns one card request.
func (d *DB) CardPaymentByID(ctx context.Context, id string) (pos.CardPayment, error) {
	p, err := scanCard(d.db.QueryRowContext(ctx, `SELECT `+cardCols+` FROM card_payments WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return pos.CardPayment{}, pos.Errorf(pos.ENOTFOUND, "no card payment %s", id)
	}
	return p, err
}

// OpenCardPayments returns the requests not yet final, oldest first.
func (d *DB) OpenCardPayments(ctx context.Context) ([]pos.CardPayment, error) {
	return d.cardsWhere(ctx, `state NOT IN ('recorded', 'not_taken')`)
}

// CardPaymentsOfSale returns the payment recorded on a sale and its refunds.
func (d *DB) CardPaymentsOfSale(ctx context.Context, saleID string) ([]pos.CardPayment, error) {
	return d.cardsWhere(ctx, `sale_id = ? OR transaction_ref = ?`, saleID, saleID)
}

// AllCardPayments returns every card request, oldest first (reports, tests).
func (d *DB) AllCardPayments(ctx context.Context) ([]pos.CardPayment, error) {
	return d.cardsWhere(ctx, `1`)
}

// SaleIDByCardTx returns the sale with a card tender whose ref is the
// terminal transaction id.
func (d *DB) SaleIDByCardTx(ctx context.Context, terminalTxID string) (string, error) {
	if terminalTxID == "" {
		return "", pos.Errorf(pos.ENOTFOUND, "no terminal transaction id")
	}
	var id string
	err := d.db.QueryRowContext(ctx, `SELECT sale_id FROM sale_tenders WHERE ref = ? AND method = ? LIMIT 1`, terminalTxID, pos.TenderCard).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", pos.Errorf(pos.ENOTFOUND, "no sale paid by terminal transaction %s", terminalTxID)
	}
	if err != nil {
		return "", fmt.Errorf("sale of terminal transaction %s: %w", terminalTxID, err)
	}
	return id, nil
}

// UnclosedCardPayments returns a terminal's final requests not yet in a
// closed reconciliation period.
func (d *DB) UnclosedCardPayments(ctx context.Context, terminalID string) ([]pos.CardPayment, error) {
	return d.cardsWhere(ctx, `terminal_id = ? AND closed = 0 AND state IN ('recorded', 'not_taken')`, terminalID)
}

// CloseCardPeriod marks requests as reconciled in the terminal's period.
func (d *DB) CloseCardPeriod(ctx context.Context, terminalID, periodID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		args := []any{periodID, terminalID}
		for _, id := range ids {
			args = append(args, id)
		}
		q := `UPDATE card_payments SET closed = 1, period_id = ? WHERE terminal_id = ? AND id IN (?` + strings.Repeat(",?", len(ids)-1) + `)`
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	})
}
