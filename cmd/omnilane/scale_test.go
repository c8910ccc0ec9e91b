package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/cmd/internal/procs"
	"github.com/omnilane/omnilane/devices/manager"
	"github.com/omnilane/omnilane/pos"
)

// TestScaleWeighsBananas wires the scale simulator, a process on a pty,
// into a lane through -devices: the lane gets a scale, weighs 1,234 kg of
// bananas through it and sells them at the price per kilogram.
func TestScaleWeighsBananas(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs processes")
	}
	ctx, dir, bins, logs := buildProcs(t, 2*time.Minute, "./cmd/omnilane-sim")
	sim, err := procs.Start(ctx, logs, 30*time.Second, bins[0], "scale", "-stdin=false", "-grams", "1234", "-settle", "0s")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Stop()
	devs, _ := json.Marshal([]manager.DeviceConfig{
		{Name: "scale", Class: "scale", Profile: "datalogic-magellan-9800i", Transport: "serial", Address: sim.Addr},
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
	if sys.scale == nil {
		t.Fatal("the configured scale did not reach the lane")
	}
	banana := pos.Product{SKU: "P4011", Name: "Plátano de Canarias", Barcodes: []string{"4011"}, Price: 199, Currency: "EUR", TaxRate: 400, ByWeight: true}
	if err := sys.db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: []pos.Product{banana}}); err != nil {
		t.Fatal(err)
	}
	if _, err := sys.lane.Access().SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signInAndOpen(ctx, sys.lane, "1001", "1234", true); err != nil {
		t.Fatal(err)
	}
	grams, err := sys.scale.Weigh(ctx)
	if err != nil || grams != 1234 {
		t.Fatalf("Weigh = %d, %v", grams, err)
	}
	line, err := sys.lane.AddWeighed(ctx, "4011", grams)
	if err != nil || line.Grams != 1234 || line.Amount != 246 {
		t.Fatalf("weighed line %+v, %v", line, err)
	}
}
