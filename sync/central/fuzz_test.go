package central_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// FuzzJournalEndpoint posts arbitrary bodies at a central that holds the
// first 3 entries of a journal. Whatever arrives: the answer is an ack or a
// coded JSON error, and what central holds is still one whole, verifiable
// chain that begins with the 3 entries it had — nothing lost, nothing forged.
func FuzzJournalEndpoint(f *testing.F) {
	es := chain(f, "lane-1", nil, 6)
	for _, b := range [][]pos.Event{es, es[3:], es[2:5], es[4:]} {
		raw, _ := json.Marshal(protocol.JournalBatch{DeviceID: "lane-1", Entries: b})
		f.Add(raw)
		f.Add(raw[:len(raw)*2/3])
		f.Add(bytes.Replace(raw, []byte(`"total":`), []byte(`"total":9`), 1))
	}
	h := newHarness(f)
	ctx := context.Background()
	if _, err := h.c.PushBatch(ctx, protocol.JournalBatch{DeviceID: "lane-1", Entries: es[:3]}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rr := httptest.NewRecorder()
		h.srv.ServeHTTP(rr, httptest.NewRequest(http.MethodPost, protocol.PathJournal, bytes.NewReader(body)))
		if rr.Code == http.StatusOK {
			var ack protocol.JournalAck
			if err := json.Unmarshal(rr.Body.Bytes(), &ack); err != nil || ack.AckedSeq < 3 && ack.DeviceID == "lane-1" {
				t.Fatalf("ok answer %q", rr.Body.String())
			}
		} else {
			var e protocol.Error
			if err := json.Unmarshal(rr.Body.Bytes(), &e); err != nil || e.Code == "" || e.Code == protocol.CodeInternal {
				t.Fatalf("answer %d %q", rr.Code, rr.Body.String())
			}
		}
		held, err := h.db.DeviceEvents(ctx, "lane-1", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		v := pos.ChainVerifier{DeviceID: "lane-1"}
		for i, e := range held {
			if err := v.Next(e); err != nil {
				t.Fatalf("held chain broken: %v", err)
			}
			if i < 6 && e.Hash != es[i].Hash {
				t.Fatalf("held entry %d is not the lane's", i+1)
			}
		}
		if len(held) < 3 {
			t.Fatalf("central lost entries: holds %d", len(held))
		}
	})
}
