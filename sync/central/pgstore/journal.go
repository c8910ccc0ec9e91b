package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
)

const eventCols = `device_id, seq, id, type, payload, hlc, at, operator, prev_hash, hash`

func scanEvent(r pgx.Row) (pos.Event, error) {
	var e pos.Event
	var payload string
	if err := r.Scan(&e.DeviceID, &e.Seq, &e.ID, &e.Type, &payload, &e.HLC, &e.At, &e.Operator, &e.PrevHash, &e.Hash); err != nil {
		return pos.Event{}, err
	}
	e.At, e.Payload = e.At.UTC(), json.RawMessage(payload)
	return e, nil
}

func oneEvent(row pgx.Row) (pos.Event, bool, error) {
	e, err := scanEvent(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return pos.Event{}, false, nil
	}
	if err != nil {
		return pos.Event{}, false, fmt.Errorf("read event: %w", err)
	}
	return e, true, nil
}

// IngestTx runs fn in one transaction holding device's advisory lock, so
// ingests of one device by any process sharing the database take turns,
// and commits when fn returns nil. The transaction is driven by hand so
// that BEGIN travels with the device's lock and head, and COMMIT with the
// last writes (see commit).
func (d *DB) IngestTx(ctx context.Context, deviceID string, fn func(central.JournalTx) error) error {
	return d.withConn(ctx, func(c *pgx.Conn) error {
		j := &journalTx{d: d, tx: c, device: deviceID}
		err := j.begin(ctx)
		if err == nil {
			err = fn(j)
		}
		if err == nil {
			err = j.commit(ctx)
		}
		if err != nil && c.PgConn().TxStatus() != 'I' && !c.IsClosed() {
			rctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, _ = c.Exec(rctx, `rollback`) // if this fails, the pool discards the connection
		}
		return err
	})
}

// begin opens the transaction, takes the device's lock and reads its
// head (what Last asks first), in one round trip.
func (j *journalTx) begin(ctx context.Context) error {
	b := &pgx.Batch{}
	b.Queue(`begin`)
	b.Queue(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockDevice, j.device)
	var h head
	b.Queue(`SELECT `+eventCols+` FROM events WHERE device_id = $1 ORDER BY seq DESC LIMIT 1`, j.device).QueryRow(func(r pgx.Row) error {
		var err error
		h.last, h.ok, err = oneEvent(r)
		return err
	})
	if err := j.tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("begin ingest of %s: %w", j.device, err)
	}
	j.head = &h
	return nil
}

// commit writes what is left — entries, sales, stock — and commits, in one
// round trip: a store's stock lock, when the batch moves stock, is taken
// in it and held only while the server runs the rest of it.
func (j *journalTx) commit(ctx context.Context) error {
	b := &pgx.Batch{}
	j.queueEvents(b)
	j.queueSales(b)
	j.queueStock(b)
	j.queueBatchedStock(b)
	b.Queue(`commit`)
	if err := j.tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("commit ingest of %s: %w", j.device, err)
	}
	return nil
}

// journalTx is one device's journal inside an ingest transaction. Appended
// entries are buffered and written in one statement before the next read
// and before commit.
type journalTx struct {
	d       *DB
	tx      txConn
	device  string
	pending []pos.Event
	// stockLocked holds the stores whose stock lock the transaction holds.
	stockLocked map[string]bool
	// stock is the transaction's view of the levels it moves (exact: it
	// holds their stores' locks); moves are written at flush.
	stock map[stockKey]*stockState
	moves []move
	// returned caches returned_lines read with a sale's projection.
	returned map[string]map[int]int64
	// prep is what Prepare read, when central called it.
	prep *prepared
	// head is the device's last entry as read with its lock, until an Append.
	head *head
	// batched are the movements handed to AddStocks, written at commit.
	batched []central.StockMovement
}

// txConn is what a journalTx runs statements on: the connection whose
// transaction IngestTx drives (or a pgx.Tx).
type txConn interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// head is a device's last entry held (ok false if none).
type head struct {
	last pos.Event
	ok   bool
}

