package peer_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/peer"
)

// FuzzDecodeJournalPage feeds the peer page decoder arbitrary bytes: it never
// panics, and what it accepts has the promised shape and survives a round
// trip through JSON.
func FuzzDecodeJournalPage(f *testing.F) {
	var evs []pos.Event
	var prev *pos.Event
	for i, payload := range []string{`{"id":"s1","number":1,"totals":{"total":899}}`, `{"id":"s2","number":2}`, `null`} {
		e, err := pos.Seal(prev, pos.Event{DeviceID: "lane-1", ID: "0193a1b2-0000-7000-8000-00000000000" + string(rune('1'+i)),
			Type: pos.EventSaleCompleted, Payload: json.RawMessage(payload), HLC: int64(1000 + i), At: time.Date(2026, 12, 6, 10, 0, i, 0, time.UTC), Operator: "1001"})
		if err != nil {
			f.Fatal(err)
		}
		evs = append(evs, e)
		prev = &evs[len(evs)-1]
	}
	page, _ := json.Marshal(peer.JournalPage{DeviceID: "lane-1", StoreID: "s1", HeadSeq: evs[len(evs)-1].Seq, Entries: evs})
	f.Add(page)
	one, _ := json.Marshal(peer.JournalPage{DeviceID: "lane-1", StoreID: "s1", HeadSeq: 9, Entries: evs[:1], More: true})
	f.Add(one)
	f.Add([]byte(`{"device_id":"lane-1","store_id":"s1","head_seq":0,"entries":[]}`))
	f.Add([]byte(`{"device_id":"lane-1","store_id":"s1","head_seq":1,"entries":[{"device_id":"lane-2","seq":1}]}`))
	f.Add([]byte(`{"device_id":"","entries":null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"device_id":"a","store_id":"b","head_seq":-1}`))
	f.Add([]byte(`{"device_id":"a","store_id":"b"} {}`))
	f.Add([]byte(strings.Repeat("[", 10000)))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := peer.DecodeJournalPage(bytes.NewReader(data))
		if err != nil {
			return
		}
		if p.DeviceID == "" || p.StoreID == "" || len(p.Entries) > peer.MaxPageEntries || p.HeadSeq < 0 {
			t.Fatalf("accepted a page without its shape: %+v", p)
		}
		for i, e := range p.Entries {
			if e.DeviceID != p.DeviceID || e.Seq < 1 || (i > 0 && e.Seq != p.Entries[i-1].Seq+1) || e.Seq > p.HeadSeq {
				t.Fatalf("accepted entry %d: %+v", i, e)
			}
		}
		again, err := json.Marshal(p)
		if err != nil {
			return // e.g. a time json cannot write back; not the decoder's concern
		}
		q, err := peer.DecodeJournalPage(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("re-encoded page refused: %v\n%s", err, again)
		}
		if len(q.Entries) != len(p.Entries) || q.DeviceID != p.DeviceID || q.HeadSeq != p.HeadSeq || q.More != p.More {
			t.Fatalf("round trip changed the page:\n%+v\n%+v", p, q)
		}
		for i := range p.Entries {
			a, b := p.Entries[i], q.Entries[i]
			if !a.At.Equal(b.At) || a.Hash != b.Hash || a.Seq != b.Seq {
				t.Fatalf("round trip changed entry %d", i)
			}
			a.At, b.At = b.At, a.At
			a.Payload, b.Payload = nil, nil
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("round trip changed entry %d:\n%+v\n%+v", i, a, b)
			}
		}
		// Whatever the decoder accepts, the chain check runs on without panicking.
		v := pos.ChainVerifier{DeviceID: p.DeviceID}
		for _, e := range p.Entries {
			if v.Next(e) != nil {
				break
			}
		}
	})
}
