// Package sqlitestore is central's SQLite backend (modernc.org/sqlite): it
// implements central.Storage with WAL, synchronous=FULL, immediate write
// transactions and embedded migrations.
package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"

	"github.com/omnilane/omnilane/pos"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// timeLayout is how times are stored: UTC to the millisecond, matching the
// journal's canonical form so entries read back hash the same.
const timeLayout = "2006-01-02T15:04:05.000Z"

// DB is central's SQLite database. Writes go through one connection (SQLite
// has one writer anyway); reads use a small pool.
type DB struct {
	w     *sql.DB
	r     *sql.DB
	clock pos.Clock
	log   *slog.Logger
	st    statements
	cache stmtCache

	jobs       chan *ingestJob
	closed     chan struct{}
	writerDone chan struct{}
}

// dsn is the connection string for path. Durability: with WAL and
// synchronous=FULL every commit fsyncs the WAL before it returns, so a
// batch central has acknowledged survives a crash or power cut (NORMAL
// would not: the last commits could be lost). Group commit makes one
// fsync cover many lanes' batches; it does not weaken that. temp_store
// keeps the savepoint sub-journals (one savepoint per job of a group) in
// memory instead of spilling them to a temporary file: they only matter
// until the transaction ends, and a crash rolls the transaction back.
func dsn(path string, write bool) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(10000)", "foreign_keys(1)", "cache_size(-65536)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	if write {
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) central's database at path and applies
// pending migrations.
func Open(ctx context.Context, path string, clock pos.Clock, log *slog.Logger) (*DB, error) {
	w, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	d := &DB{w: w, clock: clock, log: log, jobs: make(chan *ingestJob), closed: make(chan struct{}), writerDone: make(chan struct{})}
	if err := d.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if err := d.st.prepare(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("prepare %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s for reading: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	d.r = r
	go d.writer()
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error {
	close(d.closed)
	<-d.writerDone
	d.st.close()
	d.cache.close()
	err := d.r.Close()
	if werr := d.w.Close(); err == nil {
		err = werr
	}
	return err
}

// Ping checks the database answers.
func (d *DB) Ping(ctx context.Context) error {
	var n int
	if err := d.r.QueryRowContext(ctx, `SELECT 1`).Scan(&n); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

func (d *DB) now() string { return d.clock.Now().UTC().Format(timeLayout) }

// inTx runs fn in an immediate write transaction.
func (d *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
