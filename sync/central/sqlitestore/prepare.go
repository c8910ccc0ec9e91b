package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
)

var _ central.BatchPreparer = (*journalTx)(nil)

// stockKey names one SKU's stock at one store.
type stockKey struct{ store, sku string }

// stockState is a level as the transaction sees it: exact, since the
// writer holds SQLite's write lock for the whole transaction.
type stockState struct {
	onHand    int64
	counted   bool
	countedAt string
	delta     int64 // applied movements' sum, added to the level row at flush
	touched   bool
}

// saleRow is a projected sale waiting for flush.
type saleRow struct {
	s pos.Sale
	e pos.Event
}

// prepared is what Prepare read for a batch.
type prepared struct {
	sales     map[string]bool // sale ids Prepare looked up
	existing  map[string]bool // of those, recorded before this job
	projected map[string]bool // recorded by this job
}

// Prepare is given a batch's entries past the head before central
// verifies and applies them. In three queries it reads which of their
// sales are already recorded, the returns recorded against them and the
// stock levels and counts of the goods they move; the projections then
// answer from memory, and the entries, sales, movements and levels are
// written at the end of the job in a few multi-row statements instead of
// five or six statements per entry. The writer runs one job at a time,
// so a job's reads see every job committed or released before it.
func (j *journalTx) Prepare(ctx context.Context, entries []central.PreparedEntry) error {
	var saleIDs []string
	var keys []stockKey
	seen := map[stockKey]bool{}
	addKey := func(k stockKey) {
		if !seen[k] && j.stock[k] == nil {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, e := range entries {
		switch {
		case e.Sale != nil:
			saleIDs = append(saleIDs, e.Sale.ID)
			for _, l := range e.Sale.Lines {
				if !l.Voided {
					addKey(stockKey{e.Sale.StoreID, l.SKU})
				}
			}
		case e.Return != nil:
			for _, l := range e.Return.Lines {
				addKey(stockKey{e.Return.StoreID, l.SKU})
			}
		}
	}
	if err := j.prepareSales(ctx, saleIDs); err != nil {
		return fmt.Errorf("prepare batch of %s: %w", j.device, err)
	}
	if err := j.loadStock(ctx, keys); err != nil {
		return fmt.Errorf("prepare batch of %s: %w", j.device, err)
	}
	return nil
}

// prepareSales reads which sales are recorded and their returned lines.
func (j *journalTx) prepareSales(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if j.prep == nil {
		j.prep = &prepared{sales: map[string]bool{}, existing: map[string]bool{}, projected: map[string]bool{}}
	}
	if j.returned == nil {
		j.returned = map[string]map[int]int64{}
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := j.query(ctx, `SELECT id FROM sales WHERE id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return fmt.Errorf("recorded sales: %w", err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("recorded sales: %w", err)
		}
		j.prep.existing[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("recorded sales: %w", err)
	}
	for _, id := range ids {
		j.prep.sales[id] = true
		j.returned[id] = map[int]int64{}
	}
	if rows, err = j.query(ctx, `SELECT sale_id, line_no, qty FROM returned_lines WHERE sale_id IN (SELECT value FROM json_each(?))`, string(list)); err != nil {
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

// loadStock reads the levels and counts of keys into the job's view.
func (j *journalTx) loadStock(ctx context.Context, keys []stockKey) error {
	if len(keys) == 0 {
		return nil
	}
	pairs := make([][2]string, len(keys))
	for i, k := range keys {
		pairs[i] = [2]string{k.store, k.sku}
	}
	list, err := json.Marshal(pairs)
	if err != nil {
		return err
	}
	rows, err := j.query(ctx, `SELECT k.store_id, k.sku, l.on_hand, c.counted_at
		FROM (SELECT json_extract(value, '$[0]') AS store_id, json_extract(value, '$[1]') AS sku FROM json_each(?)) AS k
		LEFT JOIN stock_levels l ON l.store_id = k.store_id AND l.sku = k.sku
		LEFT JOIN stock_counts c ON c.store_id = k.store_id AND c.sku = k.sku`, string(list))
	if err != nil {
		return fmt.Errorf("stock levels: %w", err)
	}
	defer rows.Close()
	if j.stock == nil {
		j.stock = map[stockKey]*stockState{}
	}
	for rows.Next() {
		var k stockKey
		var onHand sql.NullInt64
		var countedAt sql.NullString
		if err := rows.Scan(&k.store, &k.sku, &onHand, &countedAt); err != nil {
			return fmt.Errorf("stock levels: %w", err)
		}
		j.stock[k] = &stockState{onHand: onHand.Int64, counted: countedAt.Valid, countedAt: countedAt.String}
	}
	return rows.Err()
}

// projectPrepared answers ProjectSale for a sale Prepare read: fresh
// unless recorded before or earlier in this job; the row is written at
// flush. ok is false for a sale Prepare did not see.
func (j *journalTx) projectPrepared(s pos.Sale, e pos.Event) (fresh, ok bool) {
	if j.prep == nil || !j.prep.sales[s.ID] {
		return false, false
	}
	if j.prep.existing[s.ID] || j.prep.projected[s.ID] {
		return false, true
	}
	j.prep.projected[s.ID] = true
	j.sales = append(j.sales, saleRow{s: s, e: e})
	return true, true
}

// flush writes everything the job buffered: entries, sales, movements and
// level changes. The writer calls it before releasing the job's savepoint.
func (j *journalTx) flush(ctx context.Context) error {
	if err := j.flushEvents(ctx); err != nil {
		return err
	}
	if err := j.flushSales(ctx); err != nil {
		return err
	}
	return j.flushStock(ctx)
}

// flushEvents writes the buffered entries.
func (j *journalTx) flushEvents(ctx context.Context) error {
	if len(j.pending) == 0 {
		return nil
	}
	now := j.d.now()
	args := make([]any, 0, len(j.pending)*11)
	for _, e := range j.pending {
		payload := string(e.Payload) // verified: its hash covers its compact form
		if len(e.Payload) == 0 {
			payload = "null"
		}
		args = append(args, e.DeviceID, e.Seq, e.ID, e.Type, payload, e.HLC, e.At.UTC().Format(timeLayout), e.Operator, e.PrevHash, e.Hash, now)
	}
	if err := j.insertRows(ctx, `INSERT INTO events (`+eventCols+`, received_at) VALUES `, "", 11, args); err != nil {
		first, last := j.pending[0], j.pending[len(j.pending)-1]
		return fmt.Errorf("store events %s/%d…%d: %w", first.DeviceID, first.Seq, last.Seq, err)
	}
	j.pending = j.pending[:0]
	return nil
}

// flushSales writes the sales projected from memory.
func (j *journalTx) flushSales(ctx context.Context) error {
	if len(j.sales) == 0 {
		return nil
	}
	args := make([]any, 0, len(j.sales)*10)
	for _, r := range j.sales {
		s, e := r.s, r.e
		args = append(args, s.ID, s.DeviceID, e.Seq, s.StoreID, s.Number, s.Currency, int64(s.Totals.Total), int64(s.Totals.Tax), s.At.UTC().Format(timeLayout), string(e.Payload))
	}
	if err := j.insertRows(ctx, `INSERT INTO sales (id, device_id, seq, store_id, number, currency, total, tax, at, body) VALUES `, "", 10, args); err != nil {
		return fmt.Errorf("store %d sales: %w", len(j.sales), err)
	}
	j.sales = j.sales[:0]
	return nil
}

// flushStock writes the job's movements and adds their sums to the levels.
func (j *journalTx) flushStock(ctx context.Context) error {
	if len(j.moves) == 0 {
		return nil
	}
	args := make([]any, 0, len(j.moves)*9)
	for _, mv := range j.moves {
		m := mv.m
		args = append(args, m.StoreID, m.SKU, m.Delta, m.Reason, m.Ref, m.DeviceID, m.Seq, m.At.UTC().Format(timeLayout), mv.applied)
	}
	if err := j.insertRows(ctx, `INSERT INTO stock_movements (store_id, sku, delta, reason, ref, device_id, seq, at, applied) VALUES `, "", 9, args); err != nil {
		return fmt.Errorf("stock movements: %w", err)
	}
	args = args[:0]
	for k, st := range j.stock {
		if st.touched {
			args = append(args, k.store, k.sku, st.delta)
			st.delta, st.touched = 0, false
		}
	}
	if err := j.insertRows(ctx, `INSERT INTO stock_levels (store_id, sku, on_hand) VALUES `,
		` ON CONFLICT (store_id, sku) DO UPDATE SET on_hand = on_hand + excluded.on_hand`, 3, args); err != nil {
		return fmt.Errorf("stock levels: %w", err)
	}
	j.moves = j.moves[:0]
	return nil
}

// maxRows bounds the rows of one multi-row INSERT (SQLite allows 32766
// parameters; the statement cache keeps one statement per row count).
const maxRows = 100

// insertRows runs prefix VALUES (…), (…) suffix for args, width values a
// row, maxRows rows at a time.
func (j *journalTx) insertRows(ctx context.Context, prefix, suffix string, width int, args []any) error {
	for len(args) > 0 {
		n := min(len(args)/width, maxRows)
		if _, err := j.exec(ctx, prefix+valuesList(n, width)+suffix, args[:n*width]...); err != nil {
			return err
		}
		args = args[n*width:]
	}
	return nil
}

// valuesList is "(?, ?), (?, ?)" for n rows of width.
func valuesList(n, width int) string {
	row := "(" + strings.Repeat("?, ", width-1) + "?)"
	var b strings.Builder
	b.Grow(n * (len(row) + 2))
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}
