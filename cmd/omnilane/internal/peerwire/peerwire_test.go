package peerwire

import (
	"context"
	"flag"
	"github.com/omnilane/omnilane/devices/discovery/netnstest"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestBindFlagsAndEnv(t *testing.T) {
	var c Config
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	env := func(name, def string) string {
		if name == "PEERS" {
			return "10.0.0.2:7431, 10.0.0.3:7431"
		}
		return def
	}
	c.Bind(fs, env)
	if err := fs.Parse([]string{"-peer-interval", "2s", "-peer-dnssd=false"}); err != nil {
		t.Fatal(err)
	}
	if c.Listen != DefaultListen || c.DNSSD || c.Interval != 2*time.Second || len(c.StaticPeers()) != 2 || c.StaticPeers()[1] != "10.0.0.3:7431" {
		t.Fatalf("config %+v peers %q", c, c.StaticPeers())
	}
}

func openLane(t *testing.T, device string) (*sqlite.DB, *pos.Lane) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), device+".db"), device, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	gtin, _ := pos.NormalizeGTIN("8410001000039")
	if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: []pos.Product{
		{SKU: "VIN", Name: "Vino tinto", Barcodes: []string{gtin}, Price: 899, Currency: "EUR", TaxRate: 2100},
	}}); err != nil {
		t.Fatal(err)
	}
	info := pos.StoreInfo{ID: "s1", Name: "Tienda", Lang: "es", Currency: pos.EUR, Location: time.UTC}
	lane := pos.NewLane(pos.LaneConfig{DeviceID: device, Store: info, Access: pos.AccessPolicy{BcryptCost: 4}}, db, pos.SystemClock{}, nil, quiet)
	if err := lane.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}
	return db, lane
}

// Two lanes wired as cmd/omnilane wires them, with a static peer list: the
// desk of lane 2 finds lane 1's sale, returns it, and lane 1 counts the
// unit returned there.
func TestStartTwoLanesStaticPeers(t *testing.T) {
	ctx := context.Background()
	db1, lane1 := openLane(t, "lane-1")
	db2, lane2 := openLane(t, "lane-2")
	p1, err := Start(ctx, Config{Listen: "127.0.0.1:0", Interval: 50 * time.Millisecond}, Lane{DeviceID: "lane-1", StoreID: "s1"}, db1, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer p1.Stop()
	p2, err := Start(ctx, Config{Listen: "127.0.0.1:0", Peers: p1.Addr(), Interval: 50 * time.Millisecond}, Lane{DeviceID: "lane-2", StoreID: "s1"}, db2, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer p2.Stop()
	if err := p1.Puller().AddStatic(p2.Addr()); err != nil {
		t.Fatal(err)
	}

	if _, err := lane1.AddByCode(ctx, "8410001000039", 2); err != nil {
		t.Fatal(err)
	}
	sale, err := lane1.PayCash(ctx, 2000)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p2.FindSale(ctx, sale.ReceiptCode())
	if err != nil || got.ID != sale.ID {
		t.Fatalf("lane 2 finds lane 1's sale: %v", err)
	}
	ov, err := lane2.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: pos.PermRefund, Reason: "x",
		Credential: pos.Credential{OperatorID: "2001", PIN: "9999"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lane2.Return(ctx, pos.ReturnRequest{Original: got, Lines: []pos.ReturnLine{{LineNo: 1, Qty: 1}}, Reason: "x", RefundMethod: pos.TenderCash, Override: ov}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		q, err := p1.ReturnedQty(ctx, sale.ID)
		if err != nil {
			t.Fatal(err)
		}
		if q[1] == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("lane 1 never saw the return at lane 2: %v (peers %+v)", q, p1.Puller().Peers())
		}
		time.Sleep(20 * time.Millisecond)
	}
	p1.Stop()
	p1.Stop() // twice is harmless
	// Stopped: the port is free again.
	ln, err := net.Listen("tcp", p1.Addr())
	if err != nil {
		t.Fatalf("peer port still held after Stop: %v", err)
	}
	ln.Close()
}

// A port in use does not stop the lane: it pulls peers without serving.
func TestStartWithPortInUse(t *testing.T) {
	db, _ := openLane(t, "lane-1")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	p, err := Start(context.Background(), Config{Listen: ln.Addr().String()}, Lane{DeviceID: "lane-1", StoreID: "s1"}, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	if p.Addr() != "" {
		t.Fatalf("serving on %s", p.Addr())
	}
	if _, err := Start(context.Background(), Config{Listen: "off", Peers: "no-port"}, Lane{DeviceID: "lane-1", StoreID: "s1"}, db, quiet); err == nil {
		t.Fatal("a static peer without a port was accepted")
	}
	if _, err := Start(context.Background(), Config{Listen: "off"}, Lane{DeviceID: "lane-7", StoreID: "s1"}, db, quiet); err == nil {
		t.Fatal("lane-7 started on lane-1's database")
	}
}

// With DNS-SD on, Stop withdraws the advertisement and ends the browse
// promptly.
func TestStopWithDNSSD(t *testing.T) {
	if !netnstest.Isolate(t) { // mDNS stays inside a network namespace of its own
		return
	}
	device := "lane-stop-" + time.Now().Format("150405.000000")
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "l.db"), device, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := Start(context.Background(), Config{Listen: "127.0.0.1:0", DNSSD: true}, Lane{DeviceID: device, StoreID: "s-stop"}, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	done := make(chan struct{})
	go func() { p.Stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Stop did not return within 10 s")
	}
}
