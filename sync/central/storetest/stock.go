package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
)

// testManyLanesOneStore has a store's lanes push multi-line sales through
// two processes at once while a return desk restocks and the manager
// recounts one SKU mid-stream: every level ends exact (count + movements
// after it; uncounted goods the plain sum), and oversells are flagged for
// exactly the sales that took a counted SKU below zero. This is the
// contention the ingest benchmark's one-store case measures.
func testManyLanesOneStore(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	stores := omniStores(t, newDatabase, 2)
	o := stores[0].(central.OmniStorage)
	const lanes, perLane, stockA, stockB, recountC = 10, 40, 100000, 100, 50
	// A: counted, plenty. B: counted, oversold (one unit per sale). C:
	// recounted while the lanes push. D: never counted.
	for sku, qty := range map[string]int64{"A": stockA, "B": stockB} {
		if err := o.SetStockCount(ctx, store, sku, qty, T0.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	recountAt := T0.Add(perLane / 2 * time.Minute)
	r := rand.New(rand.NewPCG(11, 3))
	want := map[string]int64{"A": stockA, "B": stockB, "C": recountC}
	var sold int64
	journals := make([][]pos.Event, lanes+1)
	desk := &lane{t: t, device: "desk-1"}
	for i := range lanes {
		l := &lane{t: t, device: fmt.Sprintf("lane-%02d", i)}
		for n := range perLane {
			at := T0.Add(time.Duration(n)*time.Minute + time.Duration(i)*time.Second)
			qa, qc := int64(1+r.IntN(3)), int64(1+r.IntN(2))
			s := multiSale(l.device, int64(n+1), at, map[string]int64{"A": qa, "B": 1, "C": qc, "D": 1})
			l.add(pos.EventSaleCompleted, s, at)
			want["A"] -= qa
			want["B"]--
			want["D"]--
			if !at.Before(recountAt) {
				want["C"] -= qc
			}
			sold++
			if n%4 == 0 { // one unit of A comes back at the desk
				ln := s.Lines[0]
				ln.Qty, ln.Amount = 1, ln.UnitPrice
				desk.add(pos.EventReturnCompleted, pos.Return{ID: "ret-" + s.ID, StoreID: store, DeviceID: desk.device, Number: int64(len(desk.es) + 1),
					OriginalSaleID: s.ID, OriginalReceipt: s.ReceiptCode(), OriginalDevice: l.device, Currency: "EUR",
					Lines: []pos.Line{ln}, Totals: pos.Totals{Total: ln.Amount}, At: at.Add(30 * time.Second)}, at.Add(30*time.Second))
				want["A"]++
			}
		}
		journals[i] = l.es
	}
	journals[lanes] = desk.es
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(journals)+1)
	for i := range journals {
		for k := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- pushLikeALane(ctx, stores[k], journals[i][0].DeviceID, journals[i], uint64(17*i+k))
			}()
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(20 * time.Millisecond)
		errs <- stores[1].(central.OmniStorage).SetStockCount(ctx, store, "C", recountC, recountAt)
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range stores {
		for sku, counted := range map[string]bool{"A": true, "B": true, "C": true, "D": false} {
			if got, c := onHandOf(t, st, sku); got != want[sku] || c != counted {
				t.Errorf("%s on hand %d (counted %v); want %d (counted %v)", sku, got, c, want[sku], counted)
			}
		}
	}
	xs, err := o.Exceptions(ctx, 100000)
	if err != nil {
		t.Fatal(err)
	}
	oversold := map[string]int64{}
	details := map[string]bool{}
	for _, x := range xs {
		if x.Kind != "oversell" {
			t.Errorf("unexpected exception %+v", x)
		}
		oversold[x.Ref]++
		if x.Ref == "B" {
			details[x.Detail] = true
		}
	}
	// B goes down one unit a sale, whatever the order: each on-hand from
	// -1 down is reported once, in central's words.
	for k := int64(1); k <= sold-stockB; k++ {
		m := central.StockMovement{StoreID: store, SKU: "B", Delta: -1}
		if d := central.OversellException(m, -k).Detail; !details[d] {
			t.Errorf("no oversell %q", d)
			break
		}
	}
	if oversold["A"] != 0 || oversold["D"] != 0 || oversold["B"] != sold-stockB {
		t.Errorf("oversells per SKU %v; want B: %d, none of A or D", oversold, sold-stockB)
	}
	if tot, ok := stores[1].(SalesTotaler); ok {
		if n, _, err := tot.SalesTotal(ctx); err != nil || n != sold {
			t.Errorf("%d sales (%v); want %d", n, err, sold)
		}
	}
}

// multiSale is a cash sale of one line per SKU of qty, 100 cents a unit.
func multiSale(device string, n int64, at time.Time, qty map[string]int64) pos.Sale {
	s := pos.Sale{ID: fmt.Sprintf("%s-s%d", device, n), StoreID: store, DeviceID: device, Number: n, Currency: "EUR", At: at.UTC()}
	for _, sku := range []string{"A", "B", "C", "D"} {
		q := qty[sku]
		s.Lines = append(s.Lines, pos.Line{No: len(s.Lines) + 1, SKU: sku, Name: "Artículo " + sku, Qty: q, UnitPrice: 100, Amount: pos.Money(100 * q), TaxRate: 1000})
		s.Totals.Total += pos.Money(100 * q)
		s.Totals.Items += q
	}
	s.Tenders = []pos.Tender{{Method: pos.TenderCash, Amount: s.Totals.Total, Received: s.Totals.Total}}
	return s
}
