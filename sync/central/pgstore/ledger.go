package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

var (
	_ central.LedgerTx     = (*journalTx)(nil)
	_ central.OmniStorage  = (*DB)(nil)
	_ central.AuthStorage  = (*DB)(nil)
	_ central.Storage      = (*DB)(nil)
	_ central.JournalTx    = (*journalTx)(nil)
	_ central.StockBatcher = (*journalTx)(nil)
)

// More advisory lock classes.
const (
	lockStock  int32 = 0x6f6d0004 // second key hashtext(store_id): a store's stock ledger
	lockOrders int32 = 0x6f6d0005 // second key 0: the orders feed
	lockSale   int32 = 0x6f6d0006 // second key hashtext(sale_id): a sale and its returns
)

// ms is the ledger's time precision, as the SQLite backend's text times.
func ms(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// lockStoreStock takes a store's stock lock once per transaction. Every
// transaction that moves a store's stock takes it before touching any
// level row, so lanes selling the same goods take turns instead of
// deadlocking, and on-hand figures are exact. Ingest takes it last (in
// AddStocks, after every sale lock), so it is held only until commit.
func (j *journalTx) lockStoreStock(ctx context.Context, store string) error {
	if j.stockLocked[store] {
		return nil
	}
	if _, err := j.tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockStock, store); err != nil {
		return fmt.Errorf("lock stock of %s: %w", store, err)
	}
	if j.stockLocked == nil {
		j.stockLocked = map[string]bool{}
	}
	j.stockLocked[store] = true
	return nil
}

// stockKey names one SKU's stock at one store.
type stockKey struct{ store, sku string }

// stockState is a level as the transaction sees it.
type stockState struct {
	onHand    int64
	counted   bool
	countedAt time.Time
	touched   bool  // an applied movement: the level row is written at flush
	delta     int64 // applied movements' sum, to add at flush
}

// move is a movement waiting for flush.
type move struct {
	m       central.StockMovement
	applied bool
}

// AddStock records a movement and returns the on-hand after it. The first
// movement of a SKU in the transaction takes the store's stock lock and
// reads its level and count; later ones are computed in memory, and all
// are written at commit. Ingest uses AddStocks instead.
func (j *journalTx) AddStock(ctx context.Context, m central.StockMovement) (int64, bool, error) {
	if len(j.batched) > 0 { // what AddStocks held counts first
		b := &pgx.Batch{}
		j.queueStock(b)
		j.queueBatchedStock(b)
		if err := j.send(ctx, b); err != nil {
			return 0, false, err
		}
	}
	if err := j.lockStoreStock(ctx, m.StoreID); err != nil {
		return 0, false, err
	}
	k := stockKey{m.StoreID, m.SKU}
	if j.stock[k] == nil {
		b := &pgx.Batch{}
		j.queueReadStock(b, []stockKey{k})
		br := j.tx.SendBatch(ctx, b)
		err := j.readStock(br)
		if cerr := br.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return 0, false, fmt.Errorf("stock level %s/%s: %w", m.StoreID, m.SKU, err)
		}
	}
	onHand, counted := j.moveInMemory(m)
	return onHand, counted, nil
}

// AddStocks holds a batch's movements for commit, whose one round trip
// takes the stock locks of the stores moved (in one order, after every
// other lock of the transaction), records the oversells the movements
// cause (central.Oversold, computed in SQL from the levels and counts read
// under those locks), then the movements and the levels' changes. No round
// trip between central and the database happens while a store's lock is
// held: a store's lanes queue only for the server's work and the commit's
// WAL flush, however large their batches and however far the database.
func (j *journalTx) AddStocks(ctx context.Context, ms []central.StockMovement) error {
	j.batched = append(j.batched, ms...)
	return nil
}

// oversellSQLFormat is central.OversellFormat for SQL's format().
var oversellSQLFormat = strings.ReplaceAll(central.OversellFormat, "%d", "%s")

