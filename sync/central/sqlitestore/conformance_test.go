package sqlitestore_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
	"github.com/omnilane/omnilane/sync/central/storetest"
)

// TestConformance runs the storage conformance suite shared with the
// PostgreSQL backend: each case gets a fresh database file, and a second
// store opened on the same file plays a second central process.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t testing.TB) storetest.Opener {
		path := filepath.Join(t.TempDir(), "central.db")
		return func(t testing.TB) central.Storage {
			t.Helper()
			db, err := sqlitestore.Open(context.Background(), path, pos.SystemClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			c := &closeOnce{DB: db}
			t.Cleanup(func() { c.Close() })
			return c
		}
	})
}

// closeOnce lets the suite close a store before the test's clean-up does
// (sqlitestore.DB.Close must be called once).
type closeOnce struct {
	*sqlitestore.DB
	once sync.Once
	err  error
}

func (c *closeOnce) Close() error {
	c.once.Do(func() { c.err = c.DB.Close() })
	return c.err
}
