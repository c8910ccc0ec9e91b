package sqlitestore_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
	"github.com/omnilane/omnilane/sync/central/storetest"
)

// TestLedgersConformance runs the chain-wide ledgers case of the
// conformance suite (shared with the PostgreSQL backend).
func TestLedgersConformance(t *testing.T) {
	storetest.RunLedgers(t, func(t testing.TB) storetest.Opener {
		path := filepath.Join(t.TempDir(), "central.db")
		return func(t testing.TB) central.Storage {
			t.Helper()
			db, err := sqlitestore.Open(context.Background(), path, pos.SystemClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}
	})
}