func (j *journalTx) Last(ctx context.Context) (pos.Event, bool, error) {
	if j.head != nil {
		return j.head.last, j.head.ok, nil
	}
	if err := j.flush(ctx); err != nil {
		return pos.Event{}, false, err
	}
	return oneEvent(j.tx.QueryRow(ctx, `SELECT `+eventCols+` FROM events WHERE device_id = $1 ORDER BY seq DESC LIMIT 1`, j.device))
}

func (j *journalTx) At(ctx context.Context, seq int64) (pos.Event, bool, error) {
	if err := j.flush(ctx); err != nil {
		return pos.Event{}, false, err
	}
	return oneEvent(j.tx.QueryRow(ctx, `SELECT `+eventCols+` FROM events WHERE device_id = $1 AND seq = $2`, j.device, seq))
}

func (j *journalTx) Append(ctx context.Context, e pos.Event) error {
	j.head = nil
	j.pending = append(j.pending, e)
	return nil
}

// flush writes the buffered entries in one INSERT.
func (j *journalTx) flush(ctx context.Context) error {
	b := &pgx.Batch{}
	j.queueEvents(b)
	return j.send(ctx, b)
}

// queueEvents adds the insert of the buffered entries to b.
func (j *journalTx) queueEvents(b *pgx.Batch) {
	if len(j.pending) == 0 {
		return
	}
	n := len(j.pending)
	var (
		dev, id, typ, payload, op, prev, hash = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		seq, hlc                              = make([]int64, n), make([]int64, n)
		at                                    = make([]time.Time, n)
	)
	for i, e := range j.pending {
		dev[i], seq[i], id[i], typ[i], hlc[i], op[i], prev[i], hash[i] = e.DeviceID, e.Seq, e.ID, e.Type, e.HLC, e.Operator, e.PrevHash, e.Hash
		payload[i] = string(e.Payload) // verified: its hash covers its compact form
		if len(e.Payload) == 0 {
			payload[i] = "null"
		}
		at[i] = e.At.UTC().Truncate(time.Millisecond) // the journal's precision
	}
	b.Queue(`INSERT INTO events (`+eventCols+`, received_at)
		SELECT u.*, $11::timestamptz FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[], $8::text[], $9::text[], $10::text[]) AS u`,
		dev, seq, id, typ, payload, hlc, at, op, prev, hash, j.d.now())
	j.pending = j.pending[:0]
}

