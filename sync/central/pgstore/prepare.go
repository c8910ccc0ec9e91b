package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/omnilane/omnilane/sync/central"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/omnilane/omnilane/pos"
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
// has it). In one round trip it takes, in a fixed order, the stock locks
// of the stores and the sale locks of the sales and returned sales the
// entries name, and reads which sales are already recorded, their
// returned lines and the stock levels and counts of the goods moved. The
// projections then answer from memory and are written at commit in a few
// statements, so a batch of a hundred sales costs a handful of round trips
// instead of one or more per sale. Entries that later fail verification
// only cost what was read for them.
func (j *journalTx) Prepare(ctx context.Context, entries []pos.Event) error {
	var saleIDs, lockIDs, stores []string
	keys := map[stockKey]bool{}
	addStore := func(s string) {
		if !j.stockLocked[s] && !slices.Contains(stores, s) {
			stores = append(stores, s)
		}
	}
	for _, e := range entries {
		switch e.Type {
		case pos.EventSaleCompleted:
			var s pos.Sale
			if json.Unmarshal(e.Payload, &s) != nil || s.ID == "" || s.DeviceID != e.DeviceID {
				continue // central records an exception; nothing to read
			}
			saleIDs, lockIDs = append(saleIDs, s.ID), append(lockIDs, s.ID)
			addStore(s.StoreID)
			for _, l := range s.Lines {
				if !l.Voided {
					keys[stockKey{s.StoreID, l.SKU}] = true
				}
			}
		case pos.EventReturnCompleted:
			var r pos.Return
			if json.Unmarshal(e.Payload, &r) != nil || r.ID == "" {
				continue
			}
			lockIDs = append(lockIDs, r.OriginalSaleID)
			addStore(r.StoreID)
			for _, l := range r.Lines {
				keys[stockKey{r.StoreID, l.SKU}] = true
			}
		}
	}
	if len(lockIDs) == 0 && len(keys) == 0 {
		return nil
	}
	slices.Sort(stores)
	var ks, kk []string
	for k := range keys {
		if j.stock[k] == nil {
			ks, kk = append(ks, k.store), append(kk, k.sku)
		}
	}
	b := &pgx.Batch{}
	for _, s := range stores {
		b.Queue(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockStock, s)
	}
	// Sale locks in hash order: every transaction takes them in one order.
	b.Queue(`SELECT count(pg_advisory_xact_lock($1, h)) FROM (SELECT DISTINCT hashtext(x) AS h FROM unnest($2::text[]) AS x ORDER BY 1) AS s`, lockSale, lockIDs)
	// Each statement of the batch reads a snapshot taken after the locks.
	b.Queue(`SELECT id FROM sales WHERE id = ANY($1)`, saleIDs)
	b.Queue(`SELECT sale_id, line_no, qty FROM returned_lines WHERE sale_id = ANY($1)`, saleIDs)
	b.Queue(`SELECT k.store_id, k.sku, l.on_hand, c.counted_at FROM unnest($1::text[], $2::text[]) AS k(store_id, sku)
		LEFT JOIN stock_levels l ON l.store_id = k.store_id AND l.sku = k.sku
		LEFT JOIN stock_counts c ON c.store_id = k.store_id AND c.sku = k.sku`, ks, kk)
	br := j.tx.SendBatch(ctx, b)
	err := j.readPrepared(br, stores, saleIDs)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("prepare batch of %s: %w", j.device, err)
	}
	return nil
}

func (j *journalTx) readPrepared(br pgx.BatchResults, stores, saleIDs []string) error {
	for range stores {
		if _, err := br.Exec(); err != nil {
			return fmt.Errorf("lock stock: %w", err)
		}
	}
	if _, err := br.Exec(); err != nil {
		return fmt.Errorf("lock sales: %w", err)
	}
	if j.stockLocked == nil {
		j.stockLocked = map[string]bool{}
	}
	for _, s := range stores {
		j.stockLocked[s] = true
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
	for rows.Next() {
		var id string
		var no int
		var n int64
		if err := rows.Scan(&id, &no, &n); err != nil {
			rows.Close()
			return fmt.Errorf("returned lines: %w", err)
		}
		j.returned[id][no] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("returned lines: %w", err)
	}
	if rows, err = br.Query(); err != nil {
		return fmt.Errorf("stock levels: %w", err)
	}
	defer rows.Close()
	if j.stock == nil {
		j.stock = map[stockKey]*stockState{}
	}
	for rows.Next() {
		var k stockKey
		var onHand *int64
		var countedAt *time.Time
		if err := rows.Scan(&k.store, &k.sku, &onHand, &countedAt); err != nil {
			return fmt.Errorf("stock levels: %w", err)
		}
		st := &stockState{}
		if onHand != nil {
			st.onHand = *onHand
		}
		if countedAt != nil {
			st.counted, st.countedAt = true, *countedAt
		}
		j.stock[k] = st
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
	if j.prep == nil || len(j.prep.pending) == 0 {
		return nil
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
	if _, err := j.tx.Exec(ctx, `INSERT INTO sales (id, device_id, seq, store_id, number, currency, total, tax, at, body)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::bigint[], $8::bigint[], $9::timestamptz[], $10::text[])`,
		id, dev, seq, store, num, cur, total, tax, at, body); err != nil {
		return fmt.Errorf("store %d sales: %w", n, err)
	}
	j.prep.pending = j.prep.pending[:0]
	return nil
}
