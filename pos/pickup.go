package pos

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Pickup journal events.
const (
	// EventPickupReleased: goods of an online order handed to the customer.
	EventPickupReleased = "pickup.released"
	// EventPickupException: a release refused (cancelled order, nothing
	// left to release) — shown to staff and sent to central.
	EventPickupException = "pickup.exception"
)

// Order statuses as central sends them.
const (
	OrderReady     = "ready"
	OrderCancelled = "cancelled"
	OrderCollected = "collected"
)

// OrderLine is one line of an online order.
type OrderLine struct {
	// No is the line number, from 1.
	No int `json:"no"`
	// SKU and Name of the product.
	SKU  string `json:"sku"`
	Name string `json:"name"`
	// Qty ordered.
	Qty int64 `json:"qty"`
	// Amount paid for the line online.
	Amount Money `json:"amount"`
}

// Order is an online order to be picked up at a store (buy online, pick up
// in store). Central owns it; lanes receive it in the store's feed.
type Order struct {
	// ID of the order in the e-commerce channel.
	ID string `json:"id"`
	// StoreID where it is picked up.
	StoreID string `json:"store_id"`
	// PickupCode the customer shows (typed, or scanned from their QR).
	PickupCode string `json:"pickup_code"`
	// CustomerName and Phone to find it by.
	CustomerName string `json:"customer_name"`
	Phone        string `json:"phone,omitempty"`
	// Status is OrderReady, OrderCancelled or OrderCollected.
	Status string `json:"status"`
	// Currency of the amounts.
	Currency string `json:"currency"`
	// Lines ordered.
	Lines []OrderLine `json:"lines"`
	// Paid is what the customer paid online; PaymentRef names the payment.
	Paid       Money  `json:"paid"`
	PaymentRef string `json:"payment_ref,omitempty"`
}

// Validate reports the first problem that makes an order unusable.
func (o Order) Validate() error {
	switch {
	case o.ID == "":
		return Errorf(EINVALID, "order has no id")
	case o.PickupCode == "":
		return Errorf(EINVALID, "order %s has no pickup code", o.ID)
	case o.Status != OrderReady && o.Status != OrderCancelled && o.Status != OrderCollected:
		return Errorf(EINVALID, "order %s has unknown status %q", o.ID, o.Status)
	case len(o.Lines) == 0:
		return Errorf(EINVALID, "order %s has no lines", o.ID)
	}
	for i, l := range o.Lines {
		if l.No != i+1 || l.Qty <= 0 || l.SKU == "" {
			return Errorf(EINVALID, "order %s line %d is malformed", o.ID, i+1)
		}
	}
	return nil
}

// PickupRelease is goods of an order handed over at a desk.
type PickupRelease struct {
	// ID makes the release idempotent: the same ID released twice is one release.
	ID string `json:"id"`
	// OrderID and PickupCode of the order.
	OrderID    string `json:"order_id"`
	PickupCode string `json:"pickup_code"`
	// DeviceID of the desk and Operator who handed the goods over.
	DeviceID string `json:"device_id"`
	Operator string `json:"operator,omitempty"`
	// Lines released now (line number and quantity).
	Lines []ReturnLine `json:"lines"`
	// Complete is true when nothing of the order is left to release.
	Complete bool `json:"complete"`
	// At is when it happened.
	At time.Time `json:"at"`
}

// PickupException is a release that was refused, for staff and central.
type PickupException struct {
	// OrderID of the order.
	OrderID string `json:"order_id"`
	// Reason in plain words.
	Reason string `json:"reason"`
	// Lines that were asked for.
	Lines []ReturnLine `json:"lines"`
}

// OrderStore keeps the store's online orders and their releases.
type OrderStore interface {
	// UpsertOrders stores orders from central's feed (replacing older copies).
	UpsertOrders(ctx context.Context, orders []Order) error
	// FindOrders finds orders by pickup code (exact), or by customer name
	// or phone (contains), newest first.
	FindOrders(ctx context.Context, query string, limit int) ([]Order, error)
	// OrderByID returns an order, or ENOTFOUND.
	OrderByID(ctx context.Context, id string) (Order, error)
	// ReleasedQty returns, per order line, the units released here.
	ReleasedQty(ctx context.Context, orderID string) (map[int]int64, error)
	// ReleaseByID returns a recorded release, or ENOTFOUND.
	ReleaseByID(ctx context.Context, id string) (PickupRelease, error)
	// CommitRelease records a release and a's events in one transaction; a
	// release whose ID is already recorded changes nothing and replaces *r
	// with the recorded release (idempotent), reporting replayed.
	CommitRelease(ctx context.Context, r *PickupRelease, a Audit) (replayed bool, err error)
}

