package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
)

const eventCols = `device_id, seq, id, type, payload, hlc, at, operator, prev_hash, hash`

type rowScanner interface{ Scan(dest ...any) error }

func scanEvent(r rowScanner) (pos.Event, error) {
	var e pos.Event
	var payload, at string
	if err := r.Scan(&e.DeviceID, &e.Seq, &e.ID, &e.Type, &payload, &e.HLC, &at, &e.Operator, &e.PrevHash, &e.Hash); err != nil {
		return pos.Event{}, err
	}
	t, err := time.Parse(timeLayout, at)
	if err != nil {
		return pos.Event{}, fmt.Errorf("event %s/%d: time %q: %w", e.DeviceID, e.Seq, at, err)
	}
	e.At, e.Payload = t, json.RawMessage(payload)
	return e, nil
}

// journalTx is one device's journal inside an ingest transaction (one job
// of a group commit). Entries, sales and stock moves are buffered and
// written by flush, before any read that could see them and at the end of
// the job.
type journalTx struct {
	d       *DB
	tx      *sql.Tx
	device  string
	pending []pos.Event
	sales   []saleRow
	// stock is the job's view of the levels it moves; moves are written at flush.
	stock map[stockKey]*stockState
	moves []move
	// returned caches returned_lines read with the batch's sales.
	returned map[string]map[int]int64
	// prep is what Prepare read, when central called it.
	prep *prepared
}

func (j *journalTx) stmt(ctx context.Context, s *sql.Stmt) *sql.Stmt { return j.tx.StmtContext(ctx, s) }

func (j *journalTx) Last(ctx context.Context) (pos.Event, bool, error) {
	if err := j.flushEvents(ctx); err != nil {
		return pos.Event{}, false, err
	}
	return oneEvent(j.stmt(ctx, j.d.st.last).QueryRowContext(ctx, j.device))
}

func (j *journalTx) At(ctx context.Context, seq int64) (pos.Event, bool, error) {
	if err := j.flushEvents(ctx); err != nil {
		return pos.Event{}, false, err
	}
	return oneEvent(j.stmt(ctx, j.d.st.at).QueryRowContext(ctx, j.device, seq))
}

func oneEvent(row *sql.Row) (pos.Event, bool, error) {
	e, err := scanEvent(row)
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Event{}, false, nil
	}
	if err != nil {
		return pos.Event{}, false, fmt.Errorf("read event: %w", err)
	}
	return e, true, nil
}

// Append buffers a verified entry; flush writes it.
func (j *journalTx) Append(ctx context.Context, e pos.Event) error {
	j.pending = append(j.pending, e)
	return nil
}

// ProjectSale records s once per sale id: from memory for a sale Prepare
// read (written at flush), with a statement otherwise.
func (j *journalTx) ProjectSale(ctx context.Context, s pos.Sale, e pos.Event) (bool, error) {
	if fresh, ok := j.projectPrepared(s, e); ok {
		return fresh, nil
	}
	if err := j.flushSales(ctx); err != nil {
		return false, err
	}
	res, err := j.stmt(ctx, j.d.st.insertSale).ExecContext(ctx,
		s.ID, s.DeviceID, e.Seq, s.StoreID, s.Number, s.Currency, int64(s.Totals.Total), int64(s.Totals.Tax), s.At.UTC().Format(timeLayout), string(e.Payload))
	if err != nil {
		return false, fmt.Errorf("project sale %s: %w", s.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("project sale %s: %w", s.ID, err)
	}
	return n == 1, nil
}

func (j *journalTx) Exception(ctx context.Context, x central.Exception) error {
	_, err := j.exec(ctx, `INSERT INTO exceptions (kind, device_id, seq, ref, detail, at) VALUES (?, ?, ?, ?, ?, ?)`,
		x.Kind, x.DeviceID, x.Seq, x.Ref, x.Detail, j.d.now())
	if err != nil {
		return fmt.Errorf("record exception %s: %w", x.Kind, err)
	}
	j.d.log.Warn("exception", "kind", x.Kind, "device", x.DeviceID, "seq", x.Seq, "ref", x.Ref, "detail", x.Detail)
	return nil
}

// DeviceHead returns the last entry held for a device.
func (d *DB) DeviceHead(ctx context.Context, deviceID string) (pos.Event, bool, error) {
	return oneEvent(d.r.QueryRowContext(ctx, `SELECT `+eventCols+` FROM events WHERE device_id = ? ORDER BY seq DESC LIMIT 1`, deviceID))
}

// DeviceEvents returns up to limit entries after seq.
func (d *DB) DeviceEvents(ctx context.Context, deviceID string, after int64, limit int) ([]pos.Event, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT `+eventCols+` FROM events WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?`, deviceID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", deviceID, err)
	}
	defer rows.Close()
	out := []pos.Event{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("events of %s: %w", deviceID, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("events of %s: %w", deviceID, err)
	}
	return out, nil
}

// DeviceEventCount counts entries held for a device.
func (d *DB) DeviceEventCount(ctx context.Context, deviceID string) (int64, error) {
	var n int64
	if err := d.r.QueryRowContext(ctx, `SELECT count(*) FROM events WHERE device_id = ?`, deviceID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count events of %s: %w", deviceID, err)
	}
	return n, nil
}

// DeviceSales returns up to limit sales of a device by receipt number.
func (d *DB) DeviceSales(ctx context.Context, deviceID string, limit int) ([]pos.Sale, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT body FROM sales WHERE device_id = ? ORDER BY number LIMIT ?`, deviceID, limit)
	if err != nil {
		return nil, fmt.Errorf("sales of %s: %w", deviceID, err)
	}
	defer rows.Close()
	out := []pos.Sale{}
	for rows.Next() {
		var body string
		var s pos.Sale
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("sales of %s: %w", deviceID, err)
		}
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			return nil, fmt.Errorf("sales of %s: %w", deviceID, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sales of %s: %w", deviceID, err)
	}
	return out, nil
}

// Exceptions returns up to limit exceptions, oldest first.
func (d *DB) Exceptions(ctx context.Context, limit int) ([]central.Exception, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT kind, device_id, seq, ref, detail FROM exceptions ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("exceptions: %w", err)
	}
	defer rows.Close()
	var out []central.Exception
	for rows.Next() {
		var x central.Exception
		if err := rows.Scan(&x.Kind, &x.DeviceID, &x.Seq, &x.Ref, &x.Detail); err != nil {
			return nil, fmt.Errorf("exceptions: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// SalesTotal sums the totals of every projected sale (for reconciliation).
func (d *DB) SalesTotal(ctx context.Context) (count int64, total int64, err error) {
	if err := d.r.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(total), 0) FROM sales`).Scan(&count, &total); err != nil {
		return 0, 0, fmt.Errorf("sales total: %w", err)
	}
	return count, total, nil
}