// queueBatchedStock adds the writes of the movements AddStocks held to b.
func (j *journalTx) queueBatchedStock(b *pgx.Batch) {
	if len(j.batched) == 0 {
		return
	}
	var stores []string
	for _, m := range j.batched {
		if !j.stockLocked[m.StoreID] && !slices.Contains(stores, m.StoreID) {
			stores = append(stores, m.StoreID)
		}
	}
	slices.Sort(stores)
	if j.stockLocked == nil {
		j.stockLocked = map[string]bool{}
	}
	for _, s := range stores {
		b.Queue(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockStock, s)
		j.stockLocked[s] = true
	}
	n := len(j.batched)
	var (
		store, sku, dev = make([]string, n), make([]string, n), make([]string, n)
		delta, seq      = make([]int64, n), make([]int64, n)
		at              = make([]time.Time, n)
	)
	for i, m := range j.batched {
		store[i], sku[i], delta[i], dev[i], seq[i], at[i] = m.StoreID, m.SKU, m.Delta, m.DeviceID, m.Seq, ms(m.At)
	}
	// Before the levels change: each movement's on-hand is the level plus
	// the applied movements up to it, as AddStock would have computed.
	b.Queue(`INSERT INTO exceptions (kind, device_id, seq, ref, detail, at)
		SELECT 'oversell', r.device_id, r.seq, r.sku, format($7, r.store_id, r.sku, r.on_hand), $8
		FROM (SELECT u.n, u.store_id, u.sku, u.delta, u.device_id, u.seq,
				coalesce(l.on_hand, 0) + sum(CASE WHEN u.at >= c.counted_at THEN u.delta ELSE 0 END)
					OVER (PARTITION BY u.store_id, u.sku ORDER BY u.n) AS on_hand
			FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::timestamptz[])
				WITH ORDINALITY AS u(store_id, sku, delta, device_id, seq, at, n)
			JOIN stock_counts c ON c.store_id = u.store_id AND c.sku = u.sku -- uncounted goods are never oversold
			LEFT JOIN stock_levels l ON l.store_id = u.store_id AND l.sku = u.sku) AS r
		WHERE r.on_hand < 0 AND r.delta < 0
		ORDER BY r.n
		RETURNING kind, device_id, seq, ref, detail`,
		store, sku, delta, dev, seq, at, oversellSQLFormat, j.d.now()).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var x central.Exception
			if err := rows.Scan(&x.Kind, &x.DeviceID, &x.Seq, &x.Ref, &x.Detail); err != nil {
				return err
			}
			j.d.log.Warn("exception", "kind", x.Kind, "device", x.DeviceID, "seq", x.Seq, "ref", x.Ref, "detail", x.Detail)
		}
		return rows.Err()
	})
	queueMovements(b, j.batched)
	j.batched, j.stock = nil, nil // levels changed: read again if asked
}

// queueMovements adds to b the writes of movements ms and of the levels'
// changes, under the stores' locks taken earlier in b. A movement that
// happened before its SKU's last count is kept but not applied, as in
// moveInMemory.
func queueMovements(b *pgx.Batch, mvs []central.StockMovement) {
	n := len(mvs)
	var (
		store, sku, reason, ref, dev = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		delta, seq                   = make([]int64, n), make([]int64, n)
		at                           = make([]time.Time, n)
	)
	for i, m := range mvs {
		store[i], sku[i], delta[i], reason[i], ref[i], dev[i], seq[i], at[i] = m.StoreID, m.SKU, m.Delta, m.Reason, m.Ref, m.DeviceID, m.Seq, ms(m.At)
	}
	b.Queue(`INSERT INTO stock_movements (store_id, sku, delta, reason, ref, device_id, seq, at, applied)
		SELECT u.store_id, u.sku, u.delta, u.reason, u.ref, u.device_id, u.seq, u.at, c.counted_at IS NULL OR u.at >= c.counted_at
		FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::timestamptz[])
			WITH ORDINALITY AS u(store_id, sku, delta, reason, ref, device_id, seq, at, n)
		LEFT JOIN stock_counts c ON c.store_id = u.store_id AND c.sku = u.sku
		ORDER BY u.n`,
		store, sku, delta, reason, ref, dev, seq, at)
	b.Queue(`INSERT INTO stock_levels (store_id, sku, on_hand)
		SELECT u.store_id, u.sku, sum(u.delta) FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[]) AS u(store_id, sku, delta, at)
		LEFT JOIN stock_counts c ON c.store_id = u.store_id AND c.sku = u.sku
		WHERE c.counted_at IS NULL OR u.at >= c.counted_at
		GROUP BY 1, 2 ORDER BY 1, 2
		ON CONFLICT (store_id, sku) DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand`, store, sku, delta, at)
}

