package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/cmd/internal/procs"
	"github.com/omnilane/omnilane/devices/discovery"
	"github.com/omnilane/omnilane/devices/discovery/netnstest"
)

// A printer configured with address "auto" is found on the LAN by DNS-SD.
func TestPrinterAddressAuto(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs processes")
	}
	if !netnstest.Isolate(t) { // mDNS stays inside a namespace of its own
		return
	}
	ctx, dir, bins, logs := buildProcs(t, 2*time.Minute, "./cmd/omnilane-sim")
	sim, err := procs.Start(ctx, logs, 30*time.Second, bins[0], "printer", "-listen", netnstest.HostIP+":0", "-out", filepath.Join(dir, "receipts"))
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Stop()
	_, port, _ := strings.Cut(sim.Addr, ":")
	p, _ := strconv.Atoi(port)
	instance := "omnilane-test-printer-" + strconv.Itoa(os.Getpid())
	stop, err := discovery.Advertise(instance, discovery.ServiceRawPrinter, p, []string{"ty=Simulated TM-T20III"}, nil)
	if err != nil {
		t.Fatalf("advertise in the test's network namespace: %v", err)
	}
	defer stop()

	cfg := testConfig(dir)
	cfg.Printer = "auto"
	sys, err := startSystem(ctx, cfg, newLogger(logs, "debug"))
	if err != nil {
		t.Fatal(err)
	}
	defer sys.close()
	if sys.printer == nil {
		if strings.Contains(logs.String(), "no printer advertised") {
			t.Skip("multicast does not loop back here: DNS-SD saw no printer")
		}
		t.Fatal("no printer")
	}
	if !strings.HasSuffix(sys.printerName, ":"+port) {
		t.Fatalf("printer resolved to %q; the simulator listens on %s", sys.printerName, sim.Addr)
	}
	if err := sys.testPrint(ctx); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, 10*time.Second, "test page", func() (bool, error) {
		b, err := os.ReadFile(filepath.Join(dir, "receipts", "receipt-0001.txt"))
		return err == nil && strings.Contains(string(b), "Prueba de impresión"), nil
	}); err != nil {
		t.Fatal(err)
	}
}
