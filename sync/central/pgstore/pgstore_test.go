package pgstore_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/pgstore"
	"github.com/omnilane/omnilane/sync/central/pgstore/pgtest"
	"github.com/omnilane/omnilane/sync/central/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// opener opens stores on the PostgreSQL database at dsn.
func opener(dsn string) storetest.Opener {
	return func(t testing.TB) central.Storage {
		t.Helper()
		db, err := pgstore.Open(context.Background(), dsn, pos.SystemClock{}, quietLog())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
}

// TestConformance runs the storage conformance suite against a real
// PostgreSQL started for this package run.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t testing.TB) storetest.Opener { return opener(pgtest.NewDatabase(t)) })
}