// queueReadStock adds the read of keys' levels and counts to b; the
// caller holds their stores' locks (taken earlier in b or before).
func (j *journalTx) queueReadStock(b *pgx.Batch, keys []stockKey) {
	ks, kk := make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		ks[i], kk[i] = k.store, k.sku
	}
	b.Queue(`SELECT k.store_id, k.sku, l.on_hand, c.counted_at FROM unnest($1::text[], $2::text[]) AS k(store_id, sku)
		LEFT JOIN stock_levels l ON l.store_id = k.store_id AND l.sku = k.sku
		LEFT JOIN stock_counts c ON c.store_id = k.store_id AND c.sku = k.sku`, ks, kk)
}

// readStock reads the result of queueReadStock into the transaction's view.
func (j *journalTx) readStock(br pgx.BatchResults) error {
	rows, err := br.Query()
	if err != nil {
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

// moveInMemory applies m to the transaction's view of its level (read
// under the store's lock) and holds it for the write at commit. A
// movement that happened before the SKU's last count is kept but not
// applied: the count already saw it.
func (j *journalTx) moveInMemory(m central.StockMovement) (onHand int64, counted bool) {
	st := j.stock[stockKey{m.StoreID, m.SKU}]
	applied := !st.counted || !ms(m.At).Before(st.countedAt)
	j.moves = append(j.moves, move{m: m, applied: applied})
	if applied {
		st.onHand += m.Delta
		st.delta += m.Delta
		st.touched = true
	}
	return st.onHand, st.counted
}

// queueStock adds the writes of the transaction's movements and level
// changes to b.
func (j *journalTx) queueStock(b *pgx.Batch) {
	if len(j.moves) == 0 {
		return
	}
	n := len(j.moves)
	var (
		store, sku, reason, ref, dev = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		delta, seq                   = make([]int64, n), make([]int64, n)
		at                           = make([]time.Time, n)
		applied                      = make([]bool, n)
	)
	for i, mv := range j.moves {
		m := mv.m
		store[i], sku[i], delta[i], reason[i], ref[i], dev[i], seq[i], at[i], applied[i] = m.StoreID, m.SKU, m.Delta, m.Reason, m.Ref, m.DeviceID, m.Seq, ms(m.At), mv.applied
	}
	b.Queue(`INSERT INTO stock_movements (store_id, sku, delta, reason, ref, device_id, seq, at, applied)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::timestamptz[], $9::boolean[])`,
		store, sku, delta, reason, ref, dev, seq, at, applied)
	var ls, lk []string
	var ld []int64
	for k, st := range j.stock {
		if st.touched {
			ls, lk, ld = append(ls, k.store), append(lk, k.sku), append(ld, st.delta)
		}
	}
	if len(ls) > 0 {
		b.Queue(`INSERT INTO stock_levels (store_id, sku, on_hand)
			SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ORDER BY 1, 2
			ON CONFLICT (store_id, sku) DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand`, ls, lk, ld)
	}
	j.moves, j.stock = nil, nil
}

// rowQuerier is a connection or a transaction.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func saleWhere(ctx context.Context, q rowQuerier, where string, args ...any) (pos.Sale, bool, error) {
	var body string
	err := q.QueryRow(ctx, `SELECT body FROM sales WHERE `+where, args...).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return pos.Sale{}, false, nil
	}
	if err != nil {
		return pos.Sale{}, false, fmt.Errorf("read sale: %w", err)
	}
	var s pos.Sale
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		return pos.Sale{}, false, fmt.Errorf("read sale: %w", err)
	}
	return s, true, nil
}

