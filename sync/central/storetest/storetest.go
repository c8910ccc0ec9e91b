// Package storetest is the conformance suite every central.Storage backend
// must pass: the same table tests run against SQLite (sqlitestore) and
// PostgreSQL (pgstore), through central.Ingest and through each Storage
// method directly. A backend's test calls Run with a function that creates
// a fresh, empty database and returns an Opener for it; the suite opens a
// second store on the same database to play a second central process.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
	"github.com/omnilane/omnilane/sync/testchain"
)

// Opener opens one more store on a database — as one more central process
// would — and closes it when the test ends. The suite may Close a store
// itself first; the opener's clean-up must tolerate that.
type Opener func(t testing.TB) central.Storage

// NewDatabase creates a fresh, empty database for one test and returns how
// to open stores on it.
type NewDatabase func(t testing.TB) Opener

// ExceptionLister is implemented by backends that list the exceptions
// recorded for staff; the suite checks them when it can.
type ExceptionLister interface {
	// Exceptions returns up to limit exceptions, oldest first.
	Exceptions(ctx context.Context, limit int) ([]central.Exception, error)
}

// SalesTotaler is implemented by backends that sum projected sales.
type SalesTotaler interface {
	// SalesTotal counts and sums every projected sale.
	SalesTotal(ctx context.Context) (count int64, total int64, err error)
}

// T0 is the wall time of the suite's journals.
var T0 = time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)

const store = "store-1"

// Run runs every conformance case as a subtest of t.
func Run(t *testing.T, newDatabase NewDatabase) {
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) { c.run(t, newDatabase) })
	}
}

type testCase struct {
	name string
	run  func(t *testing.T, newDatabase NewDatabase)
}

// one opens a single store on a fresh database.
func one(newDatabase NewDatabase, t *testing.T) central.Storage { return newDatabase(t)(t) }

func cases() []testCase {
	return []testCase{
		{"Ingest/Idempotent", testIngestIdempotent},
		{"Ingest/Rejects", testIngestRejects},
		{"Ingest/SaleProjectedOnce", testSaleProjectedOnce},
		{"Ingest/BadSalePayload", testBadSalePayload},
		{"Ingest/EventRoundTrip", testEventRoundTrip},
		{"Ingest/SurvivesReopen", testSurvivesReopen},
		{"Ingest/ConcurrentSameDeviceTwoStores", testConcurrentSameDevice},
		{"Ingest/ConcurrentDevicesTwoStores", testConcurrentDevices},
		{"IngestTx/RollbackOnError", testIngestTxRollback},
		{"IngestTx/DuplicateSeqRefused", testIngestTxDuplicateSeq},
		{"IngestTx/ReadsOwnWrites", testIngestTxReadsOwnWrites},
		{"IngestTx/CancelledContext", testIngestTxCancelled},
		{"IngestTx/Prepared", testPrepared},
		{"Device/EventsPaging", testDeviceEventsPaging},
		{"Device/SalesByNumber", testDeviceSales},
		{"Device/Unknown", testDeviceUnknown},
		{"Catalog/UpsertCursor", testUpsertCursor},
		{"Catalog/FeedPaging", testFeedPaging},
		{"Catalog/Removal", testRemoval},
		{"Catalog/ImportAllOrNothing", testImportAllOrNothing},
		{"Catalog/ImportLarge", testImportLarge},
		{"Catalog/Stream", testCatalogStream},
		{"Catalog/StoreFeedExtras", testStoreFeed},
		{"Catalog/ConcurrentWritersTwoStores", testConcurrentCatalog},
		{"Catalog/FeedNeverSkipsUnderConcurrentWriters", testFeedNeverSkips},
		{"Stores", testStores},
		{"Ledger/StockOversell", testStockOversell},
		{"Ledger/ReturnAnywhere", testReturnAnywhere},
		{"Ledger/Pickups", testPickups},
		{"Ledger/PickupStock", testPickupStock},
		{"Ledger/ConcurrentSalesOfOneSKUTwoStores", testConcurrentStock},
		{"Ledger/ReturnRacesSaleTwoStores", testReturnRacesSale},
		{"Ledger/ManyLanesOneStoreTwoStores", testManyLanesOneStore},
		{"Auth/Enrollment", testEnrollment},
		{"Auth/EnrollmentRaceTwoStores", testEnrollmentRace},
		{"PingAndReopen", testPingAndReopen},
	}
}

