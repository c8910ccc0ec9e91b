package pos

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/google/uuid"
)

// LaneConfig is what a lane knows about itself.
type LaneConfig struct {
	// DeviceID is the lane's device id, unique in the chain.
	DeviceID string
	// Store the lane belongs to.
	Store StoreInfo
}

// BasketView is a copy of the basket for display.
type BasketView struct {
	// Lines in order, voided ones included.
	Lines []Line
	// Totals of the live lines.
	Totals Totals
	// Currency of the amounts.
	Currency Currency
}

// Lane is the selling service of one checkout lane: it holds the open
// basket, prices it and completes sales into the local store. It is safe for
// use from several goroutines (the UI and device events).
type Lane struct {
	cfg      LaneConfig
	store    Store
	clock    Clock
	hlc      *HLC
	log      *slog.Logger
	receipts *ReceiptQueue

	mu       sync.Mutex
	basket   *Basket
	operator string
	broken   error
}

// NewLane returns a lane selling from store. receipts may be nil (no printer).
func NewLane(cfg LaneConfig, store Store, clock Clock, receipts *ReceiptQueue, log *slog.Logger) *Lane {
	return &Lane{cfg: cfg, store: store, clock: clock, hlc: NewHLC(clock), log: log, receipts: receipts, basket: NewBasket(cfg.Store.Currency)}
}

// Start verifies the journal and readies the lane. A broken journal is
// returned as an EJOURNAL error and the lane refuses to sell until staff act.
func (l *Lane) Start(ctx context.Context) error {
	n, err := l.store.VerifyJournal(ctx)
	if err != nil {
		l.mu.Lock()
		l.broken = &Error{Code: EJOURNAL, Message: "the journal failed verification: do not sell on this lane, call IT", Err: err}
		l.mu.Unlock()
		return l.broken
	}
	if last, err := l.store.LastEvent(ctx); err == nil {
		l.hlc.Observe(last.HLC)
	}
	l.log.Info("lane ready", "device", l.cfg.DeviceID, "journal_entries", n)
	return nil
}

// Config returns the lane's configuration.
func (l *Lane) Config() LaneConfig { return l.cfg }

// SetOperator records who is signed in; sales carry their id.
func (l *Lane) SetOperator(id string) {
	l.mu.Lock()
	l.operator = id
	l.mu.Unlock()
}

// Scan looks a scanned or typed code up and adds one unit to the basket.
func (l *Lane) Scan(ctx context.Context, code string) (Line, error) {
	return l.AddByCode(ctx, code, 1)
}

// AddByCode looks code up and adds qty units.
func (l *Lane) AddByCode(ctx context.Context, code string, qty int64) (Line, error) {
	if err := l.sellable(); err != nil {
		return Line{}, err
	}
	keys, err := LookupKeys(code)
	if err != nil {
		return Line{}, err
	}
	p, err := l.store.ProductByCode(ctx, keys)
	if err != nil {
		return Line{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.basket.Add(p, code, qty)
}

// Basket returns a copy of the open basket.
func (l *Lane) Basket() BasketView {
	l.mu.Lock()
	defer l.mu.Unlock()
	return BasketView{Lines: append([]Line(nil), l.basket.Lines...), Totals: l.basket.Totals(), Currency: l.basket.Currency}
}

// VoidLine voids line no of the open basket.
func (l *Lane) VoidLine(ctx context.Context, no int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.basket.Void(no)
}

func (l *Lane) sellable() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.broken
}

// PayCash completes the open basket with cash received from the customer.
// The total is rounded to the currency's cash step; the change is returned
// on the sale. The sale, its journal event and its receipt job are written in
// one transaction; the receipt prints afterwards and never blocks the sale.
func (l *Lane) PayCash(ctx context.Context, received Money) (Sale, error) {
	if err := l.sellable(); err != nil {
		return Sale{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.basket.Totals()
	if len(l.basket.LiveLines()) == 0 {
		return Sale{}, Errorf(EEMPTY, "the basket is empty")
	}
	due := l.basket.Currency.RoundCash(t.Total)
	if received < due {
		return Sale{}, Errorf(EINSUFFICIENT, "cash received %s is less than the total %s",
			l.basket.Currency.Plain(received), l.basket.Currency.Plain(due))
	}
	change := received - due
	tender := Tender{Method: TenderCash, Amount: due, Received: received, Change: change}
	s, err := l.complete(ctx, t, []Tender{tender}, change)
	if err != nil {
		return Sale{}, err
	}
	l.basket = NewBasket(l.cfg.Store.Currency)
	return s, nil
}

// complete records the sale; l.mu is held.
func (l *Lane) complete(ctx context.Context, t Totals, tenders []Tender, change Money) (Sale, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Sale{}, fmt.Errorf("sale id: %w", err)
	}
	now := l.clock.Now()
	s := Sale{
		ID: id.String(), StoreID: l.cfg.Store.ID, DeviceID: l.cfg.DeviceID, Operator: l.operator,
		Currency: l.basket.Currency.Code, Lines: append([]Line(nil), l.basket.Lines...),
		Totals: t, Tenders: tenders, Change: change, At: now.UTC(),
	}
	ev, err := l.newEvent(EventSaleCompleted, nil)
	if err != nil {
		return Sale{}, err
	}
	if _, err := l.store.CommitSale(ctx, &s, ev); err != nil {
		return Sale{}, fmt.Errorf("record sale: %w", err)
	}
	l.log.Info("sale completed", "sale", s.ID, "number", s.Number, "total", int64(t.Total))
	if l.receipts != nil {
		l.receipts.Wake()
	}
	return s, nil
}

// newEvent prepares an unsealed journal event; the store seals it.
func (l *Lane) newEvent(typ string, payload any) (Event, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Event{}, fmt.Errorf("event id: %w", err)
	}
	ev := Event{DeviceID: l.cfg.DeviceID, ID: id.String(), Type: typ, HLC: l.hlc.Now(), At: l.clock.Now(), Operator: l.operator}
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			return Event{}, fmt.Errorf("event %s payload: %w", typ, err)
		}
		ev.Payload = b
	}
	return ev, nil
}

// Reprint queues a copy of a sale's receipt.
func (l *Lane) Reprint(ctx context.Context, saleID string) error {
	if _, err := l.store.SaleByID(ctx, saleID); err != nil {
		return err
	}
	if err := l.store.AddReceiptJob(ctx, saleID, true); err != nil {
		return err
	}
	if l.receipts != nil {
		l.receipts.Wake()
	}
	return nil
}

// IsNotFound reports whether err is an ENOTFOUND domain error.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == ENOTFOUND
}
