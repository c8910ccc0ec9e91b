package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
)

// statements are the hot write-path statements, prepared once on the
// writer connection and bound to each transaction.
type statements struct {
	last, at, insertEvent, insertSale *sql.Stmt
}

func (s *statements) prepare(ctx context.Context, db *sql.DB) error {
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&s.last, `SELECT ` + eventCols + ` FROM events WHERE device_id = ? ORDER BY seq DESC LIMIT 1`},
		{&s.at, `SELECT ` + eventCols + ` FROM events WHERE device_id = ? AND seq = ?`},
		{&s.insertEvent, `INSERT INTO events (` + eventCols + `, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&s.insertSale, `INSERT INTO sales (id, device_id, seq, store_id, number, currency, total, tax, at, body)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`},
	} {
		st, err := db.PrepareContext(ctx, p.sql)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", p.sql, err)
		}
		*p.dst = st
	}
	return nil
}

func (s *statements) close() {
	for _, st := range []*sql.Stmt{s.last, s.at, s.insertEvent, s.insertSale} {
		if st != nil {
			st.Close()
		}
	}
}
