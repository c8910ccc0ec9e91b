package agent_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/faultproxy"
)

// TestBootstrapResumesAfterCut: the catalog stream is cut midway twice;
// the lane keeps what it applied, resumes from its cursor, and ends with
// exactly central's catalog, removals included.
func TestBootstrapResumesAfterCut(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 3000)
	if _, err := w.db.RemoveProducts(ctx, []string{"P0000003", "P0002999"}); err != nil {
		t.Fatal(err)
	}
	cuts := 0
	w.proxy.Choose = func(r *http.Request) faultproxy.Fault {
		if r.URL.Path == "/v1/stores/store-1/catalog/stream" && cuts < 2 {
			cuts++
			return faultproxy.CutResponse
		}
		return faultproxy.Pass
	}
	var cursors []int64
	for range 3 {
		cur, err := w.agent.Bootstrap(ctx)
		cursors = append(cursors, cur)
		if err == nil {
			break
		}
		t.Logf("bootstrap cut at cursor %d: %v", cur, err)
	}
	want, _ := w.db.CatalogCursor(ctx)
	if len(cursors) != 3 || cursors[2] != want || cursors[0] <= 0 || cursors[1] < cursors[0] {
		t.Fatalf("cursors %v; want progress then %d", cursors, want)
	}
	for _, i := range []int{0, 50, 2998} {
		p, _ := samplecatalog.Product(i)
		keys, _ := pos.LookupKeys(p.Barcodes[0])
		if got, err := w.store.ProductByCode(ctx, keys); err != nil || got.SKU != p.SKU {
			t.Fatalf("product %d at the lane: %+v, %v", i, got, err)
		}
	}
	for _, i := range []int{3, 2999} {
		p, _ := samplecatalog.Product(i)
		keys, _ := pos.LookupKeys(p.Barcodes[0])
		if _, err := w.store.ProductByCode(ctx, keys); !pos.IsNotFound(err) {
			t.Fatalf("removed product %d still at the lane: %v", i, err)
		}
	}
	// Then deltas: a change after the bootstrap arrives by the paged feed.
	p, _ := samplecatalog.Product(7)
	p.Price = 1
	if err := w.reader.Post(ctx, central.PathAdminProducts, central.ProductChange{Products: []pos.Product{p}}, &central.ProductChangeResult{}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	keys, _ := pos.LookupKeys(p.Barcodes[0])
	if got, _ := w.store.ProductByCode(ctx, keys); got.Price != 1 {
		t.Fatalf("delta after bootstrap: price %d", got.Price)
	}
	_ = client.ErrStreamCut
}
