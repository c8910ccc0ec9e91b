package discovery

import (
	"context"
	"errors"
	"github.com/omnilane/omnilane/devices/discovery/netnstest"
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/grandcat/zeroconf"
)

func multicastIfaces(t *testing.T) []net.Interface {
	t.Helper()
	all, err := net.Interfaces()
	if err != nil {
		t.Skipf("no interfaces: %v", err)
	}
	var out []net.Interface
	for _, i := range all {
		if i.Flags&net.FlagUp != 0 && i.Flags&net.FlagMulticast != 0 {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		t.Skip("no multicast interface here")
	}
	return out
}

// TestAdvertiseAndBrowsePrinter advertises a printer on this host and browses
// for it. Skipped where multicast does not loop back (some sandboxes).
func TestAdvertiseAndBrowsePrinter(t *testing.T) {
	if !netnstest.Isolate(t) { // mDNS stays inside a network namespace of its own
		return
	}
	multicastIfaces(t)
	var ifaces []net.Interface // every multicast interface: in the namespace, its one veth
	stop, err := Advertise("omnilane-test-printer", ServiceRawPrinter, 19100, []string{"profile=TM-T88V"}, ifaces)
	if err != nil {
		t.Skipf("cannot advertise here: %v", err)
	}
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
	defer cancel()
	seen := make(chan Found, 4)
	done := make(chan error, 1)
	go func() {
		done <- Browse(ctx, BrowseConfig{Services: []string{ServiceRawPrinter}, Ifaces: ifaces, Refresh: 2 * time.Second, Retry: time.Second}, func(f Found) {
			if f.Instance == "omnilane-test-printer" {
				select {
				case seen <- f:
				default:
				}
			}
		})
	}()
	select {
	case f := <-seen:
		if f.Port != 19100 || f.TXT["profile"] != "TM-T88V" || len(f.Addrs) == 0 {
			t.Errorf("found %+v", f)
		}
		cancel()
	case <-ctx.Done():
		<-done
		t.Skip("advertisement not seen: multicast does not loop back here")
	}
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("browse ended with %v", err)
	}
}

// TestBrowseStopsCleanly checks that every browse loop ends with its context.
func TestBrowseStopsCleanly(t *testing.T) {
	if !netnstest.Isolate(t) { // mDNS stays inside a network namespace of its own
		return
	}
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := Browse(ctx, BrowseConfig{Services: []string{ServiceRawPrinter, ServiceLPDPrinter, ServiceTerminal}, Refresh: time.Second, Retry: 50 * time.Millisecond}, func(Found) {})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("browse took %v to stop", d)
	}
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+2 {
		t.Fatalf("goroutines: %d before, %d after", before, n)
	}
}

func TestFoundOf(t *testing.T) {
	e := zeroconf.NewServiceEntry("EPSON TM-T88V", ServiceRawPrinter, "local.")
	e.Port = 9100
	e.HostName = "tm.local."
	e.Text = []string{"ty=TM-T88V", "note=caja 1"}
	e.AddrIPv4 = []net.IP{net.ParseIP("10.0.0.5")}
	e.AddrIPv6 = []net.IP{net.ParseIP("fe80::1"), net.ParseIP("2001:db8::5")}
	f, ok := foundOf(ServiceRawPrinter, e)
	if !ok || f.Port != 9100 || f.TXT["ty"] != "TM-T88V" || len(f.Addrs) != 2 || f.Addrs[0] != "10.0.0.5:9100" || f.Addrs[1] != "[2001:db8::5]:9100" {
		t.Fatalf("%+v %v", f, ok)
	}
	e.Port = 0
	if _, ok := foundOf(ServiceRawPrinter, e); ok {
		t.Fatal("entry without port accepted")
	}
}
