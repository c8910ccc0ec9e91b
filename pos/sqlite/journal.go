package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/omnilane/omnilane/pos"
)

const journalCols = `device_id, seq, id, type, payload, hlc, at, operator, prev_hash, hash`

func scanEvent(r scanner) (pos.Event, error) {
	var e pos.Event
	var payload, at string
	if err := r.Scan(&e.DeviceID, &e.Seq, &e.ID, &e.Type, &payload, &e.HLC, &at, &e.Operator, &e.PrevHash, &e.Hash); err != nil {
		return pos.Event{}, err
	}
	e.Payload = []byte(payload)
	t, err := parseTime(at)
	if err != nil {
		return pos.Event{}, fmt.Errorf("journal entry %d: bad time %q: %w", e.Seq, at, err)
	}
	e.At = t
	return e, nil
}

// appendEvent seals ev after the last entry and inserts it, inside tx.
func (d *DB) appendEvent(ctx context.Context, tx *sql.Tx, ev pos.Event) (pos.Event, error) {
	if ev.DeviceID != d.deviceID {
		return pos.Event{}, fmt.Errorf("event for device %q in the journal of %q", ev.DeviceID, d.deviceID)
	}
	var prev *pos.Event
	last, err := scanEvent(tx.QueryRowContext(ctx, `SELECT `+journalCols+` FROM journal ORDER BY seq DESC LIMIT 1`))
	switch {
	case err == nil:
		prev = &last
	case !errors.Is(err, sql.ErrNoRows):
		return pos.Event{}, fmt.Errorf("read last journal entry: %w", err)
	}
	sealed, err := pos.Seal(prev, ev)
	if err != nil {
		return pos.Event{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO journal(`+journalCols+`) VALUES (?,?,?,?,?,?,?,?,?,?)`,
		sealed.DeviceID, sealed.Seq, sealed.ID, sealed.Type, string(sealed.Payload), sealed.HLC,
		formatTime(sealed.At), sealed.Operator, sealed.PrevHash, sealed.Hash); err != nil {
		return pos.Event{}, fmt.Errorf("append journal entry %d: %w", sealed.Seq, err)
	}
	return sealed, nil
}

// AppendEvent seals ev after the journal's last entry and stores it.
func (d *DB) AppendEvent(ctx context.Context, ev pos.Event) (pos.Event, error) {
	var out pos.Event
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = d.appendEvent(ctx, tx, ev)
		return err
	})
	return out, err
}

// EventsAfter returns up to limit entries with seq > after, in order.
func (d *DB) EventsAfter(ctx context.Context, after int64, limit int) ([]pos.Event, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+journalCols+` FROM journal WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("journal after %d: %w", after, err)
	}
	defer rows.Close()
	var out []pos.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// LastEvent returns the journal's last entry, or ENOTFOUND when empty.
func (d *DB) LastEvent(ctx context.Context) (pos.Event, error) {
	e, err := scanEvent(d.db.QueryRowContext(ctx, `SELECT `+journalCols+` FROM journal ORDER BY seq DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Event{}, pos.Errorf(pos.ENOTFOUND, "the journal is empty")
	}
	return e, err
}

// VerifyJournal walks the whole journal in rowid order, checking sequence
// and hash chain. It returns the number of entries, or a *pos.ChainError
// naming the first broken or missing entry.
func (d *DB) VerifyJournal(ctx context.Context) (int64, error) {
	// rowid order is insertion order even if someone renumbered seq by hand.
	rows, err := d.db.QueryContext(ctx, `SELECT `+journalCols+` FROM journal ORDER BY rowid`)
	if err != nil {
		return 0, fmt.Errorf("verify journal: %w", err)
	}
	defer rows.Close()
	v := pos.ChainVerifier{DeviceID: d.deviceID}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return v.Count, &pos.ChainError{DeviceID: d.deviceID, Seq: v.Count + 1, Reason: err.Error()}
		}
		if err := v.Next(e); err != nil {
			return v.Count, err
		}
	}
	return v.Count, rows.Err()
}
