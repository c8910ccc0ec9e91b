package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/omnilane/omnilane/pos"
)

var _ pos.ShiftStore = (*DB)(nil)

// refundEvents are the journal events that pay money back, by the tender
// method they pay it with; their payload carries "amount".
var refundEvents = map[string]string{pos.EventCardRefund: pos.TenderCard}

// setLastPayload replaces the payload of a's last event.
func setLastPayload(a *pos.Audit, payload []byte) error {
	if len(a.Events) == 0 {
		return fmt.Errorf("no journal event to carry the record")
	}
	a.Events[len(a.Events)-1].Payload = payload
	return nil
}

// patchPayload sets key in a JSON object payload, keeping the rest.
func patchPayload(raw []byte, key string, v any) ([]byte, error) {
	m := map[string]json.RawMessage{}
	if len(raw) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("patch payload: %w", err)
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("patch payload: %w", err)
	}
	m[key] = b
	return json.Marshal(m)
}

func (d *DB) openShiftID(ctx context.Context, q queryer) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM shifts WHERE closed_at IS NULL`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", pos.Errorf(pos.ENOSHIFT, "no shift is open at %s", d.deviceID)
	}
	if err != nil {
		return "", fmt.Errorf("open shift: %w", err)
	}
	return id, nil
}

// OpenShift stores a new open shift with its journal events and sets
// sh.FirstSaleNumber (also in the shift.opened payload); ECONFLICT if a
// shift is already open.
func (d *DB) OpenShift(ctx context.Context, sh *pos.Shift, a pos.Audit) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if id, err := d.openShiftID(ctx, tx); err == nil {
			return pos.Errorf(pos.ECONFLICT, "shift %s is still open: close it with a Z report first", id)
		} else if pos.ErrorCode(err) != pos.ENOSHIFT {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM sales`).Scan(&sh.FirstSaleNumber); err != nil {
			return fmt.Errorf("next receipt number: %w", err)
		}
		if len(a.Events) == 0 {
			return fmt.Errorf("open shift: no journal event")
		}
		last := &a.Events[len(a.Events)-1]
		p, err := patchPayload(last.Payload, "first_sale_number", sh.FirstSaleNumber)
		if err != nil {
			return err
		}
		last.Payload = p
		evs, err := d.applyAudit(ctx, tx, a)
		if err != nil {
			return err
		}
		count, err := json.Marshal(sh.FloatCount)
		if err != nil {
			return fmt.Errorf("encode float count: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO shifts(id, currency, opened_at, opened_by, float, float_count, first_sale_number, open_seq) VALUES (?,?,?,?,?,?,?,?)`,
			sh.ID, sh.Currency, formatTime(sh.OpenedAt), sh.OpenedBy, sh.Float, string(count), sh.FirstSaleNumber, evs[len(evs)-1].Seq); err != nil {
			return fmt.Errorf("insert shift: %w", err)
		}
		return nil
	})
}

const shiftCols = `id, currency, opened_at, opened_by, float, float_count, first_sale_number, coalesce(closed_at, ''), coalesce(closed_by, ''), coalesce(z_number, 0), open_seq`

