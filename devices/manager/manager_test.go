package manager

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/scan"
	"github.com/omnilane/omnilane/devices/sim/displaysim"
	"github.com/omnilane/omnilane/devices/sim/printersim"
	"github.com/omnilane/omnilane/devices/sim/scannersim"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

func startPrinter(t *testing.T, ctx context.Context, addr string, p *profile.Printer) (*printersim.Printer, string, context.CancelFunc) {
	t.Helper()
	sim, err := printersim.New(printersim.Config{Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = sim.Serve(sctx, ln) }()
	stop := func() { cancel(); <-done }
	t.Cleanup(stop)
	return sim, ln.Addr().String(), stop
}

// waitFor reads events until one matches.
func waitFor(t *testing.T, ctx context.Context, ch <-chan devices.Event, what string, ok func(devices.Event) bool) devices.Event {
	t.Helper()
	for {
		select {
		case e := <-ch:
			if ok(e) {
				return e
			}
		case <-ctx.Done():
			t.Fatalf("no event: %s", what)
		}
	}
}

func TestManager(t *testing.T) {
	cat, err := profile.Load(firmwareprofiles.FS())
	if err != nil {
		t.Fatal(err)
	}
	pp, _ := cat.Printer("TM-T88V")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	psim, paddr, stopPrinter := startPrinter(t, ctx, "127.0.0.1:0", pp)
	ssim, err := scannersim.OpenPTY()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer ssim.Close()
	dp, _ := cat.Display("epson-dm-d110")
	dsim, err := displaysim.Open(dp)
	if err != nil {
		t.Fatal(err)
	}
	defer dsim.Close()
	go func() { _ = dsim.Run(ctx, nil) }()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	missing := ln.Addr().String()
	ln.Close()

	bus := devices.NewBus()
	events, unsubscribe := bus.Subscribe(256)
	defer unsubscribe()
	m, err := New(Config{
		Catalog: cat, Bus: bus, HealthEvery: 100 * time.Millisecond,
		Devices: []DeviceConfig{
			{Name: "receipt", Class: devices.ClassPrinter, Profile: "TM-T88V", Transport: "tcp", Address: paddr},
			{Name: "kitchen", Class: devices.ClassPrinter, Profile: "default", Transport: "tcp", Address: missing},
			{Name: "scanner", Class: devices.ClassScanner, Profile: "generic-serial", Transport: "serial", Address: ssim.Path()},
			{Name: "pole", Class: devices.ClassDisplay, Profile: "epson-dm-d110", Transport: "serial", Address: dsim.Path()},
			{Name: "old", Class: devices.ClassPrinter, Profile: "TM-T88V", Transport: "tcp", Address: paddr, Disabled: true},
			{Name: "card", Class: devices.ClassTerminal, Profile: "nexo-tcp", Transport: "tcp", Address: paddr},
			{Name: "hid", Class: devices.ClassScanner, Profile: "generic-hid-pos", Transport: "usb-hid", Address: "fffe:fffd"},
			{Name: "hid-noprofile", Class: devices.ClassScanner, Profile: "generic-serial", Transport: "usb-hid", Address: "fffe:fffd"},
			{Name: "typo", Class: devices.ClassPrinter, Profile: "TM-T88X", Transport: "tcp", Address: paddr},
			{Name: "usb", Class: devices.ClassPrinter, Profile: "TM-T88V", Transport: "carrier-pigeon", Address: "x"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	mctx, mcancel := context.WithCancel(ctx)
	r := m.Start(mctx)
	names := func(es []Entry) string {
		var s []string
		for _, e := range es {
			s = append(s, e.Name)
		}
		return strings.Join(s, ",")
	}
	if got := names(r.Loaded); got != "receipt,kitchen,scanner,pole,hid" {
		t.Errorf("loaded %s", got)
	}
	if got := names(r.Skipped); got != "old,card" {
		t.Errorf("skipped %s", got)
	}
	if got := names(r.Failed); got != "hid-noprofile,typo,usb" || !strings.Contains(r.Failed[1].Reason, "not found") {
		t.Errorf("failed %s %+v", got, r.Failed)
	}

	// State events reach the bus…
	waitFor(t, ctx, events, "receipt ready", func(e devices.Event) bool {
		return e.Kind == devices.EventState && e.Device == "receipt" && e.State == devices.StateReady && e.Class == devices.ClassPrinter
	})
	// …and the manager keeps the last one per device.
	waitState := func(name string, st devices.State) devices.Event {
		t.Helper()
		for {
			if e, ok := m.State(name); ok && e.State == st {
				return e
			}
			select {
			case <-ctx.Done():
				e, _ := m.State(name)
				t.Fatalf("%s never %s (last %+v)", name, st, e)
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	waitState("kitchen", devices.StateAbsent)
	waitState("hid", devices.StateAbsent) // no such USB device: absent, retried
	waitState("pole", devices.StateReady)
	waitState("scanner", devices.StateReady)

	// A scan arrives as a typed event.
	if _, err := ssim.Write(scannersim.Frame("4006381333931", true, "\r")); err != nil {
		t.Fatal(err)
	}
	e := waitFor(t, ctx, events, "scan", func(e devices.Event) bool { return e.Kind == devices.EventScan })
	if e.Device != "scanner" || e.ScanErr != nil || e.Scan.Symbology != scan.EAN13 || e.Scan.GTIN != "04006381333931" {
		t.Errorf("scan event %+v", e)
	}

	// The display driver is usable through the manager.
	disp, ok := m.Display("pole")
	if !ok {
		t.Fatal("no display")
	}
	if err := disp.Show(ctx, "Total", "3,50 €"); err != nil {
		t.Fatal(err)
	}
	if err := dsim.WaitFor(ctx, "Total", "3,50 €"); err != nil {
		t.Fatal(err)
	}

	// Paper out and back.
	psim.SetMode(printersim.PaperOut)
	e = waitState("receipt", devices.StateError)
	if !strings.Contains(e.Reason, "paper out") {
		t.Errorf("reason %q", e.Reason)
	}
	psim.SetMode(printersim.Ready)
	waitState("receipt", devices.StateReady)

	// Network drop: the printer vanishes, then comes back on the same address.
	stopPrinter()
	waitState("receipt", devices.StateAbsent)
	startPrinter(t, ctx, paddr, pp)
	waitState("receipt", devices.StateReady)

	// States in order; the reason may be refined within one state (automatic
	// status back and DLE EOT describe paper out in their own words).
	var seq []string
	for _, e := range m.History("receipt") {
		if len(seq) == 0 || seq[len(seq)-1] != string(e.State) {
			seq = append(seq, string(e.State))
		}
	}
	if got := strings.Join(seq, ","); got != "connecting,ready,error,ready,absent,ready" {
		t.Errorf("receipt history %s", got)
	}
	mcancel()
	done := make(chan struct{})
	go func() { m.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("manager did not stop")
	}
}

// Paper out reaches the lane as soon as the printer says so (automatic
// status back), long before the next health poll.
func TestPrinterStateByAutomaticStatusBack(t *testing.T) {
	cat, err := profile.Load(firmwareprofiles.FS())
	if err != nil {
		t.Fatal(err)
	}
	pp, _ := cat.Printer("TM-T88V")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	psim, paddr, _ := startPrinter(t, ctx, "127.0.0.1:0", pp)
	bus := devices.NewBus()
	events, unsubscribe := bus.Subscribe(64)
	defer unsubscribe()
	const poll = 3 * time.Second // the health poll; ASB must beat it
	m, err := New(Config{Catalog: cat, Bus: bus, HealthEvery: poll,
		Devices: []DeviceConfig{{Name: "receipt", Class: devices.ClassPrinter, Profile: "TM-T88V", Transport: "tcp", Address: paddr}}})
	if err != nil {
		t.Fatal(err)
	}
	mctx, mcancel := context.WithCancel(ctx)
	defer func() { mcancel(); m.Wait() }()
	m.Start(mctx)
	waitFor(t, ctx, events, "receipt ready", func(e devices.Event) bool {
		return e.Kind == devices.EventState && e.Device == "receipt" && e.State == devices.StateReady
	})
	start := time.Now()
	psim.SetMode(printersim.PaperOut)
	e := waitFor(t, ctx, events, "paper out", func(e devices.Event) bool {
		return e.Kind == devices.EventState && e.Device == "receipt" && e.State == devices.StateError
	})
	if !strings.Contains(e.Reason, "paper") || time.Since(start) > poll*3/4 {
		t.Errorf("paper out reported as %q after %v", e.Reason, time.Since(start))
	}
	psim.SetMode(printersim.Ready)
	waitFor(t, ctx, events, "ready again", func(e devices.Event) bool {
		return e.Kind == devices.EventState && e.Device == "receipt" && e.State == devices.StateReady
	})
}