func (j *journalTx) SaleByID(ctx context.Context, id string) (pos.Sale, bool, error) {
	if err := j.flushSales(ctx); err != nil {
		return pos.Sale{}, false, err
	}
	return saleWhere(ctx, j.tx, `id = $1`, id)
}

// ProjectReturn records a return under its original sale's lock, so a
// return and the sale it returns, arriving at once through different
// devices, take turns.
func (j *journalTx) ProjectReturn(ctx context.Context, r pos.Return, e pos.Event) (bool, error) {
	tag, err := j.tx.Exec(ctx, `INSERT INTO returns (id, device_id, seq, store_id, original_sale_id, total, at, body)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM (SELECT pg_advisory_xact_lock($9, hashtext($5))) AS l
		ON CONFLICT (id) DO NOTHING`,
		r.ID, e.DeviceID, e.Seq, r.StoreID, r.OriginalSaleID, int64(r.Totals.Total), ms(r.At), string(e.Payload), lockSale)
	if err != nil {
		return false, fmt.Errorf("project return %s: %w", r.ID, err)
	}
	return tag.RowsAffected() == 1, nil
}

func (j *journalTx) AddReturned(ctx context.Context, saleID string, lineNo int, qty int64) (int64, error) {
	delete(j.returned, saleID)
	var total int64
	if err := j.tx.QueryRow(ctx, `INSERT INTO returned_lines (sale_id, line_no, qty) VALUES ($1, $2, $3)
		ON CONFLICT (sale_id, line_no) DO UPDATE SET qty = returned_lines.qty + excluded.qty RETURNING qty`, saleID, lineNo, qty).Scan(&total); err != nil {
		return 0, fmt.Errorf("returned qty %s/%d: %w", saleID, lineNo, err)
	}
	return total, nil
}

func (j *journalTx) ReturnedQty(ctx context.Context, saleID string) (map[int]int64, error) {
	if r, ok := j.returned[saleID]; ok {
		return maps.Clone(r), nil
	}
	return returnedQty(ctx, j.tx, saleID)
}

func returnedQty(ctx context.Context, q rowQuerier, saleID string) (map[int]int64, error) {
	out, err := scanReturned(q.Query(ctx, `SELECT line_no, qty FROM returned_lines WHERE sale_id = $1`, saleID))
	if err != nil {
		return nil, fmt.Errorf("returned qty %s: %w", saleID, err)
	}
	return out, nil
}

// scanReturned reads (line_no, qty) rows.
func scanReturned(rows pgx.Rows, err error) (map[int]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var no int
		var n int64
		if err := rows.Scan(&no, &n); err != nil {
			return nil, err
		}
		out[no] = n
	}
	return out, rows.Err()
}

func (j *journalTx) OrderByID(ctx context.Context, id string) (pos.Order, bool, error) {
	return orderByID(ctx, j.tx, id)
}

func orderByID(ctx context.Context, q rowQuerier, id string) (pos.Order, bool, error) {
	var body string
	err := q.QueryRow(ctx, `SELECT body FROM orders WHERE id = $1`, id).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return pos.Order{}, false, nil
	}
	if err != nil {
		return pos.Order{}, false, fmt.Errorf("read order %s: %w", id, err)
	}
	var o pos.Order
	if err := json.Unmarshal([]byte(body), &o); err != nil {
		return pos.Order{}, false, fmt.Errorf("read order %s: %w", id, err)
	}
	return o, true, nil
}