// Chain returns entries after prev (nil: a new journal) of device's
// journal, each a sealed sale.completed event.
func Chain(t testing.TB, device string, prev *pos.Event, n int) []pos.Event {
	t.Helper()
	es, err := testchain.Chain(store, device, prev, n, T0)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func ingest(ctx context.Context, st central.Storage, device string, es []pos.Event) (protocol.JournalAck, error) {
	return central.Ingest(ctx, st, protocol.JournalBatch{DeviceID: device, Entries: es})
}

// checkHeld checks st holds exactly es as device's journal: count, head,
// the entries byte for byte (their chain verifies) and one sale each.
func checkHeld(t *testing.T, st central.Storage, device string, es []pos.Event) {
	t.Helper()
	ctx := context.Background()
	n, err := st.DeviceEventCount(ctx, device)
	if err != nil || n != int64(len(es)) {
		t.Fatalf("%s: holds %d events (%v); want %d", device, n, err, len(es))
	}
	head, ok, err := st.DeviceHead(ctx, device)
	if err != nil || ok != (len(es) > 0) || (ok && head.Hash != es[len(es)-1].Hash) {
		t.Fatalf("%s: head %d %v %v; want %d", device, head.Seq, ok, err, len(es))
	}
	held, err := st.DeviceEvents(ctx, device, 0, len(es)+10)
	if err != nil || len(held) != len(es) {
		t.Fatalf("%s: read %d events (%v); want %d", device, len(held), err, len(es))
	}
	v := pos.ChainVerifier{DeviceID: device}
	for i, e := range held {
		if err := v.Next(e); err != nil {
			t.Fatalf("%s: held entry %d does not verify: %v", device, i+1, err)
		}
		if e.Hash != es[i].Hash {
			t.Fatalf("%s: held entry %d is not the lane's", device, i+1)
		}
	}
	sales, err := st.DeviceSales(ctx, device, len(es)+10)
	if err != nil || len(sales) != len(es) {
		t.Fatalf("%s: %d sales (%v); want %d", device, len(sales), err, len(es))
	}
}

func exceptions(t *testing.T, st central.Storage) ([]central.Exception, bool) {
	t.Helper()
	l, ok := st.(ExceptionLister)
	if !ok {
		return nil, false
	}
	xs, err := l.Exceptions(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	return xs, true
}

func saleTotal(es []pos.Event) int64 {
	var sum int64
	for _, e := range es {
		var s pos.Sale
		_ = json.Unmarshal(e.Payload, &s)
		sum += int64(s.Totals.Total)
	}
	return sum
}

func testIngestIdempotent(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	es := Chain(t, "lane-1", nil, 8)
	steps := []struct {
		name    string
		batch   []pos.Event
		wantAck int64
	}{
		{"first five", es[:5], 5},
		{"same batch again", es[:5], 5},
		{"overlap 3..8", es[2:8], 8},
		{"old tail again", es[6:8], 8},
		{"one old entry", es[:1], 8},
		{"empty batch", nil, 8},
	}
	for _, s := range steps {
		ack, err := ingest(ctx, st, "lane-1", s.batch)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if ack.AckedSeq != s.wantAck || ack.AckedHash != es[s.wantAck-1].Hash {
			t.Fatalf("%s: ack %+v; want %d", s.name, ack, s.wantAck)
		}
	}
	checkHeld(t, st, "lane-1", es)
	if tot, ok := st.(SalesTotaler); ok {
		n, sum, err := tot.SalesTotal(ctx)
		if err != nil || n != 8 || sum != saleTotal(es) {
			t.Fatalf("sales %d totalling %d (%v); want 8 totalling %d", n, sum, err, saleTotal(es))
		}
	}
	if xs, ok := exceptions(t, st); ok && len(xs) != 0 {
		t.Fatalf("exceptions after clean ingest: %+v", xs)
	}
}

func testIngestRejects(t *testing.T, newDatabase NewDatabase) {
	es := Chain(t, "lane-1", nil, 10)
	other := Chain(t, "lane-1", nil, 10) // another journal claiming the same device
	tampered := func(i int) []pos.Event {
		b := slices.Clone(es[4:10])
		b[i].Payload = json.RawMessage(`{"id":"forged"}`)
		return b
	}
	relinked := func() []pos.Event {
		b := slices.Clone(es[4:10])
		b[2].PrevHash = other[5].Hash
		return b
	}
	tests := []struct {
		name      string
		batch     []pos.Event
		code      string
		badSeq    int64
		wantAcked int64 // central's high-water mark afterwards
	}{
		{"gap after head", es[5:10], protocol.CodeChainGap, 5, 4},
		{"edited payload", tampered(1), protocol.CodeChainBroken, 6, 5},
		{"edited first new entry", tampered(0), protocol.CodeChainBroken, 5, 4},
		{"prev_hash relinked", relinked(), protocol.CodeChainBroken, 7, 6},
		{"other journal at held seq", other[:6], protocol.CodeChainConflict, 1, 4},
		{"edited held entry", func() []pos.Event { b := slices.Clone(es[:6]); b[2].Operator = "mallory"; return b }(), protocol.CodeChainConflict, 3, 4},
		{"entry from another device", append([]pos.Event{es[4]}, Chain(t, "lane-2", &es[4], 1)...), protocol.CodeWrongDevice, 6, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st := one(newDatabase, t)
			if _, err := ingest(ctx, st, "lane-1", es[:4]); err != nil {
				t.Fatal(err)
			}
			_, err := ingest(ctx, st, "lane-1", tt.batch)
			var pe *protocol.Error
			if !errors.As(err, &pe) || pe.Code != tt.code || pe.Seq != tt.badSeq {
				t.Fatalf("got %v; want %s at seq %d", err, tt.code, tt.badSeq)
			}
			if tt.code != protocol.CodeWrongDevice && pe.AckedSeq != tt.wantAcked {
				t.Fatalf("error acked_seq %d; want %d", pe.AckedSeq, tt.wantAcked)
			}
			if !central.IsReject(err) {
				t.Fatalf("%v is not a rejection", err)
			}
			checkHeld(t, st, "lane-1", es[:tt.wantAcked])
			// The lane's true journal still goes through afterwards.
			ack, err := ingest(ctx, st, "lane-1", es)
			if err != nil || ack.AckedSeq != 10 {
				t.Fatalf("true journal after rejection: %+v, %v", ack, err)
			}
			checkHeld(t, st, "lane-1", es)
		})
	}
}

func testSaleProjectedOnce(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	es := Chain(t, "lane-1", nil, 2)
	// Entry 2 carries the same sale as entry 1 (a bug at the lane): the
	// journal is stored, the sale counted once, and staff see an exception.
	var s pos.Sale
	if err := json.Unmarshal(es[0].Payload, &s); err != nil {
		t.Fatal(err)
	}
	s.Number = 2
	payload, _ := json.Marshal(s)
	e2, err := pos.Seal(&es[0], pos.Event{DeviceID: "lane-1", ID: es[1].ID, Type: pos.EventSaleCompleted, Payload: payload, At: es[1].At})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest(ctx, st, "lane-1", []pos.Event{es[0], e2}); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.DeviceEventCount(ctx, "lane-1"); n != 2 {
		t.Fatalf("%d events; want 2", n)
	}
	if sales, err := st.DeviceSales(ctx, "lane-1", 10); err != nil || len(sales) != 1 || sales[0].ID != s.ID {
		t.Fatalf("sales %+v, %v; want the one sale", sales, err)
	}
	if xs, ok := exceptions(t, st); ok && (len(xs) != 1 || xs[0].Kind != "duplicate_sale" || xs[0].Seq != 2 || xs[0].Ref != s.ID) {
		t.Fatalf("exceptions %+v; want one duplicate_sale at seq 2", xs)
	}
}

func testBadSalePayload(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	bad := []struct {
		payload string
		kind    string
	}{
		{`{"number": 1}`, "bad_sale_payload"},
		{`[1, 2]`, "bad_sale_payload"},
		{`{"id": "s-1", "device_id": "lane-9"}`, "sale_device_mismatch"},
	}
	var prev *pos.Event
	var es []pos.Event
	for i, b := range bad {
		e, err := pos.Seal(prev, pos.Event{DeviceID: "lane-1", ID: fmt.Sprintf("e-%d", i), Type: pos.EventSaleCompleted,
			Payload: json.RawMessage(b.payload), At: T0})
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
		prev = &es[len(es)-1]
	}
	ack, err := ingest(ctx, st, "lane-1", es)
	if err != nil || ack.AckedSeq != 3 {
		t.Fatalf("a lane's unreadable sales are still its journal: %+v, %v", ack, err)
	}
	if sales, _ := st.DeviceSales(ctx, "lane-1", 10); len(sales) != 0 {
		t.Fatalf("%d sales projected from bad payloads", len(sales))
	}
	if xs, ok := exceptions(t, st); ok {
		if len(xs) != len(bad) {
			t.Fatalf("exceptions %+v; want %d", xs, len(bad))
		}
		for i, x := range xs {
			if x.Kind != bad[i].kind || x.Seq != int64(i+1) || x.DeviceID != "lane-1" {
				t.Fatalf("exception %d: %+v; want %s at seq %d", i, x, bad[i].kind, i+1)
			}
		}
	}
}

func testEventRoundTrip(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	drafts := []pos.Event{
		{Type: "shift.opened", Payload: json.RawMessage(`{"float":{"EUR":10000},"note":"ñandú \u00e9 \"quoted\" \\ 🙂"}`), Operator: "ana", HLC: 1 << 40, At: T0.Add(123456789 * time.Nanosecond)},
		{Type: "drawer.opened", Payload: json.RawMessage(`null`), HLC: 1<<40 + 1, At: T0.Add(time.Second)},
		{Type: "note", Payload: json.RawMessage(`{"b":2,"a":1,"nested":{"z":[3,2,1]},"n":1.50}`), Operator: "jose", HLC: -5, At: T0.Add(2 * time.Second)},
	}
	var es []pos.Event
	var prev *pos.Event
	for i, d := range drafts {
		d.DeviceID, d.ID = "lane-1", fmt.Sprintf("0193a1b2-0000-7000-8000-%012d", i+1)
		e, err := pos.Seal(prev, d)
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
		prev = &es[len(es)-1]
	}
	if _, err := ingest(ctx, st, "lane-1", es); err != nil {
		t.Fatal(err)
	}
	held, err := st.DeviceEvents(ctx, "lane-1", 0, 10)
	if err != nil || len(held) != len(es) {
		t.Fatalf("%d events, %v", len(held), err)
	}
	for i, h := range held {
		w := es[i]
		wantPayload := string(w.Payload)
		if len(w.Payload) == 0 {
			wantPayload = "null"
		}
		if h.DeviceID != w.DeviceID || h.Seq != w.Seq || h.ID != w.ID || h.Type != w.Type || h.HLC != w.HLC ||
			h.Operator != w.Operator || h.PrevHash != w.PrevHash || h.Hash != w.Hash || string(h.Payload) != wantPayload ||
			!h.At.Equal(w.At.Truncate(time.Millisecond)) {
			t.Fatalf("entry %d read back as %+v; stored %+v", i+1, h, w)
		}
		if got, err := h.ComputeHash(); err != nil || got != w.Hash {
			t.Fatalf("entry %d read back hashes to %s (%v); want %s", i+1, got, err, w.Hash)
		}
	}
	head, ok, err := st.DeviceHead(ctx, "lane-1")
	if err != nil || !ok || head.Hash != es[2].Hash || head.Seq != 3 {
		t.Fatalf("head %+v %v %v", head, ok, err)
	}
}

func testSurvivesReopen(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	open := newDatabase(t)
	st := open(t)
	es := Chain(t, "lane-1", nil, 6)
	if _, err := ingest(ctx, st, "lane-1", es[:4]); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2 := open(t) // migrations already applied: nothing to do
	checkHeld(t, st2, "lane-1", es[:4])
	if ack, err := ingest(ctx, st2, "lane-1", es); err != nil || ack.AckedSeq != 6 {
		t.Fatalf("continue after reopen: %+v, %v", ack, err)
	}
	checkHeld(t, st2, "lane-1", es)
}

// pushLikeALane sends es to st in random, overlapping batches, sometimes
// starting past what it knows central holds, following central's acks and
// chain_gap rejections as the agent does, until central holds everything.
func pushLikeALane(ctx context.Context, st central.Storage, device string, es []pos.Event, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 7))
	var acked int64
	for tries := 0; acked < int64(len(es)); tries++ {
		if tries > 100000 {
			return fmt.Errorf("%s: no progress past %d", device, acked)
		}
		start := max(0, acked-int64(r.IntN(4))+int64(r.IntN(3)))
		start = min(start, int64(len(es)-1))
		end := min(int64(len(es)), start+1+int64(r.IntN(25)))
		ack, err := ingest(ctx, st, device, es[start:end])
		if err != nil {
			var pe *protocol.Error
			if errors.As(err, &pe) && pe.Code == protocol.CodeChainGap {
				acked = max(acked, pe.AckedSeq)
				continue
			}
			return fmt.Errorf("%s: batch %d..%d: %w", device, start+1, end, err)
		}
		acked = max(acked, ack.AckedSeq)
	}
	return nil
}

