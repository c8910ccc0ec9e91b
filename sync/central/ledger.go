package central

import (
	"context"
	"fmt"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// StockMovement is one change of a store's stock of a SKU.
type StockMovement struct {
	// StoreID and SKU moved.
	StoreID, SKU string
	// Delta in units (grams for weighed goods): negative for a sale or
	// a pickup.
	Delta int64
	// Reason is "sale", "return" or "pickup".
	Reason string
	// Ref is the sale, return or pickup release id.
	Ref string
	// DeviceID and Seq of the journal entry.
	DeviceID string
	Seq      int64
	// At is when it happened at the lane.
	At time.Time
}

// LedgerTx is the projection side of an ingest transaction: stock,
// returns and pickups. A JournalTx that implements it gets these facts
// projected; one that does not still stores the journal.
type LedgerTx interface {
	// AddStock records a movement; it returns the on-hand after it and
	// whether the store has a count of the SKU (without one, stock is unknown).
	AddStock(ctx context.Context, m StockMovement) (onHand int64, counted bool, err error)
	// SaleByID returns a sale central holds.
	SaleByID(ctx context.Context, id string) (pos.Sale, bool, error)
	// ProjectReturn records a return once per id; false if already recorded.
	ProjectReturn(ctx context.Context, r pos.Return, e pos.Event) (bool, error)
	// AddReturned adds qty to a sale line's returned units; it returns the new total.
	AddReturned(ctx context.Context, saleID string, lineNo int, qty int64) (int64, error)
	// ReturnedQty returns the units returned per line of a sale.
	ReturnedQty(ctx context.Context, saleID string) (map[int]int64, error)
	// OrderByID returns an online order.
	OrderByID(ctx context.Context, id string) (pos.Order, bool, error)
	// ProjectRelease records a pickup release once per id; false if already recorded.
	ProjectRelease(ctx context.Context, r pos.PickupRelease, e pos.Event) (bool, error)
	// AddReleased adds qty to an order line's released units; it returns the new total.
	AddReleased(ctx context.Context, orderID string, lineNo int, qty int64) (int64, error)
	// SetOrderStatus changes an order's status (a change in the orders feed).
	SetOrderStatus(ctx context.Context, orderID, status string) error
}

func lineUnits(l pos.Line) int64 {
	if l.Grams > 0 {
		return l.Grams
	}
	return l.Qty
}

// StockBatcher is implemented by a LedgerTx that takes a batch's stock
// movements all at once, at the end of the batch, instead of one by one,
// so that it can record them — and take whatever lock keeps stock exact —
// in its last round trip before commit (pgstore: a store's stock lock is
// then held for no round trip between central and the database). Ingest
// collects the movements and calls AddStocks once, last. The batcher
// applies the oversell rule itself, as Oversold says, recording each with
// OversellException, after the batch's other exceptions.
type StockBatcher interface {
	// AddStocks records movements in order (each applied or not as
	// AddStock would) and the oversells they cause, by commit.
	AddStocks(ctx context.Context, ms []StockMovement) error
}

// Oversold is the oversell rule: a movement that takes away stock and
// leaves a counted SKU below zero (without a count, stock is unknown and
// never oversold).
func Oversold(m StockMovement, onHand int64, counted bool) bool {
	return counted && onHand < 0 && m.Delta < 0
}

// OversellFormat is the detail of an oversell exception: store, SKU and the
// on-hand after the movement (a StockBatcher formatting in SQL uses the
// same words).
const OversellFormat = "store %s sold %s beyond its stock: on hand now %d"

// OversellException is the exception an oversold movement raises.
func OversellException(m StockMovement, onHand int64) Exception {
	return Exception{Kind: "oversell", DeviceID: m.DeviceID, Seq: m.Seq, Ref: m.SKU,
		Detail: fmt.Sprintf(OversellFormat, m.StoreID, m.SKU, onHand)}
}

// ledger moves stock for one ingest transaction: at once, or collected for
// a StockBatcher.
type ledger struct {
	tx    JournalTx
	lt    LedgerTx // nil when the transaction keeps no ledger
	batch StockBatcher
	held  []StockMovement
	// books are the ledger movements held for book.
	books []LedgerMove
}

func newLedger(tx JournalTx) *ledger {
	g := &ledger{tx: tx}
	g.lt, _ = tx.(LedgerTx)
	if g.lt != nil {
		g.batch, _ = tx.(StockBatcher)
	}
	return g
}

// move records a stock movement and flags an oversell, or holds the
// movement for flush.
func (g *ledger) move(ctx context.Context, m StockMovement) error {
	if g.batch != nil {
		g.held = append(g.held, m)
		return nil
	}
	onHand, counted, err := g.lt.AddStock(ctx, m)
	if err != nil {
		return err
	}
	return g.checkOversell(ctx, m, onHand, counted)
}

// flush hands the held movements to the StockBatcher.
func (g *ledger) flush(ctx context.Context) error {
	if len(g.held) == 0 {
		return nil
	}
	err := g.batch.AddStocks(ctx, g.held)
	g.held = nil
	return err
}

func (g *ledger) checkOversell(ctx context.Context, m StockMovement, onHand int64, counted bool) error {
	if Oversold(m, onHand, counted) {
		return g.tx.Exception(ctx, OversellException(m, onHand))
	}
	return nil
}

// projectSaleLedger moves stock for a sale and checks returns that
// arrived before it.
func projectSaleLedger(ctx context.Context, g *ledger, s pos.Sale, e pos.Event) error {
	lt := g.lt
	if lt == nil {
		return nil
	}
	tx := g.tx
	for _, l := range s.Lines {
		if l.Voided {
			continue
		}
		if err := g.move(ctx, StockMovement{StoreID: s.StoreID, SKU: l.SKU, Delta: -lineUnits(l), Reason: "sale", Ref: s.ID, DeviceID: e.DeviceID, Seq: e.Seq, At: s.At}); err != nil {
			return err
		}
	}
	returned, err := lt.ReturnedQty(ctx, s.ID)
	if err != nil || len(returned) == 0 {
		return err
	}
	return checkReturned(ctx, tx, s, returned, e)
}

// checkReturned flags lines returned beyond what was sold.
func checkReturned(ctx context.Context, tx JournalTx, s pos.Sale, returned map[int]int64, e pos.Event) error {
	sold := map[int]int64{}
	for _, l := range s.Lines {
		if !l.Voided {
			sold[l.No] = l.Qty
		}
	}
	for no, q := range returned {
		if q > sold[no] {
			if err := tx.Exception(ctx, Exception{Kind: "over_return", DeviceID: e.DeviceID, Seq: e.Seq, Ref: s.ID,
				Detail: fmt.Sprintf("line %d of sale %s: %d returned, %d sold", no, s.ReceiptCode(), q, sold[no])}); err != nil {
				return err
			}
		}
	}
	return nil
}

// projectReturn records a return, restocks, and checks returned ≤ sold.
func projectReturn(ctx context.Context, g *ledger, e pos.Event, p *payload) error {
	tx, lt := g.tx, g.lt
	if lt == nil {
		return nil
	}
	if p.err != nil || p.ret.ID == "" {
		return tx.Exception(ctx, Exception{Kind: "bad_return_payload", DeviceID: e.DeviceID, Seq: e.Seq, Detail: fmt.Sprint("return payload unreadable: ", p.err)})
	}
	r := *p.ret
	fresh, err := lt.ProjectReturn(ctx, r, e)
	if err != nil || !fresh {
		return err
	}
	for _, l := range r.Lines {
		if _, err := lt.AddReturned(ctx, r.OriginalSaleID, l.No, l.Qty); err != nil {
			return err
		}
		if err := g.move(ctx, StockMovement{StoreID: r.StoreID, SKU: l.SKU, Delta: lineUnits(l), Reason: "return", Ref: r.ID, DeviceID: e.DeviceID, Seq: e.Seq, At: r.At}); err != nil {
			return err
		}
	}
	orig, ok, err := lt.SaleByID(ctx, r.OriginalSaleID)
	if err != nil || !ok {
		return err // checked when the original sale arrives
	}
	returned, err := lt.ReturnedQty(ctx, r.OriginalSaleID)
	if err != nil {
		return err
	}
	return checkReturned(ctx, tx, orig, returned, e)
}

// projectRelease records a pickup release, takes the released goods off
// the order's store's stock, and flags double releases and releases of
// cancelled orders.
func projectRelease(ctx context.Context, g *ledger, e pos.Event, p *payload) error {
	tx, lt := g.tx, g.lt
	if lt == nil {
		return nil
	}
	if p.err != nil || p.release.ID == "" {
		return tx.Exception(ctx, Exception{Kind: "bad_release_payload", DeviceID: e.DeviceID, Seq: e.Seq, Detail: fmt.Sprint("release payload unreadable: ", p.err)})
	}
	r := *p.release
	fresh, err := lt.ProjectRelease(ctx, r, e)
	if err != nil || !fresh {
		return err
	}
	o, known, err := lt.OrderByID(ctx, r.OrderID)
	if err != nil {
		return err
	}
	if !known {
		return tx.Exception(ctx, Exception{Kind: "release_unknown_order", DeviceID: e.DeviceID, Seq: e.Seq, Ref: r.OrderID, Detail: "released an order central does not know"})
	}
	if o.Status == pos.OrderCancelled {
		if err := tx.Exception(ctx, Exception{Kind: "release_cancelled_order", DeviceID: e.DeviceID, Seq: e.Seq, Ref: o.ID,
			Detail: fmt.Sprintf("order %s (%s) was cancelled but goods were released", o.ID, o.PickupCode)}); err != nil {
			return err
		}
	}
	ordered, skus := map[int]int64{}, map[int]string{}
	for _, l := range o.Lines {
		ordered[l.No], skus[l.No] = l.Qty, l.SKU
	}
	for _, l := range r.Lines {
		got, err := lt.AddReleased(ctx, o.ID, l.LineNo, l.Qty)
		if err != nil {
			return err
		}
		if got > ordered[l.LineNo] {
			if err := tx.Exception(ctx, Exception{Kind: "double_release", DeviceID: e.DeviceID, Seq: e.Seq, Ref: o.ID,
				Detail: fmt.Sprintf("order %s line %d: %d released, %d ordered", o.PickupCode, l.LineNo, got, ordered[l.LineNo])}); err != nil {
				return err
			}
		}
		if err := releaseStock(ctx, g, o, skus[l.LineNo], l, r, e); err != nil {
			return err
		}
	}
	if o.Status == pos.OrderReady {
		done := true
		for _, l := range o.Lines {
			got, err := lt.AddReleased(ctx, o.ID, l.No, 0)
			if err != nil {
				return err
			}
			done = done && got >= l.Qty
		}
		if done {
			return lt.SetOrderStatus(ctx, o.ID, pos.OrderCollected)
		}
	}
	return nil
}

// releaseStock takes a released line's goods off the order's store's
// stock — whatever the order's status or the quantity left, since the
// goods left the store — or, when central cannot tell the line's SKU,
// moves nothing and lists an exception instead of guessing.
func releaseStock(ctx context.Context, g *ledger, o pos.Order, sku string, l pos.ReturnLine, r pos.PickupRelease, e pos.Event) error {
	if l.Qty <= 0 {
		return nil
	}
	if sku == "" {
		return g.tx.Exception(ctx, Exception{Kind: "release_without_sku", DeviceID: e.DeviceID, Seq: e.Seq, Ref: o.ID,
			Detail: fmt.Sprintf("order %s line %d: %d released but the order names no SKU for it; stock not moved", o.PickupCode, l.LineNo, l.Qty)})
	}
	return g.move(ctx, StockMovement{StoreID: o.StoreID, SKU: sku, Delta: -l.Qty, Reason: "pickup", Ref: r.ID, DeviceID: e.DeviceID, Seq: e.Seq, At: r.At})
}

// projectPickupException lists a lane's refused release for staff.
func projectPickupException(ctx context.Context, tx JournalTx, e pos.Event, p *payload) error {
	x := *p.pickupX
	return tx.Exception(ctx, Exception{Kind: "pickup_exception", DeviceID: e.DeviceID, Seq: e.Seq, Ref: x.OrderID, Detail: x.Reason})
}
