package cardport_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/terminal/nexo/nexosim"
)

// inProcessSim starts the terminal simulator in the test process on a
// loopback port, keeping its ledger in dir/ledger.jsonl, and returns its
// address; it stops when the test ends.
func inProcessSim(t *testing.T, dir string) string {
	t.Helper()
	sim, err := nexosim.New(nexosim.Config{POIID: poiID, Ledger: filepath.Join(dir, "ledger.jsonl"), Think: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	addr, err := sim.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return addr
}
