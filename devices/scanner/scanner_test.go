package scanner

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/scan"
	"github.com/omnilane/omnilane/devices/sim/scannersim"
	"github.com/omnilane/omnilane/devices/transport"
)

// TestSerialScannerOverPty: the simulator writes scans with AIM prefix and
// CR suffix into a real pty; the driver reads the slave with tarm/serial.
func TestSerialScannerOverPty(t *testing.T) {
	sim, err := scannersim.OpenPTY()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer sim.Close()
	s, err := New(Config{
		Dialer:  transport.Serial{Name: sim.Path()},
		Options: scan.Options{Embedded: []scan.EmbeddedRule{{Prefix: "21", Kind: scan.EmbeddedPrice, ItemDigits: 5, ValueDigits: 5, Decimals: 2}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	events := make(chan Event, 10)
	ready := make(chan struct{}, 1)
	s.cfg.OnState = func(st string, _ error) {
		if st == "ready" {
			ready <- struct{}{}
		}
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, func(e Event) { events <- e }) }()
	<-ready
	for _, code := range []string{"4006381333931", "(01)09506000134352(10)LOT-7(17)270531", "2112345012346", "4006381333932"} {
		if _, err := sim.Write(scannersim.Frame(code, true, "\r")); err != nil {
			t.Fatal(err)
		}
	}
	want := []func(Event) bool{
		func(e Event) bool {
			return e.Err == nil && e.Scan.Symbology == scan.EAN13 && e.Scan.GTIN == "04006381333931"
		},
		func(e Event) bool {
			return e.Err == nil && e.Scan.Symbology == scan.GS1128 && e.Scan.Batch == "LOT-7" && e.Scan.Expiry.String() == "2027-05-31"
		},
		func(e Event) bool {
			return e.Err == nil && e.Scan.Embedded != nil && e.Scan.Embedded.PriceMinor == 1234
		},
		func(e Event) bool { return errors.Is(e.Err, scan.ErrCheckDigit) && e.Raw == "]E04006381333932" },
	}
	for i, ok := range want {
		select {
		case e := <-events:
			if !ok(e) {
				t.Errorf("event %d: %+v", i, e)
			}
		case <-ctx.Done():
			t.Fatalf("event %d never came", i)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestReconnectsWhenPortMissing(t *testing.T) {
	var states []string
	s, _ := New(Config{
		Dialer:     transport.Serial{Name: "/nonexistent/ttyACM9"},
		RetryEvery: 10 * time.Millisecond,
		OnState:    func(st string, _ error) { states = append(states, st) },
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := s.Run(ctx, func(Event) {}); err != nil {
		t.Fatal(err)
	}
	errorsSeen := 0
	for _, st := range states {
		if st == "error" {
			errorsSeen++
		}
	}
	if errorsSeen < 2 {
		t.Fatalf("states %v: expected repeated attempts", states)
	}
}

func TestFrame(t *testing.T) {
	tests := []struct{ code, want string }{
		{"4006381333931", "]E04006381333931\r"},
		{"96385074", "]E496385074\r"},
		{"04252614", "]E004252614\r"},
		{"(01)09506000134352(10)AB(17)270531", "]C10109506000134352" + "10AB\x1d17270531\r"},
		{"https://id.gs1.org/01/09506000134352", "]Q1https://id.gs1.org/01/09506000134352\r"},
		{"HELLO-1", "]C0HELLO-1\r"},
		{"]d2\x1d0109506000134352", "]d2\x1d0109506000134352\r"},
	}
	for _, tt := range tests {
		if got := string(scannersim.Frame(tt.code, true, "\r")); got != tt.want {
			t.Errorf("Frame(%q) = %q want %q", tt.code, got, tt.want)
		}
	}
}