func (j *journalTx) ProjectRelease(ctx context.Context, r pos.PickupRelease, e pos.Event) (bool, error) {
	tag, err := j.tx.Exec(ctx, `INSERT INTO order_releases (id, order_id, device_id, seq, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
		r.ID, r.OrderID, e.DeviceID, e.Seq, string(e.Payload))
	if err != nil {
		return false, fmt.Errorf("project release %s: %w", r.ID, err)
	}
	return tag.RowsAffected() == 1, nil
}

func (j *journalTx) AddReleased(ctx context.Context, orderID string, lineNo int, qty int64) (int64, error) {
	var total int64
	if err := j.tx.QueryRow(ctx, `INSERT INTO order_released_lines (order_id, line_no, qty) VALUES ($1, $2, $3)
		ON CONFLICT (order_id, line_no) DO UPDATE SET qty = order_released_lines.qty + excluded.qty RETURNING qty`, orderID, lineNo, qty).Scan(&total); err != nil {
		return 0, fmt.Errorf("released qty %s/%d: %w", orderID, lineNo, err)
	}
	return total, nil
}

func (j *journalTx) SetOrderStatus(ctx context.Context, orderID, status string) error {
	if err := lockOrdersFeed(ctx, j.tx); err != nil {
		return err
	}
	// Read under the lock: the order as the last writer left it.
	o, ok, err := j.OrderByID(ctx, orderID)
	if err != nil || !ok {
		return err
	}
	o.Status = status
	return upsertOrder(ctx, j.tx, o, j.d.now())
}

// lockOrdersFeed makes order writers of every process take turns, so
// orders feed cursors are handed out in commit order.
func lockOrdersFeed(ctx context.Context, tx txConn) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, 0)`, lockOrders); err != nil {
		return fmt.Errorf("lock orders: %w", err)
	}
	return nil
}