func testConcurrentSameDevice(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	open := newDatabase(t)
	stores := []central.Storage{open(t), open(t)}
	es := Chain(t, "lane-1", nil, 300)
	const pushers = 6 // three per store: two central processes, each serving retries concurrently
	var wg sync.WaitGroup
	errs := make(chan error, pushers)
	for i := range pushers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- pushLikeALane(ctx, stores[i%2], "lane-1", es, uint64(i))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range stores {
		checkHeld(t, st, "lane-1", es) // exactly once, whichever process asks
	}
	if tot, ok := stores[0].(SalesTotaler); ok {
		n, sum, err := tot.SalesTotal(ctx)
		if err != nil || n != int64(len(es)) || sum != saleTotal(es) {
			t.Fatalf("sales %d totalling %d (%v); want %d totalling %d", n, sum, err, len(es), saleTotal(es))
		}
	}
	if xs, ok := exceptions(t, stores[1]); ok && len(xs) != 0 {
		t.Fatalf("exceptions after concurrent ingest: %+v", xs)
	}
}

func testConcurrentDevices(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	open := newDatabase(t)
	stores := []central.Storage{open(t), open(t)}
	const devices, perDevice = 20, 60
	journals := make([][]pos.Event, devices)
	for i := range journals {
		journals[i] = Chain(t, fmt.Sprintf("lane-%02d", i), nil, perDevice)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*devices)
	for i := range devices {
		for k := range 2 { // every device pushed to both processes at once
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- pushLikeALane(ctx, stores[k], journals[i][0].DeviceID, journals[i], uint64(100*i+k))
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var all []pos.Event
	for i := range journals {
		checkHeld(t, stores[i%2], journals[i][0].DeviceID, journals[i])
		all = append(all, journals[i]...)
	}
	if tot, ok := stores[1].(SalesTotaler); ok {
		n, sum, err := tot.SalesTotal(ctx)
		if err != nil || n != int64(len(all)) || sum != saleTotal(all) {
			t.Fatalf("sales %d totalling %d (%v); want %d totalling %d", n, sum, err, len(all), saleTotal(all))
		}
	}
}

var errBoom = errors.New("boom")

func testIngestTxRollback(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	es := Chain(t, "lane-1", nil, 3)
	var s pos.Sale
	_ = json.Unmarshal(es[0].Payload, &s)
	err := st.IngestTx(ctx, "lane-1", func(tx central.JournalTx) error {
		for _, e := range es {
			if err := tx.Append(ctx, e); err != nil {
				return err
			}
		}
		if _, err := tx.ProjectSale(ctx, s, es[0]); err != nil {
			return err
		}
		if err := tx.Exception(ctx, central.Exception{Kind: "test", DeviceID: "lane-1", Seq: 1, Detail: "rolled back"}); err != nil {
			return err
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("IngestTx returned %v; want fn's error", err)
	}
	checkHeld(t, st, "lane-1", nil)
	if xs, ok := exceptions(t, st); ok && len(xs) != 0 {
		t.Fatalf("exceptions survived a rollback: %+v", xs)
	}
	// The same entries commit afterwards.
	err = st.IngestTx(ctx, "lane-1", func(tx central.JournalTx) error {
		for _, e := range es {
			if err := tx.Append(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := st.DeviceEventCount(ctx, "lane-1"); n != 3 {
		t.Fatalf("%d events after commit; want 3", n)
	}
}

func testIngestTxDuplicateSeq(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	es := Chain(t, "lane-1", nil, 2)
	appendAll := func(batch ...pos.Event) error {
		return st.IngestTx(ctx, "lane-1", func(tx central.JournalTx) error {
			for _, e := range batch {
				if err := tx.Append(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := appendAll(es[0], es[0]); err == nil {
		t.Fatal("the same seq twice in one transaction was stored: UNIQUE(device_id, seq) must refuse it")
	}
	if n, _ := st.DeviceEventCount(ctx, "lane-1"); n != 0 {
		t.Fatalf("a refused transaction left %d events", n)
	}
	if err := appendAll(es...); err != nil {
		t.Fatal(err)
	}
	other := Chain(t, "lane-1", nil, 1)
	if err := appendAll(other[0]); err == nil {
		t.Fatal("a second entry at held seq 1 was stored")
	}
	held, err := st.DeviceEvents(ctx, "lane-1", 0, 10)
	if err != nil || len(held) != 2 || held[0].Hash != es[0].Hash || held[1].Hash != es[1].Hash {
		t.Fatalf("held %d events (%v); want the first journal's 2", len(held), err)
	}
}
