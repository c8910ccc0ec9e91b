package pgstore_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central/pgstore"
	"github.com/omnilane/omnilane/sync/central/pgstore/pgtest"
)

// TestMigrationsOnceUnderConcurrentStarts opens six stores on a fresh
// database at once, as six central processes starting together: every one
// opens, and each migration is recorded once.
func TestMigrationsOnceUnderConcurrentStarts(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.NewDatabase(t)
	const n = 6
	dbs := make([]*pgstore.DB, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i], errs[i] = pgstore.Open(ctx, dsn, pos.SystemClock{}, quietLog())
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("process %d: %v", i, err)
		}
		defer dbs[i].Close()
	}
	names, err := dbs[0].Migrations(ctx)
	want := []string{"migrations/0001_init.sql", "migrations/0002_enrollment.sql", "migrations/0003_ledger.sql", "migrations/0004_feed_extras.sql"}
	if err != nil || !slices.Equal(names[:min(len(names), len(want))], want) || len(names) < len(want) {
		t.Fatalf("recorded migrations %v, %v; want at least %v", names, err, want)
	}
}

// TestOpenRejectsBadDSN: a malformed DSN or pool size is an error, not a panic.
func TestOpenRejectsBadDSN(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{"postgres://127.0.0.1:1/x?pool_max_conns=zero", "postgres://%zz"} {
		if db, err := pgstore.Open(ctx, dsn, pos.SystemClock{}, quietLog()); err == nil {
			db.Close()
			t.Fatalf("Open(%q) succeeded", dsn)
		}
	}
}
