package pos

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func chain(t *testing.T, n int) []Event {
	t.Helper()
	var out []Event
	var prev *Event
	for i := range n {
		e, err := Seal(prev, Event{DeviceID: "lane-1", ID: "id", Type: "t", Payload: json.RawMessage(`{"a": 1}`), HLC: int64(i), At: time.Unix(int64(i), 0)})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
		prev = &out[len(out)-1]
	}
	return out
}

func TestChainVerifier(t *testing.T) {
	good := chain(t, 4)
	if string(good[0].Payload) != `{"a":1}` {
		t.Errorf("payload not compacted: %s", good[0].Payload)
	}
	for _, tc := range []struct {
		name   string
		mutate func([]Event) []Event
		seq    int64
	}{
		{"whole", func(e []Event) []Event { return e }, 0},
		{"edited payload", func(e []Event) []Event { e[2].Payload = json.RawMessage(`{"a":2}`); return e }, 3},
		{"deleted", func(e []Event) []Event { return append(e[:1], e[2:]...) }, 2},
		{"swapped", func(e []Event) []Event { e[1], e[2] = e[2], e[1]; return e }, 2},
		{"other device", func(e []Event) []Event { e[0].DeviceID = "lane-2"; return e }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := tc.mutate(append([]Event(nil), good...))
			v := ChainVerifier{DeviceID: "lane-1"}
			var err error
			for _, e := range evs {
				if err = v.Next(e); err != nil {
					break
				}
			}
			var ce *ChainError
			if tc.seq == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.As(err, &ce) || ce.Seq != tc.seq {
				t.Fatalf("err = %v, want chain error at %d", err, tc.seq)
			}
		})
	}
	// Resume continues from a known good entry.
	v := ChainVerifier{DeviceID: "lane-1"}
	v.Resume(good[1])
	if err := v.Next(good[2]); err != nil {
		t.Fatal(err)
	}
}

func TestHLCNeverGoesBack(t *testing.T) {
	now := time.Unix(1000, 0)
	h := NewHLC(ClockFunc(func() time.Time { return now }))
	a := h.Now()
	now = now.Add(-time.Minute)
	b := h.Now()
	h.Observe(b + 100)
	c := h.Now()
	if !(a < b && b < c && c > b+100) {
		t.Fatalf("hlc went back: %d %d %d", a, b, c)
	}
}
