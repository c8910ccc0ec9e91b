package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// PeerHead is what this lane holds of one peer lane's journal: every entry
// 1…Seq, contiguous and chain-verified.
type PeerHead struct {
	// DeviceID of the peer.
	DeviceID string
	// StoreID the peer said it belongs to.
	StoreID string
	// Seq is the high-water mark: the highest contiguous seq held.
	Seq int64
	// Hash of entry Seq.
	Hash string
	// PulledAt is when entries were last stored.
	PulledAt time.Time
}

// SaleByReceipt returns a sale rung at this device by its receipt code
// (canonical or not, see pos.ParseReceiptCode). A code of another device is
// ENOTFOUND. It makes the local store a pos.SaleFinder.
func (d *DB) SaleByReceipt(ctx context.Context, code string) (pos.Sale, error) {
	device, n, err := pos.ParseReceiptCode(code, d.deviceID)
	if err != nil {
		return pos.Sale{}, err
	}
	if device != d.deviceID {
		return pos.Sale{}, pos.Errorf(pos.ENOTFOUND, "receipt %s was not rung at %s", pos.ReceiptCode(device, n), d.deviceID)
	}
	return d.SaleByNumber(ctx, n)
}

// PeerSaleByReceipt returns a sale found in the stored copies of peer lanes'
// journals by its receipt code, or ENOTFOUND.
func (d *DB) PeerSaleByReceipt(ctx context.Context, code string) (pos.Sale, error) {
	device, n, err := pos.ParseReceiptCode(code, "")
	if err != nil {
		return pos.Sale{}, err
	}
	canon := pos.ReceiptCode(device, n)
	var body string
	err = d.db.QueryRowContext(ctx, `SELECT body FROM peer_sales WHERE receipt_code = ?`, canon).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Sale{}, pos.Errorf(pos.ENOTFOUND, "no peer copy of receipt %s", canon)
	}
	if err != nil {
		return pos.Sale{}, fmt.Errorf("peer sale %s: %w", canon, err)
	}
	var s pos.Sale
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		return pos.Sale{}, fmt.Errorf("peer sale %s: decode: %w", canon, err)
	}
	return s, nil
}

// PeerReturnedQty returns, per original line number, the units of a sale
// returned at peer lanes, as far as the stored copies of their journals tell.
func (d *DB) PeerReturnedQty(ctx context.Context, saleID string) (map[int]int64, error) {
	return qtyByLine(ctx, d.db, "peer returns of "+saleID,
		`SELECT line_no, sum(qty) FROM peer_returned_lines WHERE original_sale_id = ? GROUP BY line_no`, saleID)
}

