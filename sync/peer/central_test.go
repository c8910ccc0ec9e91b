package peer_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/peer"
	"github.com/omnilane/omnilane/sync/protocol"
)

// A lane of another store finds a sale through central while online; with
// central down, the lookup says it could not ask central.
func TestCentralSalesFindsAnotherStoresSale(t *testing.T) {
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "central.db"), pos.SystemClock{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(central.NewServer(st, central.Config{}, pos.SystemClock{}, quiet))
	defer srv.Close()
	cc, err := client.New(srv.URL, &http.Client{}, "")
	if err != nil {
		t.Fatal(err)
	}

	far := newTestLane(t, "lane-9", "s2", "")
	far.sell(t, coffee)
	sale := far.sell(t, wine, coffee)
	evs, _ := far.db.EventsAfter(ctx, 0, 1000)
	if _, err := cc.PushBatch(ctx, protocol.JournalBatch{DeviceID: "lane-9", Entries: evs}); err != nil {
		t.Fatal(err)
	}

	here := newTestLane(t, "lane-2", "s1", "")
	find := pos.SaleLookup{DeviceID: "lane-2", Local: here.db, Peers: here.puller, Central: peer.CentralSales{Client: cc}}
	got, err := find.FindSale(ctx, sale.ReceiptCode())
	if err != nil || got.ID != sale.ID || got.StoreID != "s2" {
		t.Fatalf("sale through central: %+v %v", got, err)
	}
	_, err = find.FindSale(ctx, "lane-9-000003")
	if pos.ErrorCode(err) != pos.ENOTFOUND || !strings.Contains(err.Error(), "central holds no sale lane-9-000003") {
		t.Fatalf("missing sale: %v", err)
	}
	if _, err := find.FindSale(ctx, "lane-4-000001"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("unknown lane: %v", err)
	}

	srv.Close()
	_, err = find.FindSale(ctx, sale.ReceiptCode())
	if pos.ErrorCode(err) != pos.ENOTFOUND || !strings.Contains(err.Error(), "central: could not look") {
		t.Fatalf("central down: %v", err)
	}
	var ne interface{ Timeout() bool }
	if !errors.As(err, &ne) && !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("central down: the cause is lost: %v", err)
	}
}
