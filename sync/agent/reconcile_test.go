package agent_test

import (
	"bufio"
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/faultproxy"
)

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// TestKilledLanesThroughFaultyNetwork runs lane processes that sell through
// a proxy that drops, duplicates, delays and cuts requests and answers, and
// kills them with SIGKILL at random points. After recovery central holds
// every lane's journal exactly: same entries, same sales, same totals.
func TestKilledLanesThroughFaultyNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("runs lane processes for several seconds")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlitestore.Open(ctx, filepath.Join(dir, "central.db"), pos.SystemClock{}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.EnsureStore(ctx, "store-1"); err != nil {
		t.Fatal(err)
	}
	cts := httptest.NewServer(central.NewServer(db, central.Config{}, pos.SystemClock{}, quiet()))
	defer cts.Close()
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(7, 11))
	proxy := &faultproxy.Proxy{Target: cts.URL, Delay: 150 * time.Millisecond, Choose: func(*http.Request) faultproxy.Fault {
		mu.Lock()
		defer mu.Unlock()
		if rng.IntN(100) < 40 {
			return faultproxy.Fault(1 + rng.IntN(6))
		}
		return faultproxy.Pass
	}}
	pts := httptest.NewServer(proxy)
	defer pts.Close()

	lanes := []string{"lane-1", "lane-2"}
	var wg sync.WaitGroup
	for li, dev := range lanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(li), 99))
			for round := range 4 {
				cmd := laneCmd(dir, dev, pts.URL, "sell")
				out, err := cmd.StdoutPipe()
				if err != nil {
					t.Error(err)
					return
				}
				if err := cmd.Start(); err != nil {
					t.Error(err)
					return
				}
				selling := make(chan bool, 1)
				go func() {
					sc := bufio.NewScanner(out)
					selling <- sc.Scan()
					for sc.Scan() {
					}
				}()
				select {
				case ok := <-selling:
					if !ok {
						_ = cmd.Wait()
						t.Errorf("%s round %d: lane process failed to sell", dev, round)
						return
					}
				case <-time.After(60 * time.Second):
					t.Errorf("%s round %d: lane process did not start selling", dev, round)
					_ = cmd.Process.Kill()
					return
				}
				time.Sleep(time.Duration(300+r.IntN(700)) * time.Millisecond)
				_ = cmd.Process.Signal(syscall.SIGKILL)
				if err := cmd.Wait(); err == nil {
					t.Errorf("%s round %d: lane exited by itself", dev, round)
				}
			}
			cmd := laneCmd(dir, dev, pts.URL, "drain")
			done := make(chan error, 1)
			if err := cmd.Start(); err != nil {
				t.Error(err)
				return
			}
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("%s drain: %v", dev, err)
				}
			case <-time.After(90 * time.Second):
				_ = cmd.Process.Kill()
				t.Errorf("%s did not drain", dev)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for f := faultproxy.DropRequest; f <= faultproxy.CutResponse; f++ {
		if proxy.Count(f) == 0 {
			t.Errorf("fault %s never happened", f)
		}
	}
	c, _ := client.New(cts.URL, nil, "")
	var allSales, allTotal int64
	for _, dev := range lanes {
		store, err := sqlite.Open(ctx, filepath.Join(dir, dev+".db"), dev, quiet())
		if err != nil {
			t.Fatal(err)
		}
		n, err := store.VerifyJournal(ctx)
		if err != nil {
			t.Fatal(err)
		}
		lane, err := store.EventsAfter(ctx, 0, 1_000_000)
		store.Close()
		if err != nil {
			t.Fatal(err)
		}
		rec, err := c.DeviceRecord(ctx, dev, 0, 10000)
		if err != nil {
			t.Fatal(err)
		}
		if rec.EventCount != n || int64(len(rec.Events)) != n || len(rec.Sales) != len(lane) {
			t.Fatalf("%s: lane journal %d entries; central %d entries, %d sales", dev, n, rec.EventCount, len(rec.Sales))
		}
		var laneTotal, centralTotal int64
		for i, e := range lane {
			if rec.Events[i].Hash != e.Hash {
				t.Fatalf("%s entry %d differs at central", dev, e.Seq)
			}
			var s pos.Sale
			if err := json.Unmarshal(e.Payload, &s); err != nil {
				t.Fatal(err)
			}
			laneTotal += int64(s.Totals.Total)
		}
		for _, s := range rec.Sales {
			centralTotal += int64(s.Totals.Total)
		}
		if laneTotal != centralTotal {
			t.Fatalf("%s: lane sold %d, central counts %d", dev, laneTotal, centralTotal)
		}
		allSales += n
		allTotal += laneTotal
		t.Logf("%s: %d sales totalling %d cents, held once at central", dev, n, laneTotal)
	}
	count, total, err := db.SalesTotal(ctx)
	if err != nil || count != allSales || total != allTotal {
		t.Fatalf("central totals %d sales / %d cents; lanes %d / %d (%v)", count, total, allSales, allTotal, err)
	}
	xs, _ := db.Exceptions(ctx, 10)
	if len(xs) != 0 {
		t.Fatalf("exceptions: %+v", xs)
	}
	t.Logf("faults: drop-req %d, drop-resp %d, dup %d, delay %d, cut-req %d, cut-resp %d",
		proxy.Count(faultproxy.DropRequest), proxy.Count(faultproxy.DropResponse), proxy.Count(faultproxy.Duplicate),
		proxy.Count(faultproxy.Delay), proxy.Count(faultproxy.CutRequest), proxy.Count(faultproxy.CutResponse))
}

func laneCmd(dir, dev, url, mode string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "OMNILANE_TEST_LANE=1", "LANE_DEVICE="+dev, "LANE_DB="+filepath.Join(dir, dev+".db"),
		"LANE_CENTRAL="+url, "LANE_MODE="+mode)
	cmd.Stderr = os.Stderr
	return cmd
}