// ProjectSale records the sale under its sale lock and, in the same
// round trip, reads the returns already recorded against it, which the
// ledger asks for next (ReturnedQty). The lock makes a sale and a return
// of it arriving at once through different devices take turns, so one of
// them always sees the other.
func (j *journalTx) ProjectSale(ctx context.Context, s pos.Sale, e pos.Event) (bool, error) {
	if fresh, ok := j.projectPrepared(s, e); ok {
		return fresh, nil
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO sales (id, device_id, seq, store_id, number, currency, total, tax, at, body)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM (SELECT pg_advisory_xact_lock($11, hashtext($1))) AS l
		ON CONFLICT (id) DO NOTHING`,
		s.ID, s.DeviceID, e.Seq, s.StoreID, s.Number, s.Currency, int64(s.Totals.Total), int64(s.Totals.Tax), s.At.UTC(), string(e.Payload), lockSale)
	b.Queue(`SELECT line_no, qty FROM returned_lines WHERE sale_id = $1`, s.ID)
	br := j.tx.SendBatch(ctx, b)
	tag, err := br.Exec()
	if err != nil {
		_ = br.Close()
		return false, fmt.Errorf("project sale %s: %w", s.ID, err)
	}
	returned, err := scanReturned(br.Query())
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("project sale %s: returns: %w", s.ID, err)
	}
	if j.returned == nil {
		j.returned = map[string]map[int]int64{}
	}
	j.returned[s.ID] = returned
	return tag.RowsAffected() == 1, nil
}

func (j *journalTx) Exception(ctx context.Context, x central.Exception) error {
	_, err := j.tx.Exec(ctx, `INSERT INTO exceptions (kind, device_id, seq, ref, detail, at) VALUES ($1, $2, $3, $4, $5, $6)`,
		x.Kind, x.DeviceID, x.Seq, x.Ref, x.Detail, j.d.now())
	if err != nil {
		return fmt.Errorf("record exception %s: %w", x.Kind, err)
	}
	j.d.log.Warn("exception", "kind", x.Kind, "device", x.DeviceID, "seq", x.Seq, "ref", x.Ref, "detail", x.Detail)
	return nil
}

// DeviceHead returns the last entry held for a device.
func (d *DB) DeviceHead(ctx context.Context, deviceID string) (last pos.Event, ok bool, err error) {
	err = d.withConn(ctx, func(c *pgx.Conn) error {
		last, ok, err = oneEvent(c.QueryRow(ctx, `SELECT `+eventCols+` FROM events WHERE device_id = $1 ORDER BY seq DESC LIMIT 1`, deviceID))
		return err
	})
	if err != nil {
		return pos.Event{}, false, fmt.Errorf("head of %s: %w", deviceID, err)
	}
	return last, ok, nil
}

// DeviceEvents returns up to limit entries after seq, in order.
func (d *DB) DeviceEvents(ctx context.Context, deviceID string, after int64, limit int) ([]pos.Event, error) {
	out, err := queryAll(ctx, d, `SELECT `+eventCols+` FROM events WHERE device_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
		[]any{deviceID, after, max(limit, 0)}, func(r pgx.Rows) (pos.Event, error) { return scanEvent(r) })
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", deviceID, err)
	}
	return out, nil
}

// DeviceEventCount counts entries held for a device.
func (d *DB) DeviceEventCount(ctx context.Context, deviceID string) (int64, error) {
	var n int64
	if err := d.queryRow(ctx, `SELECT count(*) FROM events WHERE device_id = $1`, []any{deviceID}, &n); err != nil {
		return 0, fmt.Errorf("count events of %s: %w", deviceID, err)
	}
	return n, nil
}

// DeviceSales returns up to limit sales of a device by receipt number.
func (d *DB) DeviceSales(ctx context.Context, deviceID string, limit int) ([]pos.Sale, error) {
	out, err := queryAll(ctx, d, `SELECT body FROM sales WHERE device_id = $1 ORDER BY number LIMIT $2`,
		[]any{deviceID, max(limit, 0)}, func(r pgx.Rows) (pos.Sale, error) {
			var body string
			var s pos.Sale
			if err := r.Scan(&body); err != nil {
				return s, err
			}
			return s, json.Unmarshal([]byte(body), &s)
		})
	if err != nil {
		return nil, fmt.Errorf("sales of %s: %w", deviceID, err)
	}
	return out, nil
}

// Exceptions returns up to limit exceptions, oldest first.
func (d *DB) Exceptions(ctx context.Context, limit int) ([]central.Exception, error) {
	out, err := queryAll(ctx, d, `SELECT kind, device_id, seq, ref, detail FROM exceptions ORDER BY id LIMIT $1`,
		[]any{max(limit, 0)}, func(r pgx.Rows) (central.Exception, error) {
			var x central.Exception
			err := r.Scan(&x.Kind, &x.DeviceID, &x.Seq, &x.Ref, &x.Detail)
			return x, err
		})
	if err != nil {
		return nil, fmt.Errorf("exceptions: %w", err)
	}
	return out, nil
}

// SalesTotal sums the totals of every projected sale (for reconciliation).
func (d *DB) SalesTotal(ctx context.Context) (count int64, total int64, err error) {
	if err := d.queryRow(ctx, `SELECT count(*), coalesce(sum(total), 0)::bigint FROM sales`, nil, &count, &total); err != nil {
		return 0, 0, fmt.Errorf("sales total: %w", err)
	}
	return count, total, nil
}