func scanShift(r scanner, deviceID string) (pos.Shift, int64, error) {
	var sh pos.Shift
	var opened, count, closed string
	var openSeq int64
	if err := r.Scan(&sh.ID, &sh.Currency, &opened, &sh.OpenedBy, &sh.Float, &count, &sh.FirstSaleNumber, &closed, &sh.ClosedBy, &sh.ZNumber, &openSeq); err != nil {
		return pos.Shift{}, 0, err
	}
	sh.DeviceID = deviceID
	var err error
	if sh.OpenedAt, err = parseTime(opened); err != nil {
		return pos.Shift{}, 0, fmt.Errorf("shift %s: %w", sh.ID, err)
	}
	if closed != "" {
		if sh.ClosedAt, err = parseTime(closed); err != nil {
			return pos.Shift{}, 0, fmt.Errorf("shift %s: %w", sh.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(count), &sh.FloatCount); err != nil {
		return pos.Shift{}, 0, fmt.Errorf("shift %s float count: %w", sh.ID, err)
	}
	return sh, openSeq, nil
}

// CurrentShift returns the open shift, or ENOSHIFT.
func (d *DB) CurrentShift(ctx context.Context) (pos.Shift, error) {
	sh, _, err := scanShift(d.db.QueryRowContext(ctx, `SELECT `+shiftCols+` FROM shifts WHERE closed_at IS NULL`), d.deviceID)
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Shift{}, pos.Errorf(pos.ENOSHIFT, "no shift is open at %s", d.deviceID)
	}
	if err != nil {
		return pos.Shift{}, fmt.Errorf("current shift: %w", err)
	}
	return sh, nil
}

// AddCashMovement stores a cash movement of the open shift with its events.
func (d *DB) AddCashMovement(ctx context.Context, m pos.CashMovement, a pos.Audit) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		id, err := d.openShiftID(ctx, tx)
		if err != nil {
			return err
		}
		if id != m.ShiftID {
			return pos.Errorf(pos.ECONFLICT, "shift %s is not the open shift", m.ShiftID)
		}
		count := ""
		if m.Count != nil {
			b, err := json.Marshal(m.Count)
			if err != nil {
				return fmt.Errorf("encode count: %w", err)
			}
			count = string(b)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO cash_movements(id, shift_id, kind, amount, count, reason, operator, at, override_id) VALUES (?,?,?,?,?,?,?,?,?)`,
			m.ID, m.ShiftID, m.Kind, m.Amount, count, m.Reason, m.Operator, formatTime(m.At), m.OverrideID); err != nil {
			return fmt.Errorf("insert cash movement: %w", err)
		}
		_, err = d.applyAudit(ctx, tx, a)
		return err
	})
}

// ShiftFigures sums a shift's sales (by receipt number from the shift's
// first), tenders, cash movements and journal events since it opened.
func (d *DB) ShiftFigures(ctx context.Context, sh pos.Shift) (pos.ShiftFigures, error) {
	f := pos.ShiftFigures{Tenders: map[string]pos.Money{}, Refunds: map[string]pos.Money{}, Events: map[string]int64{}}
	// Read the journal position first: anything written after it makes a Z
	// report's save fail, so the figures are never older than UpToSeq.
	if err := d.db.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM journal`).Scan(&f.UpToSeq); err != nil {
		return f, fmt.Errorf("journal position: %w", err)
	}
	var openSeq int64
	var lastSale sql.NullInt64
	if err := d.db.QueryRowContext(ctx, `SELECT open_seq, last_sale_number FROM shifts WHERE id = ?`, sh.ID).Scan(&openSeq, &lastSale); err != nil {
		return f, fmt.Errorf("shift %s: %w", sh.ID, err)
	}
	upper := int64(1<<62 - 1)
	if lastSale.Valid {
		upper = lastSale.Int64
	}
	rows, err := d.db.QueryContext(ctx, `SELECT number, body FROM sales WHERE number >= ? AND number <= ? ORDER BY number`, sh.FirstSaleNumber, upper)
	if err != nil {
		return f, fmt.Errorf("shift sales: %w", err)
	}
	bands := map[int]*pos.TaxBand{}
	for rows.Next() {
		var n int64
		var body string
		if err := rows.Scan(&n, &body); err != nil {
			rows.Close()
			return f, err
		}
		var s pos.Sale
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			rows.Close()
			return f, fmt.Errorf("sale %d: %w", n, err)
		}
		f.Sales++
		f.LastSaleNumber = n
		f.Gross += s.Totals.Total
		f.Tax += s.Totals.Tax
		for _, b := range s.Totals.Bands {
			t := bands[b.Rate]
			if t == nil {
				t = &pos.TaxBand{Rate: b.Rate}
				bands[b.Rate] = t
			}
			t.Gross += b.Gross
			t.Tax += b.Tax
			t.Net += b.Net
		}
		for _, t := range s.Tenders {
			f.Tenders[t.Method] += t.Amount
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}
	for _, b := range bands {
		f.Bands = append(f.Bands, *b)
	}
	sort.Slice(f.Bands, func(i, j int) bool { return f.Bands[i].Rate < f.Bands[j].Rate })
	mrows, err := d.db.QueryContext(ctx, `SELECT kind, sum(amount) FROM cash_movements WHERE shift_id = ? GROUP BY kind`, sh.ID)
	if err != nil {
		return f, fmt.Errorf("cash movements: %w", err)
	}
	for mrows.Next() {
		var kind string
		var sum pos.Money
		if err := mrows.Scan(&kind, &sum); err != nil {
			mrows.Close()
			return f, err
		}
		switch kind {
		case pos.CashKindIn:
			f.CashIn = sum
		case pos.CashKindOut:
			f.CashOut = sum
		case pos.CashKindDrop:
			f.SafeDrops = sum
		}
	}
	mrows.Close()
	if err := mrows.Err(); err != nil {
		return f, err
	}
	for typ, method := range refundEvents {
		rrows, err := d.db.QueryContext(ctx, `SELECT seq, payload FROM journal WHERE type = ? AND seq > ? AND seq <= ?`, typ, openSeq, f.UpToSeq)
		if err != nil {
			return f, fmt.Errorf("shift refunds: %w", err)
		}
		for rrows.Next() {
			var seq int64
			var payload string
			var r struct {
				Amount pos.Money `json:"amount"`
			}
			if err := rrows.Scan(&seq, &payload); err != nil {
				rrows.Close()
				return f, err
			}
			if err := json.Unmarshal([]byte(payload), &r); err != nil {
				rrows.Close()
				return f, fmt.Errorf("refund at seq %d: %w", seq, err)
			}
			f.Refunds[method] += r.Amount
		}
		rrows.Close()
		if err := rrows.Err(); err != nil {
			return f, err
		}
	}
	if err := d.addReturnRefunds(ctx, &f, openSeq); err != nil {
		return f, err
	}
	erows, err := d.db.QueryContext(ctx, `SELECT type, count(*) FROM journal WHERE seq > ? AND seq <= ? GROUP BY type`, openSeq, f.UpToSeq)
	if err != nil {
		return f, fmt.Errorf("shift events: %w", err)
	}
	defer erows.Close()
	for erows.Next() {
		var typ string
		var n int64
		if err := erows.Scan(&typ, &n); err != nil {
			return f, err
		}
		f.Events[typ] = n
	}
	return f, erows.Err()
}

