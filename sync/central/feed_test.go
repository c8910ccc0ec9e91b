package central_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

func TestFeedPaging(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	ps, err := samplecatalog.Generate(25)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	// Bootstrap in pages of 10: 10, 10, 5, each cursor past the last.
	var cursor int64
	seen := map[string]bool{}
	for i, want := range []struct {
		n    int
		more bool
	}{{10, true}, {10, true}, {5, false}} {
		page, err := h.c.Feed(ctx, "store-1", cursor, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Products) != want.n || page.More != want.more || page.Cursor <= cursor {
			t.Fatalf("page %d: %d products, more %v, cursor %d→%d", i, len(page.Products), page.More, cursor, page.Cursor)
		}
		for _, p := range page.Products {
			seen[p.SKU] = true
		}
		cursor = page.Cursor
	}
	if len(seen) != 25 {
		t.Fatalf("bootstrap saw %d products", len(seen))
	}
	// Nothing new: an empty page at the same cursor.
	page, err := h.c.Feed(ctx, "store-1", cursor, 10, 0)
	if err != nil || len(page.Products) != 0 || page.Cursor != cursor || page.More {
		t.Fatalf("idle page %+v, %v", page, err)
	}
	// Re-sending unchanged products is no change; a price change and a
	// removal are deltas after the cursor.
	if _, err := h.db.UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	changed := ps[3]
	changed.Price += 100
	var res central.ProductChangeResult
	if err := h.c.Post(ctx, central.PathAdminProducts, central.ProductChange{Products: []pos.Product{changed}, Removed: []string{ps[7].SKU}}, &res); err != nil {
		t.Fatal(err)
	}
	page, err = h.c.Feed(ctx, "store-1", cursor, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Products) != 1 || page.Products[0].Price != changed.Price || len(page.Removed) != 1 || page.Removed[0] != ps[7].SKU || page.Cursor != res.Cursor {
		t.Fatalf("delta %+v; want the price change and the removal up to %d", page, res.Cursor)
	}
}

func TestFeedErrorsAndGzip(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	if _, err := h.c.Feed(ctx, "store-9", 0, 10, 0); protocol.CodeOf(err) != protocol.CodeNotFound {
		t.Fatalf("unknown store: %v", err)
	}
	for _, q := range []string{"cursor=-1", "limit=x", "wait=soon"} {
		resp, err := http.Get(h.ts.URL + "/v1/stores/store-1/catalog?" + q)
		if err != nil {
			t.Fatal(err)
		}
		if e := protocol.ReadError(resp); resp.StatusCode != 400 || e.Code != protocol.CodeBadRequest {
			t.Fatalf("%s: %d %v", q, resp.StatusCode, e)
		}
		resp.Body.Close()
	}
	ps, _ := samplecatalog.Generate(50)
	if _, err := h.db.UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", h.ts.URL+"/v1/stores/store-1/catalog?limit=50", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("not gzipped: %v", resp.Header)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var page protocol.FeedPage
	if err := json.NewDecoder(zr).Decode(&page); err != nil || len(page.Products) != 50 {
		t.Fatalf("gzipped page: %d products, %v", len(page.Products), err)
	}
}

func TestFeedLongPollWakesOnChange(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	ps, _ := samplecatalog.Generate(3)
	cur, err := h.db.UpsertProducts(ctx, ps)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		page protocol.FeedPage
		err  error
		took time.Duration
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		page, err := h.c.Feed(ctx, "store-1", cur, 10, 20*time.Second)
		done <- result{page, err, time.Since(start)}
	}()
	time.Sleep(300 * time.Millisecond)
	changed := ps[0]
	changed.Price = 1
	if err := h.c.Post(ctx, central.PathAdminProducts, central.ProductChange{Products: []pos.Product{changed}}, &central.ProductChangeResult{}); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || len(r.page.Products) != 1 || r.page.Products[0].Price != 1 {
		t.Fatalf("long poll: %+v, %v", r.page, r.err)
	}
	if r.took > 10*time.Second {
		t.Fatalf("long poll answered after %v, not at the change", r.took)
	}
	// A change written by another process (straight to the database) is seen by polling.
	go func() {
		page, err := h.c.Feed(ctx, "store-1", r.page.Cursor, 10, 20*time.Second)
		done <- result{page, err, 0}
	}()
	time.Sleep(200 * time.Millisecond)
	changed.Price = 2
	if _, err := h.db.UpsertProducts(ctx, []pos.Product{changed}); err != nil {
		t.Fatal(err)
	}
	r = <-done
	if r.err != nil || len(r.page.Products) != 1 || r.page.Products[0].Price != 2 {
		t.Fatalf("long poll on a change by another process: %+v, %v", r.page, r.err)
	}
}
