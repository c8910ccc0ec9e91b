// Package sqlite is the lane's local store on SQLite (modernc.org/sqlite):
// catalog, sales, the hash-chained journal, receipt jobs and sync state. It
// implements pos.Store and pos.SyncStore.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a lane's database file.
type DB struct {
	db       *sql.DB
	deviceID string
	log      *slog.Logger
	stmts    statements
	// promoVersion counts changes of the promotions table made through this
	// handle (see PromotionsVersion).
	promoVersion atomic.Int64
}

// Open opens (creating if needed) the database at path for device deviceID
// and brings its schema up to date. WAL, synchronous=FULL, foreign keys on,
// immediate write transactions.
func Open(ctx context.Context, path, deviceID string, log *slog.Logger) (*DB, error) {
	if deviceID == "" {
		return nil, fmt.Errorf("open %s: empty device id", path)
	}
	q := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(10000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	sqldb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	sqldb.SetMaxOpenConns(4)
	d := &DB{db: sqldb, deviceID: deviceID, log: log}
	d.promoVersion.Store(1)
	if err := d.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if err := d.finishInterruptedBulk(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := d.checkDevice(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	if err := d.prepare(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("prepare %s: %w", path, err)
	}
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error {
	d.stmts.close()
	return d.db.Close()
}

// DeviceID returns the device whose journal this database holds.
func (d *DB) DeviceID() string { return d.deviceID }

// SQL exposes the database handle to the adapter's tests and tools.
func (d *DB) SQL() *sql.DB { return d.db }

// migrate applies every embedded migration not yet recorded, each in its own
// transaction together with its record.
func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		var n int
		if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, base).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if err := d.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("%s: %w", base, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)`, base, time.Now().UTC().Format(time.RFC3339))
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// checkDevice refuses a database whose journal belongs to another device.
func (d *DB) checkDevice(ctx context.Context) error {
	var other string
	err := d.db.QueryRowContext(ctx, `SELECT device_id FROM journal WHERE device_id <> ? LIMIT 1`, d.deviceID).Scan(&other)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check journal owner: %w", err)
	}
	return fmt.Errorf("database holds the journal of device %q, not %q", other, d.deviceID)
}

// inTx runs fn in an immediate transaction, committing on nil.
func (d *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
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

const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }
