package pos

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// LaneConfig is what a lane knows about itself.
type LaneConfig struct {
	// DeviceID is the lane's device id, unique in the chain.
	DeviceID string
	// Store the lane belongs to.
	Store StoreInfo
	// Access tunes sign-in, lock-out, idle sign-out and the permission
	// matrix; the zero value takes the defaults.
	Access AccessPolicy
	// Drawer opens the cash drawer for cash movements and no-sales; nil for none.
	Drawer CashDrawer
	// ReportPrinter prints X and Z reports; nil leaves printing to the caller.
	ReportPrinter ReceiptPrinter
	// Embedded are the store's rules for price- and weight-embedded
	// barcodes (prefix 2x); none means such codes are looked up as they are.
	Embedded []EmbeddedRule
	// AgeCheck makes every tender refuse (EAGECHECK) while a live
	// age-restricted line is not approved (see Lane.ApproveAge), whoever
	// sells. Without it the rule holds only while the signed-in operator
	// may not check ages (PermAgeCheck): always at a kiosk, never at a
	// staffed lane, where the cashier checks ID as they ring the item.
	AgeCheck bool
}

// BasketView is a copy of the basket for display.
type BasketView struct {
	// Lines in order, voided ones included.
	Lines []Line
	// Totals of the live lines.
	Totals Totals
	// Currency of the amounts.
	Currency Currency
	// Promotions applied to the basket.
	Promotions []AppliedPromotion
	// Coupons entered, and those that unlock nothing now.
	Coupons, UnknownCoupons []string
	// Manual is the manual basket discount, if any.
	Manual *ManualDiscount
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
	// noReceipt: the customer of the open sale wants no printed receipt
	// (see SetNoReceipt); atomic, so the screen may change it while a card
	// payment holds mu.
	noReceipt atomic.Bool
	access    *Access
	till      *Till

	mu     sync.Mutex
	basket *Basket
	// operator is the id of the operator the last sellable check found
	// signed in; sales and events carry it.
	operator string
	broken   error
	// promo is the lane's promotions engine, built from the store's
	// promotions at version promoVer and rebuilt only when they change.
	promo    PromotionEngine
	promoVer int64
}

// NewLane returns a lane selling from store. receipts may be nil (no printer).
// The lane sells only while an operator is signed in (see Access) and a
// shift is open (see Till).
func NewLane(cfg LaneConfig, store Store, clock Clock, receipts *ReceiptQueue, log *slog.Logger) *Lane {
	l := &Lane{cfg: cfg, store: store, clock: clock, hlc: NewHLC(clock), log: log, receipts: receipts}
	l.basket = l.newBasket()
	l.access = NewAccess(cfg.DeviceID, store, clock, l.hlc, cfg.Access, log)
	l.till = NewTill(TillConfig{DeviceID: cfg.DeviceID, Store: cfg.Store, Printer: cfg.ReportPrinter, Drawer: cfg.Drawer}, store, l.access, clock, log)
	return l
}

// Access returns the lane's access control: sign-in, overrides, operators.
func (l *Lane) Access() *Access { return l.access }

// Till returns the lane's till: shifts, cash movements, X and Z reports.
func (l *Lane) Till() *Till { return l.till }

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

// SetOperator signs operator id in without a credential, for a device that
// sells under a fixed identity (a kiosk's kiosk operator). It is journalled
// like a sign-in; failures are logged. Sales carry the operator's id.
//
// Deprecated: staff sign in with Access().SignIn or SignInBadge.
func (l *Lane) SetOperator(id string) {
	if _, err := l.access.signInTrusted(context.Background(), id); err != nil {
		l.log.Error("set operator", "operator", id, "err", err)
	}
}

// Scan looks a scanned or typed code up and adds one unit to the basket.
func (l *Lane) Scan(ctx context.Context, code string) (Line, error) {
	return l.AddByCode(ctx, code, 1)
}

// AddByCode looks code up and adds qty units. A price- or weight-embedded
// barcode (see LaneConfig.Embedded) adds one line at the embedded price or
// weight, whatever qty says. The basket is priced again (promotions,
// discounts, tax) and the line is returned as priced.
func (l *Lane) AddByCode(ctx context.Context, code string, qty int64) (Line, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return Line{}, err
	}
	emb, isEmb, err := ParseEmbedded(code, l.cfg.Embedded)
	if err != nil {
		return Line{}, err
	}
	var keys []string
	if isEmb {
		keys = emb.Keys
	} else if keys, err = LookupKeys(code); err != nil {
		return Line{}, err
	}
	p, err := l.lookup(ctx, keys)
	if err != nil {
		if isEmb && IsNotFound(err) {
			return Line{}, &Error{Code: ENOTFOUND, Message: fmt.Sprintf("no item %s for the %s-embedded code %s", emb.Item, emb.Rule.Kind, code), Err: err}
		}
		return Line{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.addLocked(ctx, func(b *Basket) (Line, error) {
		switch {
		case isEmb && emb.Rule.Kind == EmbeddedWeight:
			return b.AddWeighed(p, code, emb.Grams)
		case isEmb:
			return b.AddPriced(p, code, emb.Price)
		}
		return b.Add(p, code, qty)
	})
}

// AddWeighed looks a code (usually a PLU) up and adds a weighed line of
// grams, as read from the scale.
func (l *Lane) AddWeighed(ctx context.Context, code string, grams int64) (Line, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return Line{}, err
	}
	keys, err := LookupKeys(code)
	if err != nil {
		return Line{}, err
	}
	p, err := l.lookup(ctx, keys)
	if err != nil {
		return Line{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.addLocked(ctx, func(b *Basket) (Line, error) { return b.AddWeighed(p, code, grams) })
}

// lookup finds a product by its keys at the lane's clock (prices valid now).
func (l *Lane) lookup(ctx context.Context, keys []string) (Product, error) {
	if pc, ok := l.store.(PricedCatalog); ok {
		return pc.ProductByCodeAt(ctx, keys, l.clock.Now())
	}
	return l.store.ProductByCode(ctx, keys)
}

// addLocked adds a line with add and prices the basket; on a pricing error
// the line is taken off again. l.mu is held.
func (l *Lane) addLocked(ctx context.Context, add func(*Basket) (Line, error)) (Line, error) {
	ln, err := add(l.basket)
	if err != nil {
		return Line{}, err
	}
	if err := l.priceLocked(ctx); err != nil {
		l.basket.Lines = l.basket.Lines[:len(l.basket.Lines)-1]
		_ = l.priceLocked(ctx)
		return Line{}, err
	}
	return cloneLine(l.basket.Lines[ln.No-1]), nil
}

// priceLocked prices the open basket: promotions from the lane's engine
// (rebuilt first if the store's promotions changed), manual discounts, tax
// policy. l.mu is held.
func (l *Lane) priceLocked(ctx context.Context) error {
	l.refreshPromotions(ctx)
	l.basket.Tax = l.cfg.Store.TaxPolicy()
	if err := l.basket.Reprice(l.promo, l.localNow()); err != nil {
		return fmt.Errorf("price the basket: %w", err)
	}
	return nil
}

// refreshPromotions rebuilds the engine when the store's promotions
// changed. A failure is logged and the previous engine kept: the lane
// keeps selling.
func (l *Lane) refreshPromotions(ctx context.Context) {
	ps, ok := l.store.(PromotionStore)
	if !ok {
		return
	}
	v := ps.PromotionsVersion()
	if v == l.promoVer && v != 0 {
		return
	}
	eng, ver, err := ps.LoadPromotions(ctx, l.cfg.Store.Currency)
	if err != nil {
		l.log.Error("promotions not loaded; pricing with the previous set", "err", err)
		l.promoVer = v
		return
	}
	l.promo, l.promoVer = eng, ver
	if l.promoVer == 0 {
		l.promoVer = -1
	}
}

// localNow is the lane's clock in the store's time zone.
func (l *Lane) localNow() time.Time {
	now := l.clock.Now()
	if loc := l.cfg.Store.Location; loc != nil {
		return now.In(loc)
	}
	return now
}

// newBasket is an empty basket under the store's currency and tax policy.
func (l *Lane) newBasket() *Basket {
	b := NewBasket(l.cfg.Store.Currency)
	b.Tax = l.cfg.Store.TaxPolicy()
	return b
}

// Basket returns a copy of the open basket.
func (l *Lane) Basket() BasketView {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.viewLocked()
}

// viewLocked copies the basket for display; l.mu is held.
func (l *Lane) viewLocked() BasketView {
	b := l.basket
	return BasketView{Lines: cloneLines(b.Lines), Totals: b.Totals(), Currency: b.Currency,
		Promotions: append([]AppliedPromotion(nil), b.Promotions...), Coupons: append([]string(nil), b.Coupons...),
		UnknownCoupons: append([]string(nil), b.UnknownCoupons...), Manual: b.Manual}
}

// cloneLines copies lines deeply enough that the copy shares no slices
// with the basket (whose Discounts arrays are reused by Reprice).
func cloneLines(in []Line) []Line {
	out := append([]Line(nil), in...)
	n := 0
	for i := range out {
		n += len(out[i].Discounts)
	}
	all := make([]LineDiscount, 0, n) // one allocation for every line's discounts
	for i := range out {
		if len(out[i].Discounts) == 0 {
			out[i].Discounts = nil
			continue
		}
		k := len(all)
		all = append(all, out[i].Discounts...)
		out[i].Discounts = all[k:len(all):len(all)]
	}
	return out
}

// cloneLine copies one line as cloneLines does.
func cloneLine(l Line) Line {
	if len(l.Discounts) == 0 {
		l.Discounts = nil
	} else {
		l.Discounts = append([]LineDiscount(nil), l.Discounts...)
	}
	return l
}

// VoidLine voids line no of the open basket. Needs PermVoidLine; see
// VoidLineWith for an override.
func (l *Lane) VoidLine(ctx context.Context, no int) error {
	return l.VoidLineWith(ctx, no, nil)
}

// sellable reports whether the lane may sell: the journal verified,
// somebody signed in (not idled out) and a shift open. It records the
// operator for the sale and its events.
func (l *Lane) sellable() error {
	_, err := l.sellableCtx(context.Background())
	return err
}

// sellableCtx is sellable with a context; it returns the operator.
func (l *Lane) sellableCtx(ctx context.Context) (Operator, error) {
	l.mu.Lock()
	broken := l.broken
	l.mu.Unlock()
	if broken != nil {
		return Operator{}, broken
	}
	op, err := l.access.Active(ctx)
	if err != nil {
		return Operator{}, err
	}
	if _, err := l.till.Current(ctx); err != nil {
		return Operator{}, err
	}
	l.mu.Lock()
	l.operator = op.ID
	l.mu.Unlock()
	return op, nil
}

// PayCash completes the open basket with cash received from the customer.
// The total is rounded to the currency's cash step; the change is returned
// on the sale. The sale, its journal event and its receipt job are written in
// one transaction; the receipt prints afterwards and never blocks the sale.
func (l *Lane) PayCash(ctx context.Context, received Money) (Sale, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return Sale{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.basket.Totals()
	if len(l.basket.LiveLines()) == 0 {
		return Sale{}, Errorf(EEMPTY, "the basket is empty")
	}
	if err := l.refuseIfCardPendingLocked(ctx); err != nil {
		return Sale{}, err
	}
	if err := l.refuseUncheckedAgeLocked(ctx); err != nil {
		return Sale{}, err
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
	l.basket = l.newBasket()
	l.kickDrawer(s.ID)
	return s, nil
}

// kickDrawer opens the cash drawer for a completed cash sale without making
// the cashier wait: a drawer that does not answer is logged, and the sale
// stands.
func (l *Lane) kickDrawer(saleID string) {
	if l.cfg.Drawer == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := l.cfg.Drawer.OpenDrawer(ctx); err != nil {
			l.log.Warn("cash drawer did not open", "sale", saleID, "err", err)
		}
	}()
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
		Currency: l.basket.Currency.Code, Lines: cloneLines(l.basket.Lines),
		Totals: t, Tenders: tenders, Change: change, At: now.UTC(),
		Promotions: promotionsUsed(l.basket), Coupons: l.basket.Coupons, Manual: l.basket.Manual,
		NoReceipt: l.noReceipt.Load(),
	}
	ev, err := l.newEvent(EventSaleCompleted, nil)
	if err != nil {
		return Sale{}, err
	}
	if _, err := l.store.CommitSale(ctx, &s, ev); err != nil {
		return Sale{}, fmt.Errorf("record sale: %w", err)
	}
	l.log.Info("sale completed", "sale", s.ID, "number", s.Number, "total", int64(t.Total), "no_receipt", s.NoReceipt)
	l.noReceipt.Store(false) // the next customer is asked again
	if l.receipts != nil {
		l.receipts.Wake()
	}
	return s, nil
}

// newEvent prepares an unsealed journal event of the lane's operator; the
// store seals it. l.mu is held.
func (l *Lane) newEvent(typ string, payload any) (Event, error) {
	return makeEvent(l.cfg.DeviceID, l.hlc, l.clock, typ, l.operator, payload)
}

// Reprint queues a copy of a sale's receipt. Needs PermReprint; see
// ReprintWith for an override.
func (l *Lane) Reprint(ctx context.Context, saleID string) error {
	return l.ReprintWith(ctx, saleID, nil)
}

// ReprintWith queues a copy of a sale's receipt, journalled as
// receipt.reprinted, allowed by the operator's role or by ov.
func (l *Lane) ReprintWith(ctx context.Context, saleID string, ov *Override) error {
	auth, err := l.access.Authorize(ctx, PermReprint, ov)
	if err != nil {
		return err
	}
	s, err := l.store.SaleByID(ctx, saleID)
	if err != nil {
		return err
	}
	if err := l.access.Record(ctx, auth, EventReceiptReprint, map[string]any{"sale_id": s.ID, "number": s.Number, "override_id": overrideID(auth)}); err != nil {
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
