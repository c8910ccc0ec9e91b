package storetest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/protocol"
)

// BenchIngest measures central's ingest over st the way lanes load it:
// lanes simulated lanes push their journals of perLane entries
// concurrently, batch entries per request, to a central server on
// 127.0.0.1. It reports events/s (each b.N round uses new devices).
func BenchIngest(b *testing.B, st central.Storage, lanes, perLane, batch int) {
	srv := central.NewServer(st, central.Config{}, pos.SystemClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(srv)
	defer ts.Close()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: lanes}, Timeout: time.Minute}
	c, err := client.New(ts.URL, hc, "")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	round := 0
	var total time.Duration
	for b.Loop() {
		b.StopTimer()
		journals := make([][]pos.Event, lanes)
		for i := range journals {
			journals[i] = Chain(b, fmt.Sprintf("r%d-lane-%03d-%d", round, i, time.Now().UnixNano()), nil, perLane)
		}
		round++
		b.StartTimer()
		start := time.Now()
		var wg sync.WaitGroup
		for i := range lanes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				es := journals[i]
				for j := 0; j < len(es); j += batch {
					if _, err := c.PushBatch(ctx, protocol.JournalBatch{DeviceID: es[0].DeviceID, Entries: es[j:min(j+batch, len(es))]}); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		total += time.Since(start)
	}
	b.ReportMetric(float64(lanes*perLane*round)/total.Seconds(), "events/s")
}
