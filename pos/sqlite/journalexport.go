package sqlite

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// Journal export formats.
const (
	// ExportCSV writes a header row and one row per entry.
	ExportCSV = "csv"
	// ExportJSONLines writes one pos.Event JSON object per line.
	ExportJSONLines = "jsonl"
)

// OpenReadOnly opens an existing database file read-only for auditing:
// no migrations, no writes. The device is taken from the journal's first
// entry unless deviceID is given. It fails if the file has no journal.
func OpenReadOnly(ctx context.Context, path, deviceID string, log *slog.Logger) (*DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Set("mode", "ro")
	sqldb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	var n int
	if err := sqldb.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'`).Scan(&n); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if n == 0 {
		sqldb.Close()
		return nil, fmt.Errorf("open %s: not an Omnilane lane database (no journal)", path)
	}
	if deviceID == "" {
		err := sqldb.QueryRowContext(ctx, `SELECT device_id FROM journal ORDER BY rowid LIMIT 1`).Scan(&deviceID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			sqldb.Close()
			return nil, fmt.Errorf("open %s: journal owner: %w", path, err)
		}
	}
	return &DB{db: sqldb, deviceID: deviceID, log: log}, nil
}

// JournalEnd is the last seq the journal holds and the highest seq central
// has acknowledged (0 when unknown). An acknowledged seq past the end means
// entries were removed from the end of the journal.
func (d *DB) JournalEnd(ctx context.Context) (last, acked int64, err error) {
	if err := d.db.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM journal`).Scan(&last); err != nil {
		return 0, 0, fmt.Errorf("journal end: %w", err)
	}
	var n int
	if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'`).Scan(&n); err != nil {
		return 0, 0, fmt.Errorf("journal end: %w", err)
	}
	if n > 0 {
		if acked, err = getState(ctx, d.db, "acked_seq"); err != nil {
			return 0, 0, err
		}
	}
	return last, acked, nil
}

// ExportJournal writes the journal entries whose wall time is in [from, to)
// (a zero bound is open) in seq order, in format ExportCSV or
// ExportJSONLines, and returns how many it wrote. Each entry keeps its
// prev_hash and hash so an auditor can check the chain independently.
func (d *DB) ExportJournal(ctx context.Context, w io.Writer, format string, from, to time.Time) (int64, error) {
	if format != ExportCSV && format != ExportJSONLines {
		return 0, pos.Errorf(pos.EINVALID, "unknown export format %q (csv or jsonl)", format)
	}
	lo, hi := "", "~"
	if !from.IsZero() {
		lo = formatTime(from)
	}
	if !to.IsZero() {
		hi = formatTime(to)
	}
	rows, err := d.db.QueryContext(ctx, `SELECT `+journalCols+` FROM journal WHERE at >= ? AND at < ? ORDER BY seq`, lo, hi)
	if err != nil {
		return 0, fmt.Errorf("export journal: %w", err)
	}
	defer rows.Close()
	var cw *csv.Writer
	var enc *json.Encoder
	if format == ExportCSV {
		cw = csv.NewWriter(w)
		if err := cw.Write([]string{"device_id", "seq", "id", "type", "at", "hlc", "operator", "payload", "prev_hash", "hash"}); err != nil {
			return 0, fmt.Errorf("export journal: %w", err)
		}
	} else {
		enc = json.NewEncoder(w)
		enc.SetEscapeHTML(false)
	}
	var n int64
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return n, fmt.Errorf("export journal: %w", err)
		}
		if !json.Valid(e.Payload) {
			// A hand-edited payload may not be JSON any more: export it as a string.
			e.Payload, _ = json.Marshal(string(e.Payload))
		}
		if cw != nil {
			err = cw.Write([]string{e.DeviceID, strconv.FormatInt(e.Seq, 10), e.ID, e.Type, formatTime(e.At),
				strconv.FormatInt(e.HLC, 10), e.Operator, string(e.Payload), e.PrevHash, e.Hash})
		} else {
			err = enc.Encode(e)
		}
		if err != nil {
			return n, fmt.Errorf("export journal entry %d: %w", e.Seq, err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("export journal: %w", err)
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return n, fmt.Errorf("export journal: %w", err)
		}
	}
	return n, nil
}
