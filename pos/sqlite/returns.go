package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/omnilane/omnilane/pos"
)

var _ pos.ReturnStore = (*DB)(nil)

// ReturnedQty returns, per original line number, the units of a sale already
// returned at this device.
func (d *DB) ReturnedQty(ctx context.Context, saleID string) (map[int]int64, error) {
	return returnedQty(ctx, d.db, saleID)
}

type rowsQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func returnedQty(ctx context.Context, q rowsQueryer, saleID string) (map[int]int64, error) {
	return qtyByLine(ctx, q, "returned quantities of "+saleID, `SELECT line_no, qty FROM returned_lines WHERE original_sale_id = ?`, saleID)
}

// qtyByLine reads (line_no, qty) rows into a map by line number: what was
// returned of a sale, or handed over of an order.
func qtyByLine(ctx context.Context, q rowsQueryer, what, query string, args ...any) (map[int]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var no int
		var qty int64
		if err := rows.Scan(&no, &qty); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out[no] = qty
	}
	return out, rows.Err()
}

// CommitReturn writes the return, its quantities, stock movements back and
// a's events in one transaction. The quantities are checked again inside
// the transaction, so two desks cannot both return the last unit.
func (d *DB) CommitReturn(ctx context.Context, r *pos.Return, a pos.Audit) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		done, err := returnedQty(ctx, tx, r.OriginalSaleID)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM returns`).Scan(&r.Number); err != nil {
			return fmt.Errorf("next return number: %w", err)
		}
		for _, l := range r.Lines {
			if l.No <= 0 {
				return fmt.Errorf("return line without its original line number")
			}
			done[l.No] += l.Qty
			if _, err := tx.ExecContext(ctx, `INSERT INTO returned_lines(original_sale_id, line_no, qty) VALUES (?, ?, ?)
				ON CONFLICT(original_sale_id, line_no) DO UPDATE SET qty = excluded.qty`, r.OriginalSaleID, l.No, done[l.No]); err != nil {
				return fmt.Errorf("returned quantity: %w", err)
			}
			qty := l.Qty
			if l.Grams > 0 {
				qty = l.Grams
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO stock_movements(sku, delta, reason, ref, at) VALUES (?,?,?,?,?)`,
				l.SKU, qty, "return", r.ID, formatTime(r.At)); err != nil {
				return fmt.Errorf("stock movement: %w", err)
			}
		}
		if err := d.checkNotOverReturned(ctx, tx, r, done); err != nil {
			return err
		}
		body, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encode return: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO returns(id, number, original_sale_id, original_receipt, at, operator, total, body) VALUES (?,?,?,?,?,?,?,?)`,
			r.ID, r.Number, r.OriginalSaleID, r.OriginalReceipt, formatTime(r.At), r.Operator, r.Totals.Total, string(body)); err != nil {
			return fmt.Errorf("insert return: %w", err)
		}
		if err := setLastPayload(&a, body); err != nil {
			return err
		}
		evs, err := d.applyAudit(ctx, tx, a)
		if err != nil {
			return err
		}
		return refundTenders(ctx, tx, r, evs[len(evs)-1].Seq)
	})
}

// refundTenders credits the gift cards and store credit accounts a return
// refunds to and issues the vouchers it gives, in the return's transaction;
// seq is the return.completed entry that records them. An account must be
// known at this lane (its own ledger, central's snapshot or a peer's
// journal), in the return's currency.
func refundTenders(ctx context.Context, tx *sql.Tx, r *pos.Return, seq int64) error {
	for _, t := range r.Tenders {
		switch t.Method {
		case pos.TenderGiftCard, pos.TenderStoreCredit:
			// An account of the chain known through central's snapshot or a
			// peer is opened here on first use.
			cur, err := openKnownAccount(ctx, tx, r.DeviceID, t.Method, t.Ref, formatTime(r.At))
			switch {
			case pos.IsNotFound(err):
				return pos.Errorf(pos.ETENDERELSEWHERE, "%s %s is not known at this lane", t.Method, pos.MaskRef(t.Ref))
			case err != nil:
				return fmt.Errorf("refund to %s: %w", t.Method, err)
			case cur != r.Currency:
				return pos.Errorf(pos.EINVALID, "%s %s is in %s, not %s", t.Method, pos.MaskRef(t.Ref), cur, r.Currency)
			}
			if err := insertMovement(ctx, tx, pos.LedgerMovement{Kind: t.Method, Account: t.Ref, Delta: t.Amount, Reason: "return",
				Ref: r.ID, At: r.At}, seq); err != nil {
				return err
			}
		case pos.TenderVoucher:
			if _, err := tx.ExecContext(ctx, `INSERT INTO vouchers(code, amount, currency, issued_at, reason) VALUES (?,?,?,?,?)`,
				t.Ref, t.Amount, r.Currency, formatTime(r.At), "devolución "+r.ReceiptCode()); err != nil {
				return fmt.Errorf("issue voucher %s for return %s: %w", t.Ref, r.ID, err)
			}
		}
	}
	return nil
}

// checkNotOverReturned refuses quantities above what the original sale
// sold, when the original sale is known here.
func (d *DB) checkNotOverReturned(ctx context.Context, tx *sql.Tx, r *pos.Return, done map[int]int64) error {
	var body string
	err := tx.QueryRowContext(ctx, `SELECT body FROM sales WHERE id = ?`, r.OriginalSaleID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // another lane's sale: the lane checked against its copy, central checks again
	}
	if err != nil {
		return fmt.Errorf("original sale: %w", err)
	}
	var s pos.Sale
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		return fmt.Errorf("original sale: %w", err)
	}
	for no, qty := range done {
		if no > len(s.Lines) || qty > s.Lines[no-1].Qty {
			return pos.Errorf(pos.ECONFLICT, "line %d of %s: more returned than sold", no, s.ReceiptCode())
		}
	}
	return nil
}

// ReturnByID returns a return taken at this device.
func (d *DB) ReturnByID(ctx context.Context, id string) (pos.Return, error) {
	return bodyOf[pos.Return](ctx, d.db, "return "+id, `SELECT body FROM returns WHERE id = ?`, id)
}

// RefundedTenders returns the tenders refunded against a sale by the
// returns taken here.
func (d *DB) RefundedTenders(ctx context.Context, saleID string) ([]pos.Tender, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT body FROM returns WHERE original_sale_id = ? ORDER BY number`, saleID)
	if err != nil {
		return nil, fmt.Errorf("refunds of %s: %w", saleID, err)
	}
	defer rows.Close()
	var out []pos.Tender
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var r pos.Return
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, fmt.Errorf("refunds of %s: %w", saleID, err)
		}
		out = append(out, r.Tenders...)
	}
	return out, rows.Err()
}