// upsertOrder stores o with the next orders change sequence number unless
// it is unchanged; the caller holds the orders lock.
func upsertOrder(ctx context.Context, tx txConn, o pos.Order, now time.Time) error {
	body, err := json.Marshal(o)
	if err != nil {
		return fmt.Errorf("order %s: %w", o.ID, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO orders (id, store_id, status, body, change_seq, updated_at)
		VALUES ($1, $2, $3, $4, (SELECT coalesce(max(change_seq), 0) + 1 FROM orders), $5)
		ON CONFLICT (id) DO UPDATE SET store_id = excluded.store_id, status = excluded.status, body = excluded.body,
			change_seq = excluded.change_seq, updated_at = excluded.updated_at
		WHERE orders.body <> excluded.body`, o.ID, o.StoreID, o.Status, string(body), now); err != nil {
		return fmt.Errorf("upsert order %s: %w", o.ID, err)
	}
	return nil
}

// UpsertOrders adds or replaces online orders (from the e-commerce channel).
func (d *DB) UpsertOrders(ctx context.Context, orders []pos.Order) error {
	return d.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockOrdersFeed(ctx, tx); err != nil {
			return err
		}
		now := d.now()
		for _, o := range orders {
			if err := upsertOrder(ctx, tx, o, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// OrderChanges returns up to limit orders of a store changed after cursor.
func (d *DB) OrderChanges(ctx context.Context, storeID string, after int64, limit int) ([]pos.Order, int64, bool, error) {
	type row struct {
		o   pos.Order
		seq int64
	}
	limit = max(limit, 0)
	rows, err := queryAll(ctx, d, `SELECT body, change_seq FROM orders WHERE store_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3`,
		[]any{storeID, after, limit + 1}, func(r pgx.Rows) (row, error) {
			var body string
			var x row
			if err := r.Scan(&body, &x.seq); err != nil {
				return x, err
			}
			return x, json.Unmarshal([]byte(body), &x.o)
		})
	if err != nil {
		return nil, 0, false, fmt.Errorf("order changes: %w", err)
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	out, cursor := make([]pos.Order, 0, len(rows)), after
	for _, x := range rows {
		out = append(out, x.o)
		cursor = x.seq
	}
	return out, cursor, more, nil
}

// OrderByID returns an online order.
func (d *DB) OrderByID(ctx context.Context, id string) (o pos.Order, ok bool, err error) {
	err = d.withConn(ctx, func(c *pgx.Conn) error {
		o, ok, err = orderByID(ctx, c, id)
		return err
	})
	return o, ok, err
}

// SaleByID returns a sale central holds.
func (d *DB) SaleByID(ctx context.Context, id string) (s pos.Sale, ok bool, err error) {
	err = d.withConn(ctx, func(c *pgx.Conn) error {
		s, ok, err = saleWhere(ctx, c, `id = $1`, id)
		return err
	})
	return s, ok, err
}

// SaleByReceipt returns the sale of a device's receipt number.
func (d *DB) SaleByReceipt(ctx context.Context, deviceID string, number int64) (s pos.Sale, ok bool, err error) {
	err = d.withConn(ctx, func(c *pgx.Conn) error {
		s, ok, err = saleWhere(ctx, c, `device_id = $1 AND number = $2`, deviceID, number)
		return err
	})
	return s, ok, err
}

// ReturnedQty returns the units returned per line of a sale, at central.
func (d *DB) ReturnedQty(ctx context.Context, saleID string) (q map[int]int64, err error) {
	err = d.withConn(ctx, func(c *pgx.Conn) error {
		q, err = returnedQty(ctx, c, saleID)
		return err
	})
	return q, err
}

// SetStockCount records a physical count: the SKU's on-hand becomes qty
// as of at; movements that happened before at are not applied again. It
// takes the store's stock lock, so movements ingested meanwhile by any
// process land wholly before or after it.
func (d *DB) SetStockCount(ctx context.Context, storeID, sku string, qty int64, at time.Time) error {
	return d.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockStock, storeID); err != nil {
			return fmt.Errorf("lock stock of %s: %w", storeID, err)
		}
		ts := ms(at)
		if _, err := tx.Exec(ctx, `INSERT INTO stock_counts (store_id, sku, qty, counted_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (store_id, sku) DO UPDATE SET qty = excluded.qty, counted_at = excluded.counted_at`, storeID, sku, qty, ts); err != nil {
			return fmt.Errorf("stock count %s/%s: %w", storeID, sku, err)
		}
		// Movements already received that happened after the count still count.
		if _, err := tx.Exec(ctx, `INSERT INTO stock_levels (store_id, sku, on_hand)
			SELECT $1, $2, $3 + coalesce((SELECT sum(delta) FROM stock_movements WHERE store_id = $1 AND sku = $2 AND at >= $4), 0)
			ON CONFLICT (store_id, sku) DO UPDATE SET on_hand = excluded.on_hand`, storeID, sku, qty, ts); err != nil {
			return fmt.Errorf("stock level %s/%s: %w", storeID, sku, err)
		}
		return nil
	})
}

// StockLevels returns a store's on-hand per SKU.
func (d *DB) StockLevels(ctx context.Context, storeID string) ([]protocol.StockLevel, error) {
	out, err := queryAll(ctx, d, `SELECT l.sku, l.on_hand, c.sku IS NOT NULL FROM stock_levels l
		LEFT JOIN stock_counts c ON c.store_id = l.store_id AND c.sku = l.sku WHERE l.store_id = $1 ORDER BY l.sku`,
		[]any{storeID}, func(r pgx.Rows) (protocol.StockLevel, error) {
			var l protocol.StockLevel
			err := r.Scan(&l.SKU, &l.OnHand, &l.Counted)
			return l, err
		})
	if err != nil {
		return nil, fmt.Errorf("stock levels %s: %w", storeID, err)
	}
	return out, nil
}
