package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
)

var (
	_ pos.StockStore = (*DB)(nil)
	_ pos.StockView  = (*DB)(nil)
)

// StockPosition is the stock feed position of the snapshot held and the
// peers whose journals this lane holds (central tells how far it counted
// each of them).
func (d *DB) StockPosition(ctx context.Context) (moves, counts int64, peers []string, err error) {
	if moves, err = getState(ctx, d.db, "stock_moves"); err != nil {
		return 0, 0, nil, err
	}
	if counts, err = getState(ctx, d.db, "stock_counts"); err != nil {
		return 0, 0, nil, err
	}
	rows, err := d.db.QueryContext(ctx, `SELECT device_id FROM peer_heads ORDER BY device_id`)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("read peers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return 0, 0, nil, fmt.Errorf("read peers: %w", err)
		}
		peers = append(peers, p)
	}
	return moves, counts, peers, rows.Err()
}

// ApplyStock stores central's stock snapshot (replacing the one held when
// s.Full), the journal heads it includes and its feed position, in one
// transaction.
func (d *DB) ApplyStock(ctx context.Context, s pos.StockSnapshot) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if s.Full {
			if _, err := tx.ExecContext(ctx, `DELETE FROM stock_snapshot`); err != nil {
				return fmt.Errorf("clear stock snapshot: %w", err)
			}
		}
		for _, l := range s.Levels {
			at := ""
			if l.Counted {
				at = formatTime(l.CountedAt)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO stock_snapshot(sku, on_hand, counted, counted_at) VALUES (?, ?, ?, ?)
				ON CONFLICT(sku) DO UPDATE SET on_hand = excluded.on_hand, counted = excluded.counted, counted_at = excluded.counted_at`,
				l.SKU, l.OnHand, l.Counted, at); err != nil {
				return fmt.Errorf("stock of %s: %w", l.SKU, err)
			}
		}
		for dev, seq := range s.Heads {
			if _, err := tx.ExecContext(ctx, `INSERT INTO stock_heads(device_id, seq) VALUES (?, ?)
				ON CONFLICT(device_id) DO UPDATE SET seq = excluded.seq`, dev, seq); err != nil {
				return fmt.Errorf("stock head of %s: %w", dev, err)
			}
		}
		if err := setState(ctx, tx, "stock_moves", s.Moves); err != nil {
			return err
		}
		return setState(ctx, tx, "stock_counts", s.Counts)
	})
}

// snapRow is a SKU of the held snapshot.
type snapRow struct {
	onHand    int64
	counted   bool
	countedAt time.Time
}

// OnHand returns the store's on-hand of each SKU as this lane sees it:
// central's snapshot plus the sales (−), returns (+) and pickup releases
// (−) of this lane's and its peers' journal entries central had not
// counted when it took the snapshot — with central's own rule that a
// movement that happened before the SKU's count is in the count. A SKU
// central never counted is unknown.
func (d *DB) OnHand(ctx context.Context, skus []string) (map[string]pos.OnHand, error) {
	out := make(map[string]pos.OnHand, len(skus))
	if len(skus) == 0 {
		return out, nil
	}
	// Snapshot rows and heads in one statement: ApplyStock changes both at once.
	args := make([]any, len(skus))
	for i, s := range skus {
		args[i] = s
	}
	rows, err := d.db.QueryContext(ctx, `SELECT sku, on_hand, counted, counted_at, '' FROM stock_snapshot WHERE sku IN (?`+strings.Repeat(",?", len(skus)-1)+`)
		UNION ALL SELECT '', seq, 0, '', device_id FROM stock_heads`, args...)
	if err != nil {
		return nil, fmt.Errorf("read stock snapshot: %w", err)
	}
	snap := map[string]snapRow{}
	heads := map[string]int64{}
	for rows.Next() {
		var sku, at, dev string
		var r snapRow
		if err := rows.Scan(&sku, &r.onHand, &r.counted, &at, &dev); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read stock snapshot: %w", err)
		}
		if dev != "" {
			heads[dev] = r.onHand
			continue
		}
		if r.counted {
			if r.countedAt, err = parseTime(at); err != nil {
				rows.Close()
				return nil, fmt.Errorf("stock of %s: count time: %w", sku, err)
			}
		}
		snap[sku] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read stock snapshot: %w", err)
	}
	for sku, r := range snap {
		if r.counted {
			out[sku] = pos.OnHand{Units: r.onHand, Known: true}
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	// The journals only grow, so reading them after the snapshot is safe:
	// entries past a head are exactly what central had not counted.
	for dev, head := range heads {
		src, cond, args := "journal j", "j.seq > ?", []any{head}
		if dev != d.deviceID {
			src, cond, args = "peer_events j", "j.device_id = ? AND j.seq > ?", []any{dev, head}
		}
		q := uncountedSQL(src, cond)
		qargs := append(slices.Clone(args), pos.EventSaleCompleted, pos.EventReturnCompleted)
		qargs = append(append(qargs, args...), pos.EventPickupReleased)
		if err := d.addUncounted(ctx, q, qargs, snap, out); err != nil {
			return nil, fmt.Errorf("movements of %s after %d: %w", dev, head, err)
		}
	}
	return out, nil
}

// uncountedSQL reads the stock lines of the journal entries of src that
// match cond: the lines of sales and returns, and the released lines of
// pickups with the SKU of the order line they hand over (from the order
// as the store's feed brought it; a release of an order or line the lane
// does not hold moves nothing, as at central, which cannot name its SKU
// either). Columns: type, time, SKU, qty, grams, voided.
func uncountedSQL(src, cond string) string {
	return `SELECT j.type, json_extract(j.payload, '$.at'), coalesce(json_extract(l.value, '$.sku'), ''), coalesce(json_extract(l.value, '$.qty'), 0),
			coalesce(json_extract(l.value, '$.grams'), 0), coalesce(json_extract(l.value, '$.voided'), 0)
		FROM ` + src + `, json_each(j.payload, '$.lines') l WHERE ` + cond + ` AND j.type IN (?, ?)
		UNION ALL
		SELECT j.type, json_extract(j.payload, '$.at'), coalesce(json_extract(ol.value, '$.sku'), ''), coalesce(json_extract(l.value, '$.qty'), 0), 0, 0
		FROM ` + src + `, json_each(j.payload, '$.lines') l, orders o, json_each(o.body, '$.lines') ol
		WHERE ` + cond + ` AND j.type = ? AND o.id = json_extract(j.payload, '$.order_id')
			AND json_extract(ol.value, '$.no') = json_extract(l.value, '$.line_no') AND json_extract(l.value, '$.qty') > 0`
}

// addUncounted adds to out the movements of the journal lines q returns,
// for the counted SKUs of snap, as central will apply them.
func (d *DB) addUncounted(ctx context.Context, q string, args []any, snap map[string]snapRow, out map[string]pos.OnHand) error {
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var typ, sku string
		var at sql.NullString
		var qty, grams int64
		var voided bool
		if err := rows.Scan(&typ, &at, &sku, &qty, &grams, &voided); err != nil {
			return err
		}
		r, ok := snap[sku]
		if !ok || !r.counted || (voided && typ == pos.EventSaleCompleted) {
			continue
		}
		when, err := time.Parse(time.RFC3339Nano, at.String)
		if err != nil {
			return fmt.Errorf("time of a %s: %w", typ, err)
		}
		if when.UTC().Truncate(time.Millisecond).Before(r.countedAt) {
			continue // the count saw it
		}
		units := qty
		if grams > 0 {
			units = grams
		}
		if typ != pos.EventReturnCompleted { // a sale or a pickup: goods out
			units = -units
		}
		o := out[sku]
		o.Units += units
		out[sku] = o
	}
	return rows.Err()
}
