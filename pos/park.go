package pos

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Journal event types of parked baskets.
const (
	EventBasketParked  = "basket.parked"
	EventBasketResumed = "basket.resumed"
)

// ParkedBasket is a basket put aside (suspended) to be resumed later, at
// this lane, after a restart if need be. Lines keep the prices they were
// rung at; promotions are worked out again when it is resumed.
type ParkedBasket struct {
	// ID is the parked basket's UUIDv7.
	ID string `json:"id"`
	// ParkedAt is when it was parked.
	ParkedAt time.Time `json:"parked_at"`
	// Operator who parked it.
	Operator string `json:"operator"`
	// Label helps find it ("señora del abrigo rojo").
	Label string `json:"label,omitempty"`
	// Currency code of the basket.
	Currency string `json:"currency"`
	// Total when parked.
	Total Money `json:"total"`
	// Items counted when parked.
	Items int64 `json:"items"`
	// Lines as rung, voided ones included.
	Lines []Line `json:"lines"`
	// Coupons entered.
	Coupons []string `json:"coupons,omitempty"`
	// Manual basket discount, if any.
	Manual *ManualDiscount `json:"manual,omitempty"`
}

// ParkStore keeps parked baskets. Implemented by the local store.
type ParkStore interface {
	// ParkBasket stores p and journals ev (basket.parked) in one transaction.
	ParkBasket(ctx context.Context, p ParkedBasket, ev Event) (Event, error)
	// ResumeBasket takes parked basket id out of the parked list and
	// journals ev (basket.resumed) in one transaction. ENOTFOUND if it is not
	// parked (unknown or already resumed).
	ResumeBasket(ctx context.Context, id string, ev Event) (ParkedBasket, error)
	// ParkedBaskets lists the baskets still parked, oldest first.
	ParkedBaskets(ctx context.Context) ([]ParkedBasket, error)
}

func (l *Lane) parkStore() (ParkStore, error) {
	ps, ok := l.store.(ParkStore)
	if !ok {
		return nil, Errorf(EINTERNAL, "this lane's store cannot park baskets")
	}
	return ps, nil
}

// Park puts the open basket aside under a label and leaves the lane with an
// empty basket. The parked basket is stored and journalled (basket.parked)
// in one transaction, so it survives a restart.
func (l *Lane) Park(ctx context.Context, label string) (ParkedBasket, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return ParkedBasket{}, err
	}
	ps, err := l.parkStore()
	if err != nil {
		return ParkedBasket{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.basket.LiveLines()) == 0 {
		return ParkedBasket{}, Errorf(EEMPTY, "the basket is empty: nothing to park")
	}
	id, err := uuid.NewV7()
	if err != nil {
		return ParkedBasket{}, fmt.Errorf("parked basket id: %w", err)
	}
	t := l.basket.Totals()
	p := ParkedBasket{ID: id.String(), ParkedAt: l.clock.Now().UTC(), Operator: l.operator, Label: strings.TrimSpace(label),
		Currency: l.basket.Currency.Code, Total: t.Total, Items: t.Items, Lines: cloneLines(l.basket.Lines),
		Coupons: append([]string(nil), l.basket.Coupons...), Manual: l.basket.Manual}
	ev, err := l.newEvent(EventBasketParked, p)
	if err != nil {
		return ParkedBasket{}, err
	}
	if _, err := ps.ParkBasket(ctx, p, ev); err != nil {
		return ParkedBasket{}, fmt.Errorf("park basket: %w", err)
	}
	l.basket = l.newBasket()
	l.noReceipt.Store(false) // the next customer is asked afresh
	l.log.Info("basket parked", "id", p.ID, "total", int64(p.Total), "lines", len(p.Lines))
	return p, nil
}

// ParkedBaskets lists the baskets parked at this lane, oldest first.
func (l *Lane) ParkedBaskets(ctx context.Context) ([]ParkedBasket, error) {
	ps, err := l.parkStore()
	if err != nil {
		return nil, err
	}
	return ps.ParkedBaskets(ctx)
}

// Resume puts parked basket id back on the lane. The lane's basket must be
// empty (park it first). It is journalled (basket.resumed) as it leaves the
// parked list; the basket is priced again with the promotions in force now.
func (l *Lane) Resume(ctx context.Context, id string) (BasketView, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return BasketView{}, err
	}
	ps, err := l.parkStore()
	if err != nil {
		return BasketView{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.basket.LiveLines()) > 0 {
		return BasketView{}, Reasonf(ECONFLICT, RBasketNotEmpty, "the basket is not empty: park or finish it before resuming another")
	}
	ev, err := l.newEvent(EventBasketResumed, map[string]string{"id": id})
	if err != nil {
		return BasketView{}, err
	}
	p, err := ps.ResumeBasket(ctx, id, ev)
	if err != nil {
		return BasketView{}, err
	}
	if p.Currency != l.cfg.Store.Currency.Code {
		l.log.Warn("resumed basket in another currency", "id", id, "currency", p.Currency)
	}
	b := l.newBasket()
	b.Lines, b.Coupons, b.Manual = p.Lines, p.Coupons, p.Manual
	l.basket = b
	if err := l.priceLocked(ctx); err != nil {
		return l.viewLocked(), err
	}
	l.log.Info("basket resumed", "id", id)
	return l.viewLocked(), nil
}
