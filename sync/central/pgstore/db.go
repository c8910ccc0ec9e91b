// Package pgstore is central's PostgreSQL backend (github.com/jackc/pgx/v5):
// it implements central.Storage for chains that outgrow one machine.
//
// Several central processes may share one database. Each ingest
// transaction takes a transaction-scoped advisory lock on its device, so
// two processes ingesting the same device's journal take turns: the second
// sees what the first committed and verifies its chain against it, and
// PRIMARY KEY (device_id, seq) backs that up. Catalog writers take one
// catalog-wide advisory lock, so feed cursors are handed out in commit
// order and a reader never skips a change still in flight; order writers
// take one for the orders feed. Ingest takes its locks in one order:
// device, then the sale locks of its batch (a sale and a return of it take
// the sale's lock, so the second to arrive always sees the first and
// over-returns are flagged), then the orders lock if a release changes an
// order, and last the stock locks of the stores it moves, taken in the
// same pipelined round trip as the commit — so on-hand figures and
// oversells are exact whichever process ingests, and one store's lanes
// wait on each other as briefly as exactness allows. Migrations are
// embedded, applied on Open under a session advisory lock (several
// processes starting at once apply each migration once), each in its own
// transaction together with its record in schema_migrations.
package pgstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"time"

	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/omnilane/omnilane/pos"
)

// Advisory lock classes (the first key of pg_advisory_xact_lock(int, int)),
// chosen so they do not clash with other applications sharing the database.
const (
	lockMigrate int32 = 0x6f6d0001 // second key 0
	lockCatalog int32 = 0x6f6d0002 // second key 0
	lockDevice  int32 = 0x6f6d0003 // second key hashtext(device_id)
)

// defaultMaxConns is the pool size when the DSN names none (pool_max_conns).
const defaultMaxConns = 16

//go:embed migrations/*.sql
var migrations embed.FS

// DB is central's PostgreSQL database, a pool of connections.
type DB struct {
	pool  *pool
	clock pos.Clock
	log   *slog.Logger
}

// Open connects to the database at dsn (a postgres:// URL or key=value
// string; pool_max_conns sets the pool size, 16 by default) and applies
// pending migrations.
func Open(ctx context.Context, dsn string, clock pos.Clock, log *slog.Logger) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse DSN: %w", err)
	}
	maxConns := defaultMaxConns
	if v, ok := cfg.RuntimeParams["pool_max_conns"]; ok {
		delete(cfg.RuntimeParams, "pool_max_conns")
		if maxConns, err = strconv.Atoi(v); err != nil || maxConns < 1 {
			return nil, fmt.Errorf("postgres: DSN: pool_max_conns=%q is not a positive number", v)
		}
	}
	d := &DB{pool: newPool(cfg, maxConns), clock: clock, log: log}
	if err := d.migrate(ctx); err != nil {
		d.pool.close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return d, nil
}

// Close closes the pool's connections.
func (d *DB) Close() error {
	d.pool.close()
	return nil
}

// Ping checks the database answers.
func (d *DB) Ping(ctx context.Context) error {
	return d.withConn(ctx, func(c *pgx.Conn) error {
		var n int
		if err := c.QueryRow(ctx, `SELECT 1`).Scan(&n); err != nil {
			return fmt.Errorf("ping: %w", err)
		}
		return nil
	})
}

// withConn runs fn on a connection of the pool.
func (d *DB) withConn(ctx context.Context, fn func(*pgx.Conn) error) error {
	c, err := d.pool.acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer d.pool.release(c)
	return fn(c)
}

// queryAll runs a query on a connection of the pool and scans every row
// with scan; the result is never nil.
func queryAll[T any](ctx context.Context, d *DB, sql string, args []any, scan func(pgx.Rows) (T, error)) ([]T, error) {
	out := []T{}
	err := d.withConn(ctx, func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// queryRow runs a one-row query on a connection of the pool and scans it.
func (d *DB) queryRow(ctx context.Context, sql string, args []any, dest ...any) error {
	return d.withConn(ctx, func(c *pgx.Conn) error { return c.QueryRow(ctx, sql, args...).Scan(dest...) })
}

func (d *DB) now() time.Time { return d.clock.Now().UTC() }

// inTx runs fn in a transaction and commits when it returns nil.
func (d *DB) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return d.withConn(ctx, func(c *pgx.Conn) error {
		tx, err := c.Begin(ctx)
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		if err := fn(tx); err != nil {
			_ = tx.Rollback(context.Background())
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		return nil
	})
}

// migrate applies every embedded migration not yet recorded, in name
// order, each in its own transaction together with its record, holding a
// session advisory lock so concurrent starts take turns.
func (d *DB) migrate(ctx context.Context) error {
	return d.withConn(ctx, func(conn *pgx.Conn) error { return d.migrateOn(ctx, conn) })
}

func (d *DB) migrateOn(ctx context.Context, conn *pgx.Conn) error {
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, 0)`, lockMigrate); err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	defer func() {
		if _, err := conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1, 0)`, lockMigrate); err != nil {
			// A lock we cannot release dies with the connection.
			_ = conn.Close(context.Background())
		}
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		script, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		applied, err := d.applyMigration(ctx, conn, name, string(script))
		if err != nil {
			return err
		}
		if applied {
			d.log.Info("migration applied", "name", name)
		}
	}
	return nil
}

func (d *DB) applyMigration(ctx context.Context, conn *pgx.Conn, name, script string) (bool, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("begin %s: %w", name, err)
	}
	defer func() { _ = tx.Rollback(context.Background()) }()
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
		return false, fmt.Errorf("check %s: %w", name, err)
	}
	if n > 0 {
		return false, nil
	}
	// Simple protocol: a script may hold several statements.
	if _, err := tx.Exec(ctx, script, pgx.QueryExecModeSimpleProtocol); err != nil {
		return false, fmt.Errorf("apply %s: %w", name, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, name, d.now()); err != nil {
		return false, fmt.Errorf("record %s: %w", name, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("commit %s: %w", name, err)
	}
	return true, nil
}

// Migrations lists the migrations recorded as applied, in name order.
func (d *DB) Migrations(ctx context.Context) ([]string, error) {
	var names []string
	err := d.withConn(ctx, func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
		if err != nil {
			return err
		}
		names, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return names, nil
}
