package central_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
	"github.com/omnilane/omnilane/sync/testchain"
)

func chain(t testing.TB, device string, prev *pos.Event, n int) []pos.Event {
	t.Helper()
	es, err := testchain.Chain("store-1", device, prev, n, t0)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func push(t *testing.T, h *harness, device string, es []pos.Event) (protocol.JournalAck, error) {
	t.Helper()
	return h.c.PushBatch(context.Background(), protocol.JournalBatch{DeviceID: device, Entries: es})
}

func held(t *testing.T, h *harness, device string) protocol.DeviceRecord {
	t.Helper()
	rec, err := h.c.DeviceRecord(context.Background(), device, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestIngestIsIdempotent(t *testing.T) {
	h := newHarness(t)
	es := chain(t, "lane-1", nil, 8)
	steps := []struct {
		name    string
		batch   []pos.Event
		wantAck int64
	}{
		{"first five", es[:5], 5},
		{"same batch again", es[:5], 5},
		{"overlap 3..8", es[2:8], 8},
		{"old tail again", es[6:8], 8},
		{"empty batch", nil, 8},
	}
	for _, s := range steps {
		ack, err := push(t, h, "lane-1", s.batch)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if ack.AckedSeq != s.wantAck || ack.AckedHash != es[s.wantAck-1].Hash {
			t.Fatalf("%s: ack %+v; want %d", s.name, ack, s.wantAck)
		}
	}
	rec := held(t, h, "lane-1")
	if rec.EventCount != 8 || len(rec.Sales) != 8 || rec.AckedSeq != 8 {
		t.Fatalf("central holds %d events, %d sales, acked %d; want 8, 8, 8", rec.EventCount, len(rec.Sales), rec.AckedSeq)
	}
	// What central holds is the lane's journal, byte for byte: it verifies.
	v := pos.ChainVerifier{DeviceID: "lane-1"}
	for i, e := range rec.Events {
		if err := v.Next(e); err != nil {
			t.Fatalf("held entry %d: %v", i+1, err)
		}
	}
	n, total, err := h.db.SalesTotal(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, e := range es {
		var s pos.Sale
		_ = json.Unmarshal(e.Payload, &s)
		want += int64(s.Totals.Total)
	}
	if n != 8 || total != want {
		t.Fatalf("sales %d totalling %d; want 8 totalling %d", n, total, want)
	}
}

func TestIngestRejects(t *testing.T) {
	es := chain(t, "lane-1", nil, 10)
	other := chain(t, "lane-1", nil, 10) // another journal claiming the same device
	tampered := func(i int) []pos.Event {
		b := append([]pos.Event(nil), es[4:10]...)
		b[i].Payload = json.RawMessage(`{"id":"forged"}`)
		return b
	}
	relinked := func() []pos.Event {
		b := append([]pos.Event(nil), es[4:10]...)
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
		{"entry from another device", append(append([]pos.Event(nil), es[4]), chain(t, "lane-2", &es[4], 1)...), protocol.CodeWrongDevice, 6, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			if _, err := push(t, h, "lane-1", es[:4]); err != nil {
				t.Fatal(err)
			}
			_, err := push(t, h, "lane-1", tt.batch)
			pe, ok := err.(*protocol.Error)
			if !ok || pe.Code != tt.code || pe.Seq != tt.badSeq {
				t.Fatalf("got %v; want %s at seq %d", err, tt.code, tt.badSeq)
			}
			if tt.code != protocol.CodeWrongDevice && pe.AckedSeq != tt.wantAcked {
				t.Fatalf("error acked_seq %d; want %d", pe.AckedSeq, tt.wantAcked)
			}
			rec := held(t, h, "lane-1")
			if rec.AckedSeq != tt.wantAcked || rec.EventCount != tt.wantAcked || int64(len(rec.Sales)) != tt.wantAcked {
				t.Fatalf("central holds %d events (head %d, %d sales); want %d", rec.EventCount, rec.AckedSeq, len(rec.Sales), tt.wantAcked)
			}
			for i, e := range rec.Events {
				if e.Hash != es[i].Hash {
					t.Fatalf("held entry %d is not the lane's", i+1)
				}
			}
			// The lane's true journal still goes through afterwards.
			ack, err := push(t, h, "lane-1", es)
			if err != nil || ack.AckedSeq != 10 {
				t.Fatalf("true journal after rejection: %+v, %v", ack, err)
			}
		})
	}
}

func TestIngestSaleProjectedOnce(t *testing.T) {
	h := newHarness(t)
	es := chain(t, "lane-1", nil, 2)
	// Entry 2 carries the same sale as entry 1 (a bug at the lane): the
	// journal is stored, the sale counted once, and staff see an exception.
	var s pos.Sale
	_ = json.Unmarshal(es[0].Payload, &s)
	s.Number = 2
	payload, _ := json.Marshal(s)
	e2, err := pos.Seal(&es[0], pos.Event{DeviceID: "lane-1", ID: es[1].ID, Type: pos.EventSaleCompleted, Payload: payload, At: es[1].At})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := push(t, h, "lane-1", []pos.Event{es[0], e2}); err != nil {
		t.Fatal(err)
	}
	rec := held(t, h, "lane-1")
	if rec.EventCount != 2 || len(rec.Sales) != 1 {
		t.Fatalf("%d events, %d sales; want 2, 1", rec.EventCount, len(rec.Sales))
	}
	xs, err := h.db.Exceptions(context.Background(), 10)
	if err != nil || len(xs) != 1 || xs[0].Kind != "duplicate_sale" {
		t.Fatalf("exceptions %+v, %v", xs, err)
	}
}
