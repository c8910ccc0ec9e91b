package peer_test

import (
	"context"
	"github.com/omnilane/omnilane/devices/discovery/netnstest"
	"net"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/omnilane/omnilane/sync/peer"
)

// multicastIfaces returns the up, multicast-capable interfaces, or skips the
// test naming why DNS-SD cannot run here.
func multicastIfaces(t *testing.T) []net.Interface {
	t.Helper()
	all, err := net.Interfaces()
	if err != nil {
		t.Skipf("DNS-SD test skipped: cannot list network interfaces: %v", err)
	}
	var out []net.Interface
	for _, i := range all {
		if i.Flags&net.FlagUp != 0 && i.Flags&net.FlagMulticast != 0 {
			if addrs, _ := i.Addrs(); len(addrs) > 0 {
				out = append(out, i)
			}
		}
	}
	if len(out) == 0 {
		t.Skip("DNS-SD test skipped: no interface here is up with multicast (the static peer list is tested instead)")
	}
	return out
}

// A lane advertised with DNS-SD is found by browsing, with its device and
// store TXT records and its port; a found lane of the same store becomes a
// pulled peer, and the lane pulls its journal.
func TestDNSSDAdvertiseAndBrowse(t *testing.T) {
	if !netnstest.Isolate(t) { // mDNS stays inside a network namespace of its own
		return
	}
	ifaces := multicastIfaces(t)
	// A device id of this run only, so no other lane advertising on this
	// LAN is taken for it.
	device := "lane-dnssd-" + strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
	l1 := newTestLane(t, device, "s1", "")
	l2 := newTestLane(t, "lane-2", "s1", "")
	sale := l1.sell(t, coffee)
	// The advertisement carries the interfaces' addresses, not loopback:
	// serve lane 1 on every interface too.
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	lanSrv := httptest.NewUnstartedServer(l1.srv.Config.Handler)
	lanSrv.Listener.Close()
	lanSrv.Listener = ln
	lanSrv.Start()
	defer lanSrv.Close()
	_, portStr, _ := net.SplitHostPort(ln.Addr().String())
	port, _ := strconv.Atoi(portStr)
	stop, err := peer.Advertise(device, "s1", port, ifaces)
	if err != nil {
		t.Skipf("DNS-SD test skipped: this sandbox cannot advertise over multicast: %v", err)
	}
	defer stop()

	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
	defer cancel()
	got := make(chan peer.Found, 16)
	done := make(chan error, 1)
	go func() {
		done <- peer.Browse(ctx, peer.BrowseConfig{Ifaces: ifaces, Refresh: 2 * time.Second, Retry: time.Second}, quiet, func(f peer.Found) {
			if f.DeviceID == device && f.StoreID == "s1" {
				got <- f
			}
		})
	}()
	var f peer.Found
	select {
	case f = <-got:
	case <-ctx.Done():
		t.Skip("DNS-SD test skipped: the advertisement was never seen by a browse on the same host within 8 s — multicast does not loop back in this sandbox (the static peer list is tested instead)")
	}
	if f.Instance != device || len(f.Addrs) == 0 {
		t.Fatalf("found %+v", f)
	}
	for _, a := range f.Addrs {
		if _, p, _ := net.SplitHostPort(a); p != portStr {
			t.Fatalf("found address %s, advertised port %s", a, portStr)
		}
	}
	l2.puller.Found(f)
	l2.puller.PullAll(ctx)
	if s, err := l2.puller.SaleByReceipt(ctx, sale.ReceiptCode()); err != nil || s.ID != sale.ID {
		t.Fatalf("sale of a lane found by DNS-SD (addresses %v): %v; status %+v", f.Addrs, err, l2.puller.Peers())
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Browse did not return after its context ended")
	}
}
