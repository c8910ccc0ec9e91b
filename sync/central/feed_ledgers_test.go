package central_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// TestLedgerFeedHTTP: a gift card loaded and spent at a lane reaches the
// chain-wide ledger feed over HTTP, and the feed refuses bad requests with
// a clear code.
func TestLedgerFeedHTTP(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	j := &journal{t: t, device: "lane-1"}
	j.add(pos.EventLedgerCredited, pos.LedgerMovement{Kind: pos.LedgerGiftCard, Account: "GC-7", Delta: 5000, Currency: "EUR", At: t0}, t0)
	s := j.sale(1, 1, t0)
	s.Tenders = []pos.Tender{{Method: pos.TenderGiftCard, Amount: s.Totals.Total, Ref: "GC-7"}}
	j.es = j.es[:1]
	j.add(pos.EventSaleCompleted, s, t0)
	j.push(h)
	page, err := h.c.LedgerFeed(ctx, protocol.LedgerQuery{Devices: []string{"lane-1", "lane-2"}})
	if err != nil {
		t.Fatal(err)
	}
	if !page.Full || len(page.Balances) != 1 || page.Balances[0].Balance != 5000-int64(s.Totals.Total) || page.Balances[0].Account != "GC-7" {
		t.Fatalf("bootstrap: %+v", page)
	}
	if page.Heads["lane-1"] != 2 || page.Heads["lane-2"] != 0 {
		t.Fatalf("heads: %v", page.Heads)
	}
	for _, q := range []string{"?since=-1", "?since=x", "?device=", "?limit=y", "?" + strings.Repeat("device=d&", protocol.MaxLedgerDevices+1)} {
		resp, err := http.Get(h.ts.URL + protocol.PathLedgerFeed + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s%s: %d; want 400", protocol.PathLedgerFeed, q[:min(len(q), 30)], resp.StatusCode)
		}
	}
	again, err := h.c.LedgerFeed(ctx, protocol.LedgerQuery{Since: page.Position})
	if err != nil || again.Full || len(again.Balances) != 0 {
		t.Fatalf("nothing new: %+v, %v", again, err)
	}
}
