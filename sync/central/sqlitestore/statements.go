package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// statements are the hot write-path statements, prepared once on the
// writer connection and bound to each transaction.
type statements struct {
	last, at, insertSale *sql.Stmt
}

func (s *statements) prepare(ctx context.Context, db *sql.DB) error {
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&s.last, `SELECT ` + eventCols + ` FROM events WHERE device_id = ? ORDER BY seq DESC LIMIT 1`},
		{&s.at, `SELECT ` + eventCols + ` FROM events WHERE device_id = ? AND seq = ?`},
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
	for _, st := range []*sql.Stmt{s.last, s.at, s.insertSale} {
		if st != nil {
			st.Close()
		}
	}
}

// stmtCache holds prepared write-path statements. Inside a transaction
// the writer's only connection is busy, so a statement seen for the first
// time runs unprepared and is prepared after the transaction (prepareWanted).
type stmtCache struct {
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	wanted map[string]bool
}

func (c *stmtCache) get(q string) (*sql.Stmt, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.m[q]
	if !ok {
		if c.wanted == nil {
			c.wanted = map[string]bool{}
		}
		c.wanted[q] = true
	}
	return st, ok
}

// prepareWanted prepares the statements seen since the last call; the
// writer calls it between transactions.
func (c *stmtCache) prepareWanted(ctx context.Context, db *sql.DB) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q := range c.wanted {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", q, err)
		}
		if c.m == nil {
			c.m = map[string]*sql.Stmt{}
		}
		c.m[q] = st
		delete(c.wanted, q)
	}
	return nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// exec runs a statement inside the ingest transaction, prepared when it can be.
func (j *journalTx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st, ok := j.d.cache.get(q); ok {
		return j.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return j.tx.ExecContext(ctx, q, args...)
}

// queryRow runs a one-row query inside the ingest transaction.
func (j *journalTx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st, ok := j.d.cache.get(q); ok {
		return j.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return j.tx.QueryRowContext(ctx, q, args...)
}

// query runs a query inside the ingest transaction.
func (j *journalTx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st, ok := j.d.cache.get(q); ok {
		return j.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return j.tx.QueryContext(ctx, q, args...)
}

// txQuerier adapts the transaction's statements to querier.
type txQuerier struct{ j *journalTx }

func (q txQuerier) QueryRowContext(ctx context.Context, s string, args ...any) *sql.Row {
	return q.j.queryRow(ctx, s, args...)
}

func (q txQuerier) QueryContext(ctx context.Context, s string, args ...any) (*sql.Rows, error) {
	return q.j.query(ctx, s, args...)
}
