package peer_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
	"github.com/omnilane/omnilane/sync/peer"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// testLane is one lane: its own database, its pos.Lane, its peer server on
// a real socket and its puller.
type testLane struct {
	device, store string
	db            *sqlite.DB
	lane          *pos.Lane
	srv           *httptest.Server
	puller        *peer.Puller
}

func (l *testLane) addr() string { return strings.TrimPrefix(l.srv.URL, "http://") }

func newTestLane(t *testing.T, device, store, token string) *testLane {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), device+".db"), device, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	g := func(c string) string { s, _ := pos.NormalizeGTIN(c); return s }
	if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: []pos.Product{
		{SKU: "CAF", Name: "Café molido 250 g", Barcodes: []string{g("8410001000015")}, Price: 349, Currency: "EUR", TaxRate: 1000},
		{SKU: "VIN", Name: "Vino tinto", Barcodes: []string{g("8410001000039")}, Price: 899, Currency: "EUR", TaxRate: 2100},
	}}); err != nil {
		t.Fatal(err)
	}
	info := pos.StoreInfo{ID: store, Name: "Tienda Centro", Lang: "es", Currency: pos.EUR, Location: time.UTC}
	clock := pos.ClockFunc(func() time.Time { return time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC) })
	lane := pos.NewLane(pos.LaneConfig{DeviceID: device, Store: info, Access: pos.AccessPolicy{BcryptCost: 4}}, db, clock, nil, quiet)
	if err := lane.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(peer.NewServer(peer.ServerConfig{DeviceID: device, StoreID: store, Token: token}, db, quiet))
	t.Cleanup(srv.Close)
	p, err := peer.NewPuller(peer.PullerConfig{DeviceID: device, StoreID: store, Token: token, PageSize: 4}, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	return &testLane{device: device, store: store, db: db, lane: lane, srv: srv, puller: p}
}

