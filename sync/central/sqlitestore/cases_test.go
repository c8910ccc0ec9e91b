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

// fileOpener gives each case a fresh database file; every Opener call opens
// it again, as another central process on the same file would.
func fileOpener(t testing.TB) storetest.Opener {
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
}

// TestStockFeedConformance runs the stock feed case of the conformance
// suite (shared with the PostgreSQL backend).
func TestStockFeedConformance(t *testing.T) { storetest.RunStockFeed(t, fileOpener) }

// TestCustomersConformance runs the customers case of the conformance
// suite (shared with the PostgreSQL backend).
func TestCustomersConformance(t *testing.T) { storetest.RunCustomers(t, fileOpener) }

// TestLedgersConformance runs the chain-wide ledgers case of the
// conformance suite (shared with the PostgreSQL backend).
func TestLedgersConformance(t *testing.T) { storetest.RunLedgers(t, fileOpener) }
