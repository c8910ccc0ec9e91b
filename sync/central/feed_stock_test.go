package central_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/sync/protocol"
)

// TestStockFeedHTTP: the stock part of the store feed over HTTP, and the
// requests it refuses with a clear code.
func TestStockFeedHTTP(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	if err := h.db.SetStockCount(ctx, "store-1", "P0000000", 12, t0); err != nil {
		t.Fatal(err)
	}
	page, err := h.c.StockFeed(ctx, "store-1", protocol.StockQuery{Devices: []string{"lane-1"}})
	if err != nil {
		t.Fatal(err)
	}
	if !page.Full || len(page.Levels) != 1 || page.Levels[0].OnHand != 12 || !page.Levels[0].CountedAt.Equal(t0) || page.Counts == 0 {
		t.Fatalf("bootstrap: %+v", page)
	}
	if _, ok := page.Heads["lane-1"]; !ok {
		t.Fatalf("no head for the device asked about: %+v", page.Heads)
	}
	path := strings.Replace(protocol.PathStockFeed, "{store}", "store-1", 1)
	for _, q := range []string{"?moves=-1", "?counts=x", "?device=", "?" + strings.Repeat("device=d&", protocol.MaxStockDevices+1)} {
		resp, err := http.Get(h.ts.URL + path + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s%s: %d; want 400", path, q[:min(len(q), 30)], resp.StatusCode)
		}
	}
	again, err := h.c.StockFeed(ctx, "store-1", protocol.StockQuery{Moves: page.Moves, Counts: page.Counts})
	if err != nil || again.Full || len(again.Levels) != 0 {
		t.Fatalf("nothing new: %+v, %v", again, err)
	}
}
