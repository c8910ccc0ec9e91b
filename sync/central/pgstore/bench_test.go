package pgstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/pgstore/pgtest"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
	"github.com/omnilane/omnilane/sync/central/storetest"
)

// BenchmarkIngest100Lanes: 100 simulated lanes push 200 entries each, 100
// per batch, concurrently to central over loopback — on SQLite and on
// PostgreSQL in the same run, so the figures sit side by side. Reports
// events/s (the target is ≥ 10,000 on each) and CPU µs per event, the
// PostgreSQL server's included. "1stores" is the case
// (every lane of one store selling one SKU: a store's stock moves one
// transaction at a time); "10stores" spreads the lanes over ten stores.
func BenchmarkIngest100Lanes(b *testing.B) {
	const lanes, perLane, batch = 100, 200, 100
	backends := []struct {
		name      string
		open      func(b *testing.B) central.Storage
		serverCPU func() time.Duration // the database server's, when it is another process
	}{
		{"sqlite", func(b *testing.B) central.Storage {
			db, err := sqlitestore.Open(context.Background(), filepath.Join(b.TempDir(), "central.db"), pos.SystemClock{}, quietLog())
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db
		}, nil},
		{"postgres", func(b *testing.B) central.Storage { return opener(pgtest.NewDatabase(b))(b) }, pgtest.SharedCPU},
	}
	for _, stores := range []int{1, 10} {
		for _, be := range backends {
			b.Run(fmt.Sprintf("%s/%dstores", be.name, stores), func(b *testing.B) {
				storetest.BenchIngest(b, be.open(b), stores, lanes, perLane, batch, be.serverCPU)
			})
		}
	}
}
