package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
)

var errNoPrepare = errors.New("no Prepare")

// testPrepared drives a JournalTx that has Prepare as central does: the
// answers after Prepare (fresh sales, duplicates, returns recorded before,
// stock levels and counts) are those without it, and everything is
// written at commit.
func testPrepared(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	stores := omniStores(t, newDatabase, 1)
	st := stores[0]
	o := st.(central.OmniStorage)
	if err := o.SetStockCount(ctx, store, "P0000000", 5, T0.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	// A sale recorded before, and a return of a sale not yet here.
	seller := &lane{t: t, device: "lane-1"}
	old := seller.sale(1, 1, T0)
	seller.push(st)
	early := testchainSale(t, "lane-1", 3, 2)
	ret := &lane{t: t, device: "lane-2"}
	ln := early.Lines[0]
	ln.Qty = 3
	ret.add(pos.EventReturnCompleted, pos.Return{ID: "ret-early", StoreID: store, DeviceID: "lane-2", Number: 1, OriginalSaleID: early.ID,
		Currency: "EUR", Lines: []pos.Line{ln}, Totals: pos.Totals{Total: 3}, At: T0}, T0)
	ret.push(st)

	fresh := seller.sale(2, 4, T0.Add(time.Minute)) // 5 - 1 (old) + 3 (returned) - 4 = 3
	seller.add(pos.EventSaleCompleted, early, T0.Add(2*time.Minute))
	earlySale := early
	dup := seller.es[0] // the old sale's payload again, in a new entry
	seller.add(pos.EventSaleCompleted, json.RawMessage(dup.Payload), T0.Add(3*time.Minute))
	batch := seller.es[1:]
	err := st.IngestTx(ctx, "lane-1", func(tx central.JournalTx) error {
		p, ok := tx.(central.BatchPreparer)
		if !ok {
			return errNoPrepare
		}
		entries := make([]central.PreparedEntry, len(batch))
		for i, e := range batch {
			entries[i].Event, entries[i].Sale = e, &pos.Sale{}
			if err := json.Unmarshal(e.Payload, entries[i].Sale); err != nil {
				return err
			}
		}
		if err := p.Prepare(ctx, entries); err != nil {
			return err
		}
		want := []struct {
			sale    pos.Sale
			fresh   bool
			onHand  int64
			returns int64
		}{
			{fresh, true, 0, 0},
			{earlySale, true, -2, 3},
			{old, false, 0, 0},
		}
		for i, e := range batch {
			if err := tx.Append(ctx, e); err != nil {
				return err
			}
			got, err := tx.ProjectSale(ctx, want[i].sale, e)
			if err != nil || got != want[i].fresh {
				return fmt.Errorf("entry %d: fresh %v, %v; want %v", i, got, err, want[i].fresh)
			}
			if !got {
				continue
			}
			lt := tx.(central.LedgerTx)
			l := want[i].sale.Lines[0]
			onHand, counted, err := lt.AddStock(ctx, central.StockMovement{StoreID: store, SKU: l.SKU, Delta: -l.Qty, Reason: "sale", Ref: want[i].sale.ID, DeviceID: "lane-1", Seq: e.Seq, At: want[i].sale.At})
			if err != nil || !counted {
				return fmt.Errorf("entry %d: stock %d counted %v, %v", i, onHand, counted, err)
			}
			if i == 0 && onHand != 5-1+3-4 {
				return fmt.Errorf("on hand after the fresh sale %d; want 3", onHand)
			}
			r, err := lt.ReturnedQty(ctx, want[i].sale.ID)
			if err != nil || r[1] != want[i].returns {
				return fmt.Errorf("entry %d: returned %v, %v; want %d", i, r, err, want[i].returns)
			}
		}
		// A sale projected in this transaction is readable in it.
		if s, ok, err := tx.(central.LedgerTx).SaleByID(ctx, fresh.ID); err != nil || !ok || s.ID != fresh.ID {
			return fmt.Errorf("sale by id inside the transaction: %v %v", ok, err)
		}
		return nil
	})
	if errors.Is(err, errNoPrepare) {
		t.Skipf("%T's JournalTx has no Prepare", st)
	}
	if err != nil {
		t.Fatal(err)
	}
	sales, err := st.DeviceSales(ctx, "lane-1", 10)
	if err != nil || len(sales) != 3 {
		t.Fatalf("%d sales, %v; want 3", len(sales), err)
	}
	if got, _ := onHandOf(t, st, "P0000000"); got != 5-1+3-4-2 {
		t.Fatalf("on hand %d; want %d", got, 5-1+3-4-2)
	}
}

func testchainSale(t *testing.T, device string, n, qty int64) pos.Sale {
	t.Helper()
	l := &lane{t: t, device: device}
	return l.sale(n, qty, T0.Add(2*time.Minute))
}