// sell rings a sale of the given barcodes, paid in cash.
func (l *testLane) sell(t *testing.T, codes ...string) pos.Sale {
	t.Helper()
	ctx := context.Background()
	for _, c := range codes {
		if _, err := l.lane.Scan(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	s, err := l.lane.PayCash(ctx, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func count(t *testing.T, db *sqlite.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.SQL().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const (
	coffee = "8410001000015"
	wine   = "8410001000039"
)

// Lane 2 pulls lane 1's journal over the LAN, finds lane 1's sale by its
// receipt code with no central at all, and returns a line of it; lane 1 then
// sees that return in its copy of lane 2's journal.
func TestReturnAtLane2OfSaleRungAtLane1WithoutCentral(t *testing.T) {
	ctx := context.Background()
	l1 := newTestLane(t, "lane-1", "s1", "")
	l2 := newTestLane(t, "lane-2", "s1", "")
	sale := l1.sell(t, wine, wine, coffee)

	if err := l2.puller.AddStatic(l1.addr()); err != nil {
		t.Fatal(err)
	}
	l2.puller.PullAll(ctx)
	st := l2.puller.Peers()
	if len(st) != 1 || st[0].DeviceID != "lane-1" || st[0].LastError != "" || st[0].HeldSeq == 0 || st[0].HeadSeq != st[0].HeldSeq {
		t.Fatalf("peer status after pull: %+v", st)
	}

	find := pos.SaleLookup{DeviceID: "lane-2", Local: l2.db, Peers: l2.puller}
	got, err := find.FindSale(ctx, sale.ReceiptCode())
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != sale.ID || got.Totals.Total != sale.Totals.Total || len(got.Lines) != 3 {
		t.Fatalf("found %+v, want sale %s", got, sale.ID)
	}
	// Typed without the leading zeros, it is the same receipt.
	if got2, err := find.FindSale(ctx, " lane-1-1 "); err != nil || got2.ID != sale.ID {
		t.Fatalf("lane-1-1: %v %v", got2.ID, err)
	}

	ov, err := l2.lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: pos.PermRefund, Reason: "cliente",
		Credential: pos.Credential{OperatorID: "2001", PIN: "9999"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := l2.lane.Return(ctx, pos.ReturnRequest{Original: got, Lines: []pos.ReturnLine{{LineNo: 1, Qty: 1}},
		Reason: "roto", RefundMethod: pos.TenderCash, Override: ov})
	if err != nil {
		t.Fatal(err)
	}
	if r.OriginalReceipt != "lane-1-000001" || r.OriginalDevice != "lane-1" || r.Totals.Total != 899 || r.Tenders[0].Method != pos.TenderCash {
		t.Fatalf("return = %+v", r)
	}

	// Lane 1 pulls lane 2 and counts the unit returned there.
	if err := l1.puller.AddStatic(l2.addr()); err != nil {
		t.Fatal(err)
	}
	l1.puller.PullAll(ctx)
	q, err := l1.db.PeerReturnedQty(ctx, sale.ID)
	if err != nil {
		t.Fatal(err)
	}
	if q[1] != 1 || len(q) != 1 {
		t.Fatalf("lane 1 sees returned quantities %v, want line 1: 1", q)
	}
	// Both copies hold the whole journals, verified.
	for _, c := range []struct {
		holder, of *testLane
	}{{l2, l1}, {l1, l2}} {
		own, _ := c.of.db.EventsAfter(ctx, 0, 1000)
		held, _ := c.holder.db.PeerEventsAfter(ctx, c.of.device, 0, 1000)
		if len(own) == 0 || len(held) != len(own) || held[len(held)-1].Hash != own[len(own)-1].Hash {
			t.Fatalf("%s holds %d entries of %s, which has %d", c.holder.device, len(held), c.of.device, len(own))
		}
	}
}

// Pulling twice stores each entry once; a later pull fetches only what is
// new, resuming the chain from the last entry held.
func TestPullIsIncrementalAndIdempotent(t *testing.T) {
	ctx := context.Background()
	l1 := newTestLane(t, "lane-1", "s1", "")
	l2 := newTestLane(t, "lane-2", "s1", "")
	l1.sell(t, coffee)
	l1.sell(t, wine)
	head, _ := l1.db.LastEvent(ctx)

	res, err := l2.puller.Pull(ctx, l1.addr())
	if err != nil {
		t.Fatal(err)
	}
	if res.Stored != int(head.Seq) || res.HeldSeq != head.Seq {
		t.Fatalf("first pull %+v; lane 1's journal ends at %d", res, head.Seq)
	}
	res, err = l2.puller.Pull(ctx, l1.addr())
	if err != nil || res.Stored != 0 || res.HeldSeq != head.Seq {
		t.Fatalf("second pull %+v, %v: want nothing new", res, err)
	}
	if n := count(t, l2.db, `SELECT count(*) FROM peer_events WHERE device_id = 'lane-1'`); n != head.Seq {
		t.Fatalf("%d entries stored of %d", n, head.Seq)
	}
	// Re-storing held entries (a retried page) changes nothing.
	evs, _ := l1.db.EventsAfter(ctx, 0, 1000)
	if n, err := l2.db.AppendPeerEvents(ctx, "s1", evs); err != nil || n != 0 {
		t.Fatalf("re-store: %d new, %v", n, err)
	}

	third := l1.sell(t, coffee, coffee)
	head2, _ := l1.db.LastEvent(ctx)
	res, err = l2.puller.Pull(ctx, l1.addr())
	if err != nil || res.Stored != int(head2.Seq-head.Seq) || res.HeldSeq != head2.Seq {
		t.Fatalf("third pull %+v, %v: want %d new", res, err, head2.Seq-head.Seq)
	}
	if n := count(t, l2.db, `SELECT count(*) FROM peer_sales WHERE device_id = 'lane-1'`); n != 3 {
		t.Fatalf("%d peer sales projected, want 3", n)
	}
	if s, err := l2.db.PeerSaleByReceipt(ctx, third.ReceiptCode()); err != nil || s.ID != third.ID {
		t.Fatalf("third sale: %v", err)
	}
	heads, _ := l2.db.PeerHeads(ctx)
	if len(heads) != 1 || heads[0].Seq != head2.Seq || heads[0].Hash != head2.Hash || heads[0].StoreID != "s1" {
		t.Fatalf("peer heads %+v", heads)
	}
}

// A peer serving an edited entry is refused at that entry: what comes
// before is kept, nothing from the break on is stored.
func TestTamperedPeerJournalIsRefused(t *testing.T) {
	ctx := context.Background()
	l1 := newTestLane(t, "lane-1", "s1", "")
	l2 := newTestLane(t, "lane-2", "s1", "")
	l1.sell(t, coffee)
	second := l1.sell(t, wine)
	third := l1.sell(t, coffee)

	var seq int64
	if err := l1.db.SQL().QueryRow(`SELECT seq FROM journal WHERE type = ? AND payload LIKE ?`, pos.EventSaleCompleted, `%"`+second.ID+`"%`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	// Someone makes the second sale cheaper in lane 1's database.
	if _, err := l1.db.SQL().Exec(`UPDATE journal SET payload = replace(payload, '"total":899', '"total":1') WHERE seq = ?`, seq); err != nil {
		t.Fatal(err)
	}
	if err := l2.puller.AddStatic(l1.addr()); err != nil {
		t.Fatal(err)
	}
	_, err := l2.puller.PullPeer(ctx, l1.addr())
	var ce *pos.ChainError
	if !errors.As(err, &ce) || ce.Seq != seq || ce.DeviceID != "lane-1" {
		t.Fatalf("pull of a tampered journal: %v; want a chain error at seq %d", err, seq)
	}
	if n := count(t, l2.db, `SELECT coalesce(max(seq), 0) FROM peer_events WHERE device_id = 'lane-1'`); n != seq-1 {
		t.Fatalf("held up to %d; the break is at %d", n, seq)
	}
	for _, s := range []pos.Sale{second, third} {
		if _, err := l2.db.PeerSaleByReceipt(ctx, s.ReceiptCode()); pos.ErrorCode(err) != pos.ENOTFOUND {
			t.Fatalf("sale %s after the break was stored: %v", s.ReceiptCode(), err)
		}
	}
	if st := l2.puller.Peers(); st[0].LastError == "" || !strings.Contains(st[0].LastError, "edited") {
		t.Fatalf("status does not say the journal was refused: %+v", st[0])
	}
	// Pulling again changes nothing.
	if _, err := l2.puller.PullPeer(ctx, l1.addr()); !errors.As(err, &ce) {
		t.Fatalf("second pull: %v", err)
	}
	if n := count(t, l2.db, `SELECT count(*) FROM peer_events`); n != seq-1 {
		t.Fatalf("%d entries held after a second pull", n)
	}
	// The storage refuses a broken chain on its own too.
	evs, _ := l1.db.EventsAfter(ctx, seq-1, 10)
	if _, err := l2.db.AppendPeerEvents(ctx, "s1", evs); !errors.As(err, &ce) {
		t.Fatalf("storage took an edited entry: %v", err)
	}
}

// A lane of another store is never pulled, whether listed statically or
// found by DNS-SD.
func TestPeerOfAnotherStoreIsIgnored(t *testing.T) {
	ctx := context.Background()
	other := newTestLane(t, "lane-9", "s2", "")
	l2 := newTestLane(t, "lane-2", "s1", "")
	sale := other.sell(t, coffee)

	if err := l2.puller.AddStatic(other.addr()); err != nil {
		t.Fatal(err)
	}
	l2.puller.PullAll(ctx)
	st := l2.puller.Peers()
	if len(st) != 1 || !strings.Contains(st[0].Ignored, "another store") {
		t.Fatalf("status %+v: want ignored as another store's", st)
	}
	l2.puller.Found(peer.Found{Instance: "lane-9", DeviceID: "lane-9", StoreID: "s2", Addrs: []string{other.addr()}})
	l2.puller.Found(peer.Found{Instance: "lane-2", DeviceID: "lane-2", StoreID: "s1", Addrs: []string{l2.addr()}})
	if st := l2.puller.Peers(); len(st) != 1 {
		t.Fatalf("another store's or this lane's own service was added: %+v", st)
	}
	l2.puller.PullAll(ctx)
	if n := count(t, l2.db, `SELECT count(*) FROM peer_events`); n != 0 {
		t.Fatalf("%d entries of another store's lane stored", n)
	}
	find := pos.SaleLookup{DeviceID: "lane-2", Local: l2.db, Peers: l2.puller}
	_, err := find.FindSale(ctx, sale.ReceiptCode())
	if pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("another store's sale: %v", err)
	}
	for _, want := range []string{"lane-9-000001", "this lane", "peer lanes' copies", "central: not configured"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

// A sale rung at a known peer a moment ago, not yet pulled, is found: the
// lookup pulls that peer first.
func TestLookupPullsAKnownPeerOnAMiss(t *testing.T) {
	ctx := context.Background()
	l1 := newTestLane(t, "lane-1", "s1", "")
	l2 := newTestLane(t, "lane-2", "s1", "")
	if err := l2.puller.AddStatic(l1.addr()); err != nil {
		t.Fatal(err)
	}
	l2.puller.PullAll(ctx) // learns who lane-1 is
	sale := l1.sell(t, wine)
	got, err := l2.puller.SaleByReceipt(ctx, sale.ReceiptCode())
	if err != nil || got.ID != sale.ID {
		t.Fatalf("fresh sale at a known peer: %v", err)
	}
	// A lane that is no peer is not found, and the message says so.
	if _, err := l2.puller.SaleByReceipt(ctx, "lane-5-000001"); pos.ErrorCode(err) != pos.ENOTFOUND || !strings.Contains(err.Error(), "lane-5") {
		t.Fatalf("unknown lane: %v", err)
	}
	// Lane 1 goes away: its copies still answer, a new receipt says why not.
	l1.srv.Close()
	if _, err := l2.puller.SaleByReceipt(ctx, sale.ReceiptCode()); err != nil {
		t.Fatalf("copy of an offline peer: %v", err)
	}
	if _, err := l2.puller.SaleByReceipt(ctx, "lane-1-000002"); pos.ErrorCode(err) != pos.ENOTFOUND || !strings.Contains(err.Error(), "could not be pulled") {
		t.Fatalf("new receipt of an offline peer: %v", err)
	}
}

// With a store token set, a peer without it is refused; the puller sends it.
func TestPeerTokenRequired(t *testing.T) {
	ctx := context.Background()
	l1 := newTestLane(t, "lane-1", "s1", "secreto")
	l2 := newTestLane(t, "lane-2", "s1", "secreto")
	l1.sell(t, coffee)
	if _, err := (peer.Client{Addr: l1.addr()}).Hello(ctx); err == nil || !strings.Contains(err.Error(), "unauthorized") {
		t.Fatalf("hello without the token: %v", err)
	}
	if _, err := (peer.Client{Addr: l1.addr(), Token: "otro"}).Journal(ctx, 0, 10); err == nil {
		t.Fatal("journal served for a wrong token")
	}
	if res, err := l2.puller.Pull(ctx, l1.addr()); err != nil || res.Stored == 0 {
		t.Fatalf("pull with the token: %+v %v", res, err)
	}
}

// The peer server answers its own sales by receipt code.
func TestServerSaleByReceipt(t *testing.T) {
	ctx := context.Background()
	l1 := newTestLane(t, "lane-1", "s1", "")
	sale := l1.sell(t, coffee)
	c := peer.Client{Addr: l1.addr()}
	got, err := c.Sale(ctx, sale.ReceiptCode())
	if err != nil || got.ID != sale.ID {
		t.Fatalf("sale: %v", err)
	}
	if _, err := c.Sale(ctx, "lane-1-000099"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("missing sale: %v", err)
	}
	if _, err := c.Sale(ctx, "lane-7-000001"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("another lane's sale: %v", err)
	}
	h, err := c.Hello(ctx)
	if err != nil || h.DeviceID != "lane-1" || h.StoreID != "s1" || h.HeadSeq == 0 {
		t.Fatalf("hello %+v %v", h, err)
	}
}
