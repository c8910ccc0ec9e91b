package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/cmd/internal/procs"
	"github.com/omnilane/omnilane/devices/manager"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
)

// TestScannerAndDisplay wires a serial scanner and a pole display, both
// simulators as processes on pseudo-terminals, into a lane: a code the
// scanner sends lands in the basket and the customer sees it on the display.
func TestScannerAndDisplay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs processes")
	}
	ctx, dir, bins, logs := buildProcs(t, 2*time.Minute, "./cmd/omnilane-sim")
	p, _ := samplecatalog.Product(3)
	code := strings.TrimPrefix(p.Barcodes[0], "0")
	// The scanner sends the code every half second for a while: the lane
	// may open the port at any point of that (slower under -race).
	codes := strings.TrimSuffix(strings.Repeat(code+",", 40), ",")
	scanner, err := procs.Start(ctx, logs, 30*time.Second, bins[0], "scanner", "-stdin=false", "-delay", "1s", "-interval", "500ms", "-codes", codes)
	if err != nil {
		t.Fatal(err)
	}
	defer scanner.Stop()
	screen := filepath.Join(dir, "display.txt")
	disp, err := procs.Start(ctx, logs, 30*time.Second, bins[0], "display", "-out", screen)
	if err != nil {
		t.Fatal(err)
	}
	defer disp.Stop()

	devs, _ := json.Marshal([]manager.DeviceConfig{
		{Name: "scanner", Class: "scanner", Profile: "generic-serial", Transport: "serial", Address: scanner.Addr},
		{Name: "pole", Class: "display", Profile: "epson-dm-d110", Transport: "serial", Address: disp.Addr},
	})
	cfg := testConfig(dir)
	cfg.Devices = filepath.Join(dir, "devices.json")
	if err := os.WriteFile(cfg.Devices, devs, 0o644); err != nil {
		t.Fatal(err)
	}
	sys, err := startSystem(ctx, cfg, newLogger(logs, "debug"))
	if err != nil {
		t.Fatal(err)
	}
	defer sys.close()
	scanned := make(chan string, 4)
	sys.forwardScans(ctx, func(code string) {
		select {
		case scanned <- code:
		default: // the test rings one; the scanner keeps sending
		}
	})
	if err := sys.db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: []pos.Product{p}}); err != nil {
		t.Fatal(err)
	}
	if _, err := sys.lane.Access().SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signInAndOpen(ctx, sys.lane, "1001", "1234", true); err != nil {
		t.Fatal(err)
	}
	sys.mirrorOnDisplay(ctx, 50*time.Millisecond)
	select {
	case code := <-scanned:
		if _, err := sys.lane.Scan(ctx, code); err != nil {
			t.Fatalf("the scanned code %q did not ring: %v", code, err)
		}
	case <-ctx.Done():
		t.Fatal("no scan reached the lane")
	}
	if b := sys.lane.Basket(); len(b.Lines) != 1 || b.Lines[0].SKU != p.SKU {
		t.Fatalf("basket after the scan: %+v", b.Lines)
	}
	want := pos.EUR.Format(p.Price, "es")
	if err := poll(ctx, 20*time.Second, "display", func() (bool, error) {
		b, _ := os.ReadFile(screen)
		return strings.Contains(string(b), want) && strings.Contains(string(b), "TOTAL"), nil
	}); err != nil {
		b, _ := os.ReadFile(screen)
		t.Fatalf("the pole display shows %q; want the line's %s and the total: %v", b, want, err)
	}
}
