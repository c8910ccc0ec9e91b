package sqlite_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// peerJournal seals a journal of device: a sale per number, then a return of
// line 1 of the first sale.
func peerJournal(t *testing.T, device string, sales int) ([]pos.Event, []pos.Sale) {
	t.Helper()
	var evs []pos.Event
	var out []pos.Sale
	var prev *pos.Event
	add := func(typ string, v any) {
		body, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		e, err := pos.Seal(prev, pos.Event{DeviceID: device, ID: device + "-ev-" + typ, Type: typ, Payload: body,
			HLC: int64(len(evs) + 1), At: time.Date(2026, 12, 6, 10, 0, len(evs), 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e)
		prev = &evs[len(evs)-1]
	}
	for n := 1; n <= sales; n++ {
		s := pos.Sale{ID: device + "-sale-" + string(rune('0'+n)), StoreID: "s1", DeviceID: device, Number: int64(n), Currency: "EUR",
			Lines:   []pos.Line{{No: 1, SKU: "VIN", Name: "Vino", Qty: 2, UnitPrice: 899, Amount: 1798, TaxRate: 2100}},
			Tenders: []pos.Tender{{Method: pos.TenderCash, Amount: 1798}}, At: time.Date(2026, 12, 6, 10, 0, n, 0, time.UTC)}
		s.Totals = pos.ComputeTotals(s.Lines)
		out = append(out, s)
		add(pos.EventSaleCompleted, s)
	}
	ret := pos.Return{ID: "r1", DeviceID: device, Number: 1, OriginalSaleID: out[0].ID, Currency: "EUR",
		Lines: []pos.Line{{No: 1, SKU: "VIN", Qty: 1, Amount: 899}}}
	add(pos.EventReturnCompleted, ret)
	return evs, out
}

func TestPeerCopies(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	evs, sales := peerJournal(t, "lane-2", 3)

	if n, err := db.AppendPeerEvents(ctx, "s1", evs[:2]); err != nil || n != 2 {
		t.Fatalf("first part: %d, %v", n, err)
	}
	// Overlapping re-delivery stores only the new entries.
	if n, err := db.AppendPeerEvents(ctx, "s1", evs[1:]); err != nil || n != len(evs)-2 {
		t.Fatalf("overlap: %d, %v", n, err)
	}
	s, err := db.PeerSaleByReceipt(ctx, "lane-2-3")
	if err != nil || s.ID != sales[2].ID {
		t.Fatalf("peer sale: %v", err)
	}
	if _, err := db.SaleByReceipt(ctx, "lane-2-000003"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("local store answered a peer's receipt: %v", err)
	}
	if q, err := db.PeerReturnedQty(ctx, sales[0].ID); err != nil || q[1] != 1 {
		t.Fatalf("peer returns: %v %v", q, err)
	}
	last, ok, err := db.LastPeerEvent(ctx, "lane-2")
	if err != nil || !ok || last.Hash != evs[len(evs)-1].Hash {
		t.Fatalf("last peer event: %v %v", ok, err)
	}

	// Refusals store nothing.
	other, _ := peerJournal(t, "lane-2", 5) // another journal claiming lane-2
	other[0].Operator = "x"
	for _, tc := range []struct {
		name  string
		store string
		evs   []pos.Event
		code  string
		chain bool
	}{
		{"own device", "s1", func() []pos.Event { e, _ := peerJournal(t, "lane-1", 1); return e }(), pos.EINVALID, false},
		{"store changed", "s2", evs, pos.ECONFLICT, false},
		{"held entry differs", "s1", other, pos.ECONFLICT, false},
		{"gap", "s1", []pos.Event{{DeviceID: "lane-2", Seq: int64(len(evs) + 2), PrevHash: pos.GenesisHash, Hash: pos.GenesisHash}}, "", true},
	} {
		_, err := db.AppendPeerEvents(ctx, tc.store, tc.evs)
		var ce *pos.ChainError
		if tc.chain != errors.As(err, &ce) || (!tc.chain && pos.ErrorCode(err) != tc.code) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	var n int
	db.SQL().QueryRow(`SELECT count(*) FROM peer_events`).Scan(&n)
	if n != len(evs) {
		t.Fatalf("%d peer entries after refusals, want %d", n, len(evs))
	}

	// The copies survive a restart; this lane's own journal is untouched.
	db.Close()
	db2, err := sqlite.Open(ctx, path, "lane-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	heads, err := db2.PeerHeads(ctx)
	if err != nil || len(heads) != 1 || heads[0].Seq != int64(len(evs)) || heads[0].StoreID != "s1" {
		t.Fatalf("heads after reopen: %+v %v", heads, err)
	}
	if _, err := db2.LastEvent(ctx); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("own journal after storing peer copies: %v", err)
	}
}
