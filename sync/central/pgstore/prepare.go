package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
)

var _ central.BatchPreparer = (*journalTx)(nil)

// saleRow is a projected sale waiting for flush.
type saleRow struct {
	id, device, store, currency, body string
	seq, number, total, tax           int64
	at                                time.Time
}

// prepared is what Prepare read for a batch.
type prepared struct {
	sales     map[string]bool // sale ids Prepare locked and looked up
	existing  map[string]bool // of those, already recorded before this transaction
	projected map[string]bool // recorded by this transaction
	pending   []saleRow
}

// Prepare is given a batch's entries past the head before central
// verifies and applies them (central.Ingest calls it when the JournalTx
// has it). In one round trip it takes the sale locks of the sales and
// returned sales the entries name, in one fixed order, and reads which
// sales are already recorded and their returned lines. The projections
// then answer from memory and are written at commit, so a batch of a
// hundred sales costs a handful of round trips instead of one or more per
// sale. Stock is not touched here: central hands the batch's movements to
// AddStocks at the end, so the store's stock lock is taken last and held
// only until commit. Entries that later fail verification only cost what
// was read for them.
func (j *journalTx) Prepare(ctx context.Context, entries []central.PreparedEntry) error {
	var saleIDs, lockIDs []string
	for _, e := range entries {
		switch {
		case e.Sale != nil:
			saleIDs, lockIDs = append(saleIDs, e.Sale.ID), append(lockIDs, e.Sale.ID)
		case e.Return != nil:
			lockIDs = append(lockIDs, e.Return.OriginalSaleID)
		}
	}
	if len(lockIDs) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	// Sale locks in hash order: every transaction takes them in one order.
	b.Queue(`SELECT count(pg_advisory_xact_lock($1, h)) FROM (SELECT DISTINCT hashtext(x) AS h FROM unnest($2::text[]) AS x ORDER BY 1) AS s`, lockSale, lockIDs)
	// Each statement of the batch reads a snapshot taken after the locks.
	b.Queue(`SELECT id FROM sales WHERE id = ANY($1)`, saleIDs)
	b.Queue(`SELECT sale_id, line_no, qty FROM returned_lines WHERE sale_id = ANY($1)`, saleIDs)
	br := j.tx.SendBatch(ctx, b)
	err := j.readPrepared(br, saleIDs)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("prepare batch of %s: %w", j.device, err)
	}
	return nil
}

func (j *journalTx) readPrepared(br pgx.BatchResults, saleIDs []string) error {
	if _, err := br.Exec(); err != nil {
		return fmt.Errorf("lock sales: %w", err)
	}
	if j.prep == nil {
		j.prep = &prepared{sales: map[string]bool{}, existing: map[string]bool{}, projected: map[string]bool{}}
	}
	if j.returned == nil {
		j.returned = map[string]map[int]int64{}
	}
	rows, err := br.Query()
	if err != nil {
		return fmt.Errorf("recorded sales: %w", err)
	}
	existing, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("recorded sales: %w", err)
	}
	for _, id := range existing {
		j.prep.existing[id] = true
	}
	for _, id := range saleIDs {
		j.prep.sales[id] = true
		j.returned[id] = map[int]int64{}
	}
	if rows, err = br.Query(); err != nil {
		return fmt.Errorf("returned lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var no int
		var n int64
		if err := rows.Scan(&id, &no, &n); err != nil {
			return fmt.Errorf("returned lines: %w", err)
		}
		j.returned[id][no] = n
	}
	return rows.Err()
}

// projectPrepared answers ProjectSale for a sale Prepare read: fresh
// unless recorded before or earlier in this transaction; the row is
// written at flush. ok is false for a sale Prepare did not see.
func (j *journalTx) projectPrepared(s pos.Sale, e pos.Event) (fresh, ok bool) {
	if j.prep == nil || !j.prep.sales[s.ID] {
		return false, false
	}
	if j.prep.existing[s.ID] || j.prep.projected[s.ID] {
		return false, true
	}
	j.prep.projected[s.ID] = true
	j.prep.pending = append(j.prep.pending, saleRow{id: s.ID, device: s.DeviceID, store: s.StoreID, currency: s.Currency, body: string(e.Payload),
		seq: e.Seq, number: s.Number, total: int64(s.Totals.Total), tax: int64(s.Totals.Tax), at: s.At.UTC()})
	return true, true
}

// flushSales writes the sales projected from memory.
func (j *journalTx) flushSales(ctx context.Context) error {
	b := &pgx.Batch{}
	j.queueSales(b)
	return j.send(ctx, b)
}

// queueSales adds the insert of the sales projected from memory to b.
func (j *journalTx) queueSales(b *pgx.Batch) {
	if j.prep == nil || len(j.prep.pending) == 0 {
		return
	}
	n := len(j.prep.pending)
	var (
		id, dev, store, cur, body = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		seq, num, total, tax      = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
		at                        = make([]time.Time, n)
	)
	for i, r := range j.prep.pending {
		id[i], dev[i], seq[i], store[i], num[i], cur[i], total[i], tax[i], at[i], body[i] = r.id, r.device, r.seq, r.store, r.number, r.currency, r.total, r.tax, r.at, r.body
	}
	b.Queue(`INSERT INTO sales (id, device_id, seq, store_id, number, currency, total, tax, at, body)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::bigint[], $8::bigint[], $9::timestamptz[], $10::text[])`,
		id, dev, seq, store, num, cur, total, tax, at, body)
	j.prep.pending = j.prep.pending[:0]
}

// send runs a batch of writes; an empty batch costs nothing.
func (j *journalTx) send(ctx context.Context, b *pgx.Batch) error {
	if b.Len() == 0 {
		return nil
	}
	if err := j.tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("write batch of %s: %w", j.device, err)
	}
	return nil
}
