package protocol

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/sync/testchain"
)

func validBatch(t testing.TB, n int) []byte {
	t.Helper()
	entries, err := testchain.Chain("store-1", "lane-1", nil, n, time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(JournalBatch{DeviceID: "lane-1", Entries: entries})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeBatch(t *testing.T) {
	good := validBatch(t, 3)
	var gb JournalBatch
	_ = json.Unmarshal(good, &gb)
	mutate := func(f func(*JournalBatch)) string {
		b := gb
		b.Entries = append(b.Entries[:0:0], gb.Entries...)
		f(&b)
		out, _ := json.Marshal(b)
		return string(out)
	}
	tests := []struct {
		name string
		body string
		code string
	}{
		{"valid", string(good), ""},
		{"empty body", "", CodeBadRequest},
		{"not json", "hello", CodeBadRequest},
		{"cut midway", string(good[:len(good)/2]), CodeBadRequest},
		{"trailing data", string(good) + "{}", CodeBadRequest},
		{"unknown field", `{"device_id":"lane-1","entries":[],"extra":1}`, CodeBadRequest},
		{"no device", `{"entries":[]}`, CodeBadRequest},
		{"empty batch", `{"device_id":"lane-1","entries":[]}`, ""},
		{"wrong device", mutate(func(b *JournalBatch) { b.Entries[1].DeviceID = "lane-2" }), CodeWrongDevice},
		{"zero seq", mutate(func(b *JournalBatch) { b.Entries[0].Seq = 0 }), CodeBadRequest},
		{"gap", mutate(func(b *JournalBatch) { b.Entries = append(b.Entries[:1], b.Entries[2]) }), CodeChainGap},
		{"reordered", mutate(func(b *JournalBatch) { b.Entries[0], b.Entries[1] = b.Entries[1], b.Entries[0] }), CodeChainGap},
		{"short hash", mutate(func(b *JournalBatch) { b.Entries[2].Hash = "abc" }), CodeChainBroken},
		{"no type", mutate(func(b *JournalBatch) { b.Entries[2].Type = "" }), CodeBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeBatch(strings.NewReader(tt.body))
			if got := CodeOf(err); got != tt.code {
				t.Fatalf("code %q (%v); want %q", got, err, tt.code)
			}
		})
	}
}

func TestDecodeBatchTooLarge(t *testing.T) {
	body := `{"device_id":"` + strings.Repeat("x", MaxBatchBytes) + `"}`
	if _, err := DecodeBatch(strings.NewReader(body)); CodeOf(err) != CodeTooLarge {
		t.Fatalf("got %v; want too_large", err)
	}
}

// FuzzDecodeBatch: any input either decodes to a batch that validates and
// survives a round trip, or fails with a protocol error code; never a panic.
func FuzzDecodeBatch(f *testing.F) {
	good := validBatch(f, 3)
	f.Add(good)
	f.Add(good[:len(good)/3])
	f.Add(bytes.Replace(good, []byte(`"seq":2`), []byte(`"seq":3`), 1))
	f.Add([]byte(`{"device_id":"d","entries":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := DecodeBatch(bytes.NewReader(body))
		if err != nil {
			if CodeOf(err) == "" {
				t.Fatalf("error without a code: %v", err)
			}
			return
		}
		again, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		b2, err := DecodeBatch(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("re-encoded batch fails: %v", err)
		}
		if len(b2.Entries) != len(b.Entries) || b2.DeviceID != b.DeviceID {
			t.Fatal("round trip changed the batch")
		}
		for i := range b.Entries {
			if b.Entries[i].Hash != b2.Entries[i].Hash || b.Entries[i].Seq != b2.Entries[i].Seq {
				t.Fatal("round trip changed an entry")
			}
		}
	})
}