// FindOrders finds the store's online orders by what the customer shows or
// says: a pickup code (typed or scanned from a QR such as
// "omnilane:pickup:CODE"), a name or a phone number.
func (l *Lane) FindOrders(ctx context.Context, query string) ([]Order, error) {
	q := strings.TrimSpace(query)
	if i := strings.LastIndex(q, "pickup:"); i >= 0 {
		q = q[i+len("pickup:"):]
	}
	if len(q) < 3 {
		return nil, Reasonf(EINVALID, RQueryShort, "type at least 3 characters of the code, name or phone")
	}
	return l.store.FindOrders(ctx, q, 20)
}

// ReleasePickup hands over lines of an online order (all of them when lines
// is nil) and prints its pickup slip on the lane's printer, if it has one
// (see BuildPickupSlip; a failed print is logged: ReprintPickupSlip). releaseID makes a retried release count once; pass "" for a new
// one. A cancelled order, or more than is left, is refused and recorded as a
// pickup exception for staff and central.
func (l *Lane) ReleasePickup(ctx context.Context, orderID, releaseID string, lines []ReturnLine) (PickupRelease, error) {
	op, err := l.sellableCtx(ctx)
	if err != nil {
		return PickupRelease{}, err
	}
	o, err := l.store.OrderByID(ctx, orderID)
	if err != nil {
		return PickupRelease{}, err
	}
	if releaseID == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return PickupRelease{}, fmt.Errorf("release id: %w", err)
		}
		releaseID = id.String()
	}
	// A retried release that already went through is the same release.
	if prev, err := l.store.ReleaseByID(ctx, releaseID); err == nil {
		return prev, nil
	} else if !IsNotFound(err) {
		return PickupRelease{}, err
	}
	auth := Authorization{Operator: op}
	done, err := l.store.ReleasedQty(ctx, o.ID)
	if err != nil {
		return PickupRelease{}, err
	}
	rel := PickupRelease{ID: releaseID, OrderID: o.ID, PickupCode: o.PickupCode, DeviceID: l.cfg.DeviceID, Operator: op.ID, At: l.clock.Now().UTC()}
	reason := ""
	switch {
	case o.Status == OrderCancelled:
		reason = "the order was cancelled: do not hand it over"
	case o.Status == OrderCollected:
		reason = "the order was already collected"
	}
	if reason == "" {
		rel.Lines, reason = pickupLines(o, lines, done)
	}
	if reason != "" {
		au, err := l.access.audit(auth, EventPickupException, PickupException{OrderID: o.ID, Reason: reason, Lines: lines})
		if err == nil {
			err = l.store.RecordAudit(ctx, au)
		}
		if err != nil {
			l.log.Error("pickup exception not journalled", "order", o.ID, "err", err)
		}
		return PickupRelease{}, Errorf(ECONFLICT, "order %s: %s", o.PickupCode, reason)
	}
	left := int64(0)
	for _, ol := range o.Lines {
		left += ol.Qty - done[ol.No]
	}
	for _, rl := range rel.Lines {
		left -= rl.Qty
	}
	rel.Complete = left == 0
	au, err := l.access.audit(auth, EventPickupReleased, rel)
	if err != nil {
		return PickupRelease{}, err
	}
	replayed, err := l.store.CommitRelease(ctx, &rel, au)
	if err != nil {
		return PickupRelease{}, fmt.Errorf("record release: %w", err)
	}
	if !replayed && l.cfg.ReportPrinter != nil {
		if done == nil {
			done = map[int]int64{}
		}
		for _, rl := range rel.Lines {
			done[rl.LineNo] += rl.Qty
		}
		if err := l.printPickupSlip(ctx, o, rel, pendingAfter(o, done), false); err != nil {
			l.log.Warn("pickup slip not printed; reprint it from the desk", "release", rel.ID, "err", err)
		}
	}
	return rel, nil
}

// pickupLines resolves what to release; a non-empty reason refuses it.
func pickupLines(o Order, want []ReturnLine, done map[int]int64) ([]ReturnLine, string) {
	if len(want) == 0 {
		for _, ol := range o.Lines {
			if left := ol.Qty - done[ol.No]; left > 0 {
				want = append(want, ReturnLine{LineNo: ol.No, Qty: left})
			}
		}
		if len(want) == 0 {
			return nil, "everything on the order was already handed over"
		}
		return want, ""
	}
	asked := map[int]int64{}
	for _, w := range want {
		if w.LineNo < 1 || w.LineNo > len(o.Lines) || w.Qty <= 0 {
			return nil, fmt.Sprintf("line %d × %d is not on the order", w.LineNo, w.Qty)
		}
		asked[w.LineNo] += w.Qty
		ol := o.Lines[w.LineNo-1]
		if asked[w.LineNo]+done[w.LineNo] > ol.Qty {
			return nil, fmt.Sprintf("line %d (%s): %d ordered, %d already handed over", w.LineNo, ol.Name, ol.Qty, done[w.LineNo])
		}
	}
	return want, ""
}
