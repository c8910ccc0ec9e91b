package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/omnilane/omnilane/pos"
)

// CommitSale writes the sale, its tenders, its stock movements, a receipt
// job and the sale.completed journal event (whose payload is the sale) in one
// transaction, debiting the gift cards and store credit and redeeming the
// vouchers its tenders use (balances checked in the transaction). It assigns s.Number, the next receipt number of the device.
func (d *DB) CommitSale(ctx context.Context, s *pos.Sale, ev pos.Event) (pos.Event, error) {
	var sealed pos.Event
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM sales`).Scan(&s.Number); err != nil {
			return fmt.Errorf("next receipt number: %w", err)
		}
		body, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("encode sale: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sales(id, number, at, operator, currency, total, tax, body) VALUES (?,?,?,?,?,?,?,?)`,
			s.ID, s.Number, formatTime(s.At), s.Operator, s.Currency, s.Totals.Total, s.Totals.Tax, string(body)); err != nil {
			return fmt.Errorf("insert sale: %w", err)
		}
		for i, t := range s.Tenders {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sale_tenders(sale_id, idx, method, amount, ref) VALUES (?,?,?,?,?)`,
				s.ID, i, t.Method, t.Amount, t.Ref); err != nil {
				return fmt.Errorf("insert tender: %w", err)
			}
		}
		for _, l := range s.Lines {
			if l.Voided {
				continue
			}
			qty := l.Qty
			if l.Grams > 0 {
				qty = l.Grams
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO stock_movements(sku, delta, reason, ref, at) VALUES (?,?,?,?,?)`,
				l.SKU, -qty, "sale", s.ID, formatTime(s.At)); err != nil {
				return fmt.Errorf("insert stock movement: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO receipt_jobs(sale_id) VALUES (?)`, s.ID); err != nil {
			return fmt.Errorf("queue receipt: %w", err)
		}
		ev.Type, ev.Payload = pos.EventSaleCompleted, body
		if sealed, err = d.appendEvent(ctx, tx, ev); err != nil {
			return err
		}
		return spendTenders(ctx, tx, s, sealed.Seq)
	})
	return sealed, err
}

// SaleByID returns a sale recorded at this device.
func (d *DB) SaleByID(ctx context.Context, id string) (pos.Sale, error) {
	return d.saleWhere(ctx, `id = ?`, id)
}

// SaleByNumber returns a sale by its receipt number.
func (d *DB) SaleByNumber(ctx context.Context, number int64) (pos.Sale, error) {
	return d.saleWhere(ctx, `number = ?`, number)
}

func (d *DB) saleWhere(ctx context.Context, where string, arg any) (pos.Sale, error) {
	return bodyOf[pos.Sale](ctx, d.db, fmt.Sprintf("sale %v", arg), `SELECT body FROM sales WHERE `+where, arg)
}
