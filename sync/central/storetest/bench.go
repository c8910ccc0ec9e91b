package storetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
	"github.com/omnilane/omnilane/sync/testchain"
)

// BenchIngest measures central's ingest over st the way lanes load it:
// lanes simulated lanes, spread over stores stores, push their journals of
// perLane entries (one-unit sales of one SKU) concurrently, batch entries
// per request, to a central server on 127.0.0.1. The lanes' JSON is encoded before the clock starts, as in
// sync/central's BenchmarkIngest100Lanes, so this measures central. It
// reports events/s (each b.N round uses new devices) and CPU µs per event:
// this process's (central and its simulated lanes) plus serverCPU's, the
// database server's when it is another process (nil otherwise). On a
// shared machine CPU per event is steadier than events/s: with C free
// cores the whole can ingest about C / cpu-µs × 1e6 events/s.
func BenchIngest(b *testing.B, st central.Storage, stores, lanes, perLane, batch int, serverCPU func() time.Duration) {
	srv := central.NewServer(st, central.Config{}, pos.SystemClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(srv)
	defer ts.Close()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: lanes}, Timeout: 5 * time.Minute}
	round := 0
	var total, cpu time.Duration
	cpuNow := func() time.Duration {
		c := processCPU()
		if serverCPU != nil {
			c += serverCPU()
		}
		return c
	}
	for b.Loop() {
		b.StopTimer()
		bodies := make([][][]byte, lanes)
		for i := range bodies {
			es, err := testchain.Chain(fmt.Sprintf("store-%d", 1+i%max(stores, 1)), fmt.Sprintf("r%d-lane-%03d-%d", round, i, time.Now().UnixNano()), nil, perLane, T0)
			if err != nil {
				b.Fatal(err)
			}
			for j := 0; j < len(es); j += batch {
				raw, err := json.Marshal(protocol.JournalBatch{DeviceID: es[0].DeviceID, Entries: es[j:min(j+batch, len(es))]})
				if err != nil {
					b.Fatal(err)
				}
				bodies[i] = append(bodies[i], raw)
			}
		}
		round++
		b.StartTimer()
		start, cpu0 := time.Now(), cpuNow()
		var wg sync.WaitGroup
		for i := range lanes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, raw := range bodies[i] {
					resp, err := hc.Post(ts.URL+protocol.PathJournal, "application/json", bytes.NewReader(raw))
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						b.Errorf("HTTP %d", resp.StatusCode)
						return
					}
				}
			}()
		}
		wg.Wait()
		total += time.Since(start)
		cpu += cpuNow() - cpu0
	}
	events := float64(lanes * perLane * round)
	b.ReportMetric(events/total.Seconds(), "events/s")
	b.ReportMetric(float64(cpu.Microseconds())/events, "cpu-µs/event")
}

// processCPU is this process's user + system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