// nextCounter returns the next value of a counter that only goes up, never
// below floor+1.
func nextCounter(ctx context.Context, tx *sql.Tx, name string, floor int64) (int64, error) {
	v, err := getCounter(ctx, tx, name)
	if err != nil {
		return 0, err
	}
	next := max(v, floor) + 1
	if _, err := tx.ExecContext(ctx, `INSERT INTO device_counters(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value`, name, next); err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, err)
	}
	return next, nil
}

func getCounter(ctx context.Context, q queryer, name string) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, `SELECT value FROM device_counters WHERE name = ?`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, err)
	}
	return v, nil
}

// SaveReport numbers r (consecutive per kind, never reused), stores it and
// journals it as the payload of a's last event, in one transaction. A Z
// report closes its shift and fails with ECONFLICT if the journal moved
// past r.UpToSeq since its figures were read.
func (d *DB) SaveReport(ctx context.Context, r *pos.Report, a pos.Audit) error {
	if r.Kind != pos.ReportX && r.Kind != pos.ReportZ {
		return pos.Errorf(pos.EINVALID, "unknown report kind %q", r.Kind)
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		open, err := d.openShiftID(ctx, tx)
		if err != nil {
			return err
		}
		if open != r.ShiftID {
			return pos.Errorf(pos.ECONFLICT, "shift %s is not the open shift", r.ShiftID)
		}
		if r.Kind == pos.ReportZ {
			var seq int64
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM journal`).Scan(&seq); err != nil {
				return fmt.Errorf("journal position: %w", err)
			}
			if seq != r.UpToSeq {
				return pos.Errorf(pos.ECONFLICT, "the till changed while closing (journal at %d, figures at %d): close again", seq, r.UpToSeq)
			}
		}
		var floor int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) FROM reports WHERE kind = ?`, r.Kind).Scan(&floor); err != nil {
			return fmt.Errorf("last %s number: %w", r.Kind, err)
		}
		if r.Number, err = nextCounter(ctx, tx, "report_"+r.Kind, floor); err != nil {
			return err
		}
		body, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encode report: %w", err)
		}
		if err := setLastPayload(&a, body); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reports(id, kind, number, shift_id, at, operator, body) VALUES (?,?,?,?,?,?,?)`,
			r.ID, r.Kind, r.Number, r.ShiftID, formatTime(r.At), r.Operator, string(body)); err != nil {
			return fmt.Errorf("insert report: %w", err)
		}
		if _, err := d.applyAudit(ctx, tx, a); err != nil {
			return err
		}
		if r.Kind == pos.ReportZ {
			if _, err := tx.ExecContext(ctx, `UPDATE shifts SET closed_at = ?, closed_by = ?, last_sale_number = ?, z_number = ? WHERE id = ?`,
				formatTime(r.At), r.Operator, r.LastSale, r.Number, r.ShiftID); err != nil {
				return fmt.Errorf("close shift: %w", err)
			}
		}
		return nil
	})
}

// ReportByNumber returns a stored report, or ENOTFOUND.
func (d *DB) ReportByNumber(ctx context.Context, kind string, number int64) (pos.Report, error) {
	var body string
	err := d.db.QueryRowContext(ctx, `SELECT body FROM reports WHERE kind = ? AND number = ?`, kind, number).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Report{}, pos.Errorf(pos.ENOTFOUND, "no %s report %d", kind, number)
	}
	if err != nil {
		return pos.Report{}, fmt.Errorf("%s report %d: %w", kind, number, err)
	}
	var r pos.Report
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return pos.Report{}, fmt.Errorf("%s report %d: %w", kind, number, err)
	}
	return r, nil
}

// addReturnRefunds adds the money returns paid back in the shift, per
// tender. Card refunds are left out: each is its own card.refund event,
// counted with refundEvents.
func (d *DB) addReturnRefunds(ctx context.Context, f *pos.ShiftFigures, openSeq int64) error {
	rows, err := d.db.QueryContext(ctx, `SELECT seq, payload FROM journal WHERE type = ? AND seq > ? AND seq <= ?`, pos.EventReturnCompleted, openSeq, f.UpToSeq)
	if err != nil {
		return fmt.Errorf("shift returns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var payload string
		if err := rows.Scan(&seq, &payload); err != nil {
			return err
		}
		var r pos.Return
		if err := json.Unmarshal([]byte(payload), &r); err != nil {
			return fmt.Errorf("return at seq %d: %w", seq, err)
		}
		for _, t := range r.Tenders {
			if t.Method != pos.TenderCard {
				f.Refunds[t.Method] += t.Amount
			}
		}
	}
	return rows.Err()
}
