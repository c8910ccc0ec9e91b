package central_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/omnilane/omnilane/sync/protocol"
)

// BenchmarkLoopbackRoundTrip is the floor: one small JSON request and
// answer over 127.0.0.1 with nothing behind it.
func BenchmarkLoopbackRoundTrip(b *testing.B) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = protocol.WriteJSON(w, 200, protocol.JournalAck{DeviceID: "lane-1", AckedSeq: 1})
	}))
	defer ts.Close()
	hc := &http.Client{}
	for b.Loop() {
		resp, err := hc.Get(ts.URL)
		if err != nil {
			b.Fatal(err)
		}
		var ack protocol.JournalAck
		_ = protocol.DecodeJSON(resp.Body, 1<<10, &ack)
		resp.Body.Close()
	}
}

// BenchmarkIngest100Lanes: 100 simulated lanes push their journals
// concurrently, 100 entries per batch, to central on SQLite over loopback.
// Reports events/s; the target is ≥ 10,000.
func BenchmarkIngest100Lanes(b *testing.B) {
	const lanes, perLane, batch = 100, 200, 100
	h := newHarness(b)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: lanes}}
	round := 0
	var total, cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		// The lanes' encoding is done up front: this measures central.
		bodies := make([][][]byte, lanes)
		for i := range bodies {
			es := chain(b, fmt.Sprintf("r%d-lane-%03d", round, i), nil, perLane)
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
		start, cpu0 := time.Now(), cpuTime()
		var wg sync.WaitGroup
		for i := range lanes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, raw := range bodies[i] {
					resp, err := hc.Post(h.ts.URL+protocol.PathJournal, "application/json", bytes.NewReader(raw))
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
		cpu += cpuTime() - cpu0
	}
	events := float64(lanes * perLane * round)
	b.ReportMetric(events/total.Seconds(), "events/s")
	// CPU per event is steadier than events/s on a shared machine: with C
	// free cores central can ingest about C / cpu-µs × 1e6 events/s.
	b.ReportMetric(float64(cpu.Microseconds())/events, "cpu-µs/event")
}

// cpuTime is the process's user + system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
