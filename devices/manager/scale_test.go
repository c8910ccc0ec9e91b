package manager

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/scale"
	"github.com/omnilane/omnilane/devices/sim/scalesim"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

// TestManagerScale: a scale over a pty and one over TCP load from their
// profiles and report ready, weigh through the manager's driver, and the
// TCP one goes absent when its scale goes away; a scale without a known
// profile fails with the reason.
func TestManagerScale(t *testing.T) {
	cat, err := profile.Load(firmwareprofiles.FS())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	psim, err := scalesim.New(scalesim.Config{Dialect: scale.DialectToledo8213})
	if err != nil {
		t.Fatal(err)
	}
	paths := make(chan string, 1)
	ptyDone := make(chan error, 1)
	go func() { ptyDone <- psim.PTY(ctx, func(p string) { paths <- p }) }()
	var path string
	select {
	case path = <-paths:
	case err := <-ptyDone:
		t.Skipf("no pty: %v", err)
	}
	psim.Place(1500)

	tsim, _ := scalesim.New(scalesim.Config{Dialect: scale.DialectNCI})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tctx, stopTCP := context.WithCancel(ctx)
	tcpDone := make(chan struct{})
	go func() { defer close(tcpDone); _ = tsim.Listen(tctx, ln) }()

	bus := devices.NewBus()
	events, unsubscribe := bus.Subscribe(256)
	defer unsubscribe()
	m, err := New(Config{Catalog: cat, Bus: bus, HealthEvery: 100 * time.Millisecond, Devices: []DeviceConfig{
		{Name: "lane-scale", Class: devices.ClassScale, Profile: "datalogic-magellan-9800i", Transport: "serial", Address: path},
		{Name: "net-scale", Class: devices.ClassScale, Profile: "psc-magellan-8500-diva", Transport: "tcp", Address: ln.Addr().String()},
		{Name: "nameless", Class: devices.ClassScale, Profile: "no-such-scale", Transport: "serial", Address: "/dev/null"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Start(ctx)
	if len(r.Loaded) != 2 || len(r.Failed) != 1 || r.Failed[0].Name != "nameless" {
		t.Fatalf("report %+v", r)
	}
	ready := map[string]bool{}
	waitFor(t, ctx, events, "both scales ready", func(e devices.Event) bool {
		if e.Class == devices.ClassScale && e.State == devices.StateReady {
			ready[e.Device] = true
		}
		return ready["lane-scale"] && ready["net-scale"]
	})
	s, ok := m.Scale("lane-scale")
	if !ok {
		t.Fatal("no lane-scale driver")
	}
	if g, err := s.Weigh(ctx); err != nil || g != 1500 {
		t.Fatalf("Weigh = %d, %v", g, err)
	}
	stopTCP()
	<-tcpDone
	e := waitFor(t, ctx, events, "net-scale absent", func(e devices.Event) bool {
		return e.Device == "net-scale" && e.State == devices.StateAbsent
	})
	if e.Reason == "" {
		t.Fatal("absent without a reason")
	}
	cancel()
	m.Wait()
}
