package central_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
	"github.com/omnilane/omnilane/sync/client"
)

var t0 = time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)

type harness struct {
	db  *sqlitestore.DB
	srv *central.Server
	ts  *httptest.Server
	c   *client.Client
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newHarness starts a central server on 127.0.0.1 over a real SQLite file.
func newHarness(t testing.TB) *harness {
	t.Helper()
	ctx := context.Background()
	db, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "central.db"), pos.SystemClock{}, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.EnsureStore(ctx, "store-1"); err != nil {
		t.Fatal(err)
	}
	srv := central.NewServer(db, central.Config{PollInterval: 50 * time.Millisecond}, pos.SystemClock{}, quietLog())
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c, err := client.New(ts.URL, &http.Client{Timeout: 30 * time.Second}, "")
	if err != nil {
		t.Fatal(err)
	}
	return &harness{db: db, srv: srv, ts: ts, c: c}
}