// PeerHeads lists the peers whose journals this lane holds copies of.
func (d *DB) PeerHeads(ctx context.Context) ([]PeerHead, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT device_id, store_id, seq, hash, pulled_at FROM peer_heads ORDER BY device_id`)
	if err != nil {
		return nil, fmt.Errorf("peer heads: %w", err)
	}
	defer rows.Close()
	var out []PeerHead
	for rows.Next() {
		var h PeerHead
		var at string
		if err := rows.Scan(&h.DeviceID, &h.StoreID, &h.Seq, &h.Hash, &at); err != nil {
			return nil, fmt.Errorf("peer heads: %w", err)
		}
		if h.PulledAt, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("peer heads: %s: %w", h.DeviceID, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// LastPeerEvent returns the last entry held of a peer's journal; ok is false
// when none is held.
func (d *DB) LastPeerEvent(ctx context.Context, deviceID string) (e pos.Event, ok bool, err error) {
	return lastPeerEvent(ctx, d.db, deviceID)
}

// peerRowQueryer is a *sql.DB or a *sql.Tx.
type peerRowQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func lastPeerEvent(ctx context.Context, q peerRowQueryer, deviceID string) (pos.Event, bool, error) {
	e, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+journalCols+` FROM peer_events WHERE device_id = ? ORDER BY seq DESC LIMIT 1`, deviceID))
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Event{}, false, nil
	}
	if err != nil {
		return pos.Event{}, false, fmt.Errorf("last entry held of %s: %w", deviceID, err)
	}
	return e, true, nil
}

// PeerEventsAfter returns up to limit entries held of a peer's journal with
// seq > after, in order.
func (d *DB) PeerEventsAfter(ctx context.Context, deviceID string, after int64, limit int) ([]pos.Event, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+journalCols+` FROM peer_events WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?`, deviceID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("peer journal %s after %d: %w", deviceID, after, err)
	}
	defer rows.Close()
	var out []pos.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("peer journal %s: %w", deviceID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AppendPeerEvents stores entries of one peer's journal (storeID is the
// store the peer belongs to) and projects their sales and returns, all in one
// transaction, and returns how many were new. The chain is verified again
// here, resuming from the last entry held: entries at or below the
// high-water mark must be the ones held (they are skipped, so re-storing is
// harmless); the rest must continue the chain without a gap. Any fault
// stores nothing: a *pos.ChainError for a broken chain, ECONFLICT for an
// entry that differs from the copy held or a peer that changed store.
func (d *DB) AppendPeerEvents(ctx context.Context, storeID string, evs []pos.Event) (int, error) {
	if len(evs) == 0 {
		return 0, nil
	}
	device := evs[0].DeviceID
	if device == "" || device == d.deviceID {
		return 0, pos.Errorf(pos.EINVALID, "peer entries of device %q refused: this lane is %s", device, d.deviceID)
	}
	if storeID == "" {
		return 0, pos.Errorf(pos.EINVALID, "peer %s: no store id", device)
	}
	stored := 0
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var heldStore string
		err := tx.QueryRowContext(ctx, `SELECT store_id FROM peer_heads WHERE device_id = ?`, device).Scan(&heldStore)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("peer head %s: %w", device, err)
		case heldStore != storeID:
			return pos.Errorf(pos.ECONFLICT, "peer %s was in store %s and now says %s", device, heldStore, storeID)
		}
		last, ok, err := lastPeerEvent(ctx, tx, device)
		if err != nil {
			return err
		}
		v := pos.ChainVerifier{DeviceID: device}
		if ok {
			v.Resume(last)
		}
		var head pos.Event
		for _, e := range evs {
			if ok && e.DeviceID == device && e.Seq >= 1 && e.Seq <= last.Seq {
				var held string
				if err := tx.QueryRowContext(ctx, `SELECT hash FROM peer_events WHERE device_id = ? AND seq = ?`, device, e.Seq).Scan(&held); err != nil {
					return fmt.Errorf("peer entry %s/%d held: %w", device, e.Seq, err)
				}
				if held != e.Hash {
					return pos.Errorf(pos.ECONFLICT, "peer %s entry %d differs from the copy held (two journals claim one device)", device, e.Seq)
				}
				continue
			}
			if err := v.Next(e); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO peer_events(`+journalCols+`) VALUES (?,?,?,?,?,?,?,?,?,?)`,
				e.DeviceID, e.Seq, e.ID, e.Type, string(e.Payload), e.HLC, formatTime(e.At), e.Operator, e.PrevHash, e.Hash); err != nil {
				return fmt.Errorf("store peer entry %s/%d: %w", device, e.Seq, err)
			}
			if err := d.projectPeerEvent(ctx, tx, storeID, e); err != nil {
				return err
			}
			head = e
			stored++
		}
		if stored == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO peer_heads(device_id, store_id, seq, hash, pulled_at) VALUES (?,?,?,?,?)
			ON CONFLICT(device_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, pulled_at = excluded.pulled_at`,
			device, storeID, head.Seq, head.Hash, formatTime(time.Now()))
		if err != nil {
			return fmt.Errorf("peer head %s: %w", device, err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return stored, nil
}

// projectPeerEvent turns a peer's sale into a row of peer_sales and a peer's
// return into rows of peer_returned_lines. A payload that does not read as
// its type is kept in the journal copy and logged, not projected.
func (d *DB) projectPeerEvent(ctx context.Context, tx *sql.Tx, storeID string, e pos.Event) error {
	switch e.Type {
	case pos.EventSaleCompleted:
		var s pos.Sale
		if err := json.Unmarshal(e.Payload, &s); err != nil || s.DeviceID != e.DeviceID || s.Number <= 0 {
			d.warn("peer sale not projected", "device", e.DeviceID, "seq", e.Seq, "err", err)
			return nil
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO peer_sales(receipt_code, sale_id, device_id, number, store_id, at, total, seq, body)
			VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(receipt_code) DO NOTHING`,
			s.ReceiptCode(), s.ID, s.DeviceID, s.Number, storeID, formatTime(s.At), int64(s.Totals.Total), e.Seq, string(e.Payload))
		if err != nil {
			return fmt.Errorf("project peer sale %s: %w", s.ReceiptCode(), err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			d.warn("peer sale repeats a receipt code; the first stands", "receipt", s.ReceiptCode(), "seq", e.Seq)
		}
	case pos.EventReturnCompleted:
		var r pos.Return
		if err := json.Unmarshal(e.Payload, &r); err != nil || r.OriginalSaleID == "" {
			d.warn("peer return not projected", "device", e.DeviceID, "seq", e.Seq, "err", err)
			return nil
		}
		for _, l := range r.Lines {
			if _, err := tx.ExecContext(ctx, `INSERT INTO peer_returned_lines(device_id, seq, original_sale_id, line_no, qty) VALUES (?,?,?,?,?)`,
				e.DeviceID, e.Seq, r.OriginalSaleID, l.No, l.Qty); err != nil {
				return fmt.Errorf("project peer return %s/%d: %w", e.DeviceID, e.Seq, err)
			}
		}
	}
	return nil
}

func (d *DB) warn(msg string, args ...any) {
	if d.log != nil {
		d.log.Warn(msg, args...)
	}
}
