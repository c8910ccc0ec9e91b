package cardport_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/omnilane/omnilane/cmd/omnilane/internal/cardport"
	"github.com/omnilane/omnilane/devices/terminal/nexo"
	"github.com/omnilane/omnilane/pos"
)

// Store and forward: only when the profile supports it and the retailer
// enables it, within the per-payment and per-lane limits; such payments are
// marked on the sale's tender and counted in the reconciliation report.
func TestOfflineStoreAndForward(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	addr := inProcessSim(t, dir)
	e := openLane(t, filepath.Join(dir, "lane.db"), filepath.Join(dir, "lane.log"), addr, nil)
	defer e.close()
	e.signIn(t, false)
	term := cardport.New(&nexo.Client{Addr: addr, SaleID: deviceID, POIID: poiID})
	withPolicy := func(o pos.OfflinePolicy) {
		cfg := cardCfg
		cfg.Offline = o
		e.cards = pos.NewCardPayments(term, e.db, pos.SystemClock{}, quietLog, cfg)
	}
	pay := func(amount pos.Money) (pos.Sale, error) {
		if _, err := e.lane.Scan(ctx, plu(amount)); err != nil {
			t.Fatal(err)
		}
		s, err := e.lane.PayCard(ctx, e.cards)
		if err != nil {
			if _, cerr := e.lane.PayCash(ctx, amount); cerr != nil { // close the open sale
				t.Fatal(cerr)
			}
		}
		return s, err
	}

	withPolicy(pos.OfflinePolicy{Supported: true, Enabled: false, MaxPerPayment: 100000, MaxTotal: 100000})
	if _, err := pay(amtOffline); pos.ErrorCode(err) != pos.ECARDDECLINED {
		t.Fatalf("retailer has not enabled offline, got %v", err)
	}
	withPolicy(pos.OfflinePolicy{Supported: false, Enabled: true, MaxPerPayment: 100000, MaxTotal: 100000})
	if _, err := pay(amtOffline); pos.ErrorCode(err) != pos.ECARDDECLINED {
		t.Fatalf("profile does not support offline, got %v", err)
	}

	withPolicy(pos.OfflinePolicy{Supported: true, Enabled: true, MaxPerPayment: 3000, MaxTotal: 5000})
	for i := 0; i < 2; i++ {
		s, err := pay(amtOffline)
		if err != nil {
			t.Fatalf("offline payment %d: %v", i, err)
		}
		if len(s.Tenders) != 1 || !s.Tenders[0].Offline {
			t.Fatalf("sale not marked offline: %+v", s.Tenders)
		}
	}
	if _, err := pay(amtOfflineBig); pos.ErrorCode(err) != pos.ECARDDECLINED {
		t.Fatalf("above the per-payment limit, got %v", err)
	}
	if _, err := pay(amtOffline); pos.ErrorCode(err) != pos.ECARDDECLINED {
		t.Fatalf("above the lane's offline total, got %v", err)
	}
	if held, _ := e.cards.OfflineOutstanding(ctx); held != 2*amtOffline {
		t.Fatalf("outstanding %d", held)
	}
	if s, err := pay(amtApprove); err != nil || s.Tenders[0].Offline {
		t.Fatalf("online payment: %+v %v", s, err)
	}

	rec, err := e.cards.Reconcile(ctx, true)
	if err != nil || !rec.Agree {
		t.Fatalf("reconcile: %+v %v", rec, err)
	}
	if len(rec.Lane) != 1 || rec.Lane[0].OfflinePayments != 2 || rec.Lane[0].OfflineAmount != 2*amtOffline || rec.Lane[0].Payments != 3 {
		t.Fatalf("lane totals %+v", rec.Lane)
	}
	// The closed period frees the lane's offline allowance.
	if _, err := pay(amtOffline); err != nil {
		t.Fatalf("after the period closed: %v", err)
	}
}

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))
