package pos

import (
	"context"
	"fmt"
	"strings"
)

type lineEvent struct {
	Line       int    `json:"line"`
	SKU        string `json:"sku"`
	Name       string `json:"name"`
	Qty        int64  `json:"qty"`
	Grams      int64  `json:"grams,omitempty"`
	Amount     Money  `json:"amount"`
	OldPrice   Money  `json:"old_unit_price,omitempty"`
	NewPrice   Money  `json:"new_unit_price,omitempty"`
	Reason     string `json:"reason,omitempty"`
	OverrideID string `json:"override_id,omitempty"`
}

// VoidLineWith voids line no of the open basket, allowed by the operator's
// role or by ov (an override for PermVoidLine). The void is journalled as
// line.voided, with the override.
func (l *Lane) VoidLineWith(ctx context.Context, no int, ov *Override) error {
	if _, err := l.sellableCtx(ctx); err != nil {
		return err
	}
	auth, err := l.access.Authorize(ctx, PermVoidLine, ov)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if no < 1 || no > len(l.basket.Lines) {
		return Errorf(ENOTFOUND, "there is no line %d", no)
	}
	ln := l.basket.Lines[no-1]
	if ln.Voided {
		return Reasonf(ECONFLICT, RLineVoided, "line %d is already voided", no)
	}
	if err := l.access.Record(ctx, auth, EventLineVoided, lineEvent{Line: no, SKU: ln.SKU, Name: ln.Name, Qty: ln.Qty, Grams: ln.Grams,
		Amount: ln.Amount, OverrideID: overrideID(auth)}); err != nil {
		return err
	}
	if err := l.basket.Void(no); err != nil {
		return err
	}
	return l.priceLocked(ctx)
}

// OverridePrice sets the unit price (per kg for weighed lines) of line no of
// the open basket, allowed by PermPriceOverride or by ov. The change is
// journalled as line.price_overridden with the old and new price and why.
func (l *Lane) OverridePrice(ctx context.Context, no int, unitPrice Money, reason string, ov *Override) (Line, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return Line{}, err
	}
	auth, err := l.access.Authorize(ctx, PermPriceOverride, ov)
	if err != nil {
		return Line{}, err
	}
	if unitPrice < 0 {
		return Line{}, Reasonf(EINVALID, RNegativePrice, "a price cannot be negative")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Line{}, Reasonf(EINVALID, RReasonNeeded, "say why the price changes")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if no < 1 || no > len(l.basket.Lines) || l.basket.Lines[no-1].Voided {
		return Line{}, Errorf(ENOTFOUND, "there is no live line %d", no)
	}
	ln := l.basket.Lines[no-1]
	old := ln.UnitPrice
	ln.UnitPrice = unitPrice
	if ln.Grams > 0 {
		ln.Amount = Money((int64(unitPrice)*ln.Grams + 500) / 1000)
	} else {
		ln.Amount = unitPrice * Money(ln.Qty)
	}
	if err := l.access.Record(ctx, auth, EventPriceOverridden, lineEvent{Line: no, SKU: ln.SKU, Name: ln.Name, Qty: ln.Qty, Grams: ln.Grams,
		Amount: ln.Amount, OldPrice: old, NewPrice: unitPrice, Reason: reason, OverrideID: overrideID(auth)}); err != nil {
		return Line{}, err
	}
	l.basket.Lines[no-1] = ln
	if err := l.priceLocked(ctx); err != nil {
		return Line{}, err
	}
	return cloneLine(l.basket.Lines[no-1]), nil
}

// VoidSale abandons the whole open basket, allowed by PermVoidSale or by ov.
// It is journalled as basket.voided with every line and the reason.
func (l *Lane) VoidSale(ctx context.Context, reason string, ov *Override) error {
	if _, err := l.sellableCtx(ctx); err != nil {
		return err
	}
	auth, err := l.access.Authorize(ctx, PermVoidSale, ov)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Reasonf(EINVALID, RReasonNeeded, "say why the sale is voided")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.basket.LiveLines()) == 0 {
		return Errorf(EEMPTY, "the basket is empty")
	}
	t := l.basket.Totals()
	if err := l.access.Record(ctx, auth, EventBasketVoided, map[string]any{"lines": l.basket.Lines, "total": t.Total,
		"reason": reason, "override_id": overrideID(auth)}); err != nil {
		return err
	}
	l.basket = l.newBasket()
	l.noReceipt.Store(false) // that customer's choice goes with their sale
	return nil
}

// ReadyForDemo makes a fresh lane sellable for demos and tests: it seeds the
// DemoOperators if the device has none, signs the demo cashier (1001) in and
// opens a shift with an empty float if none is open.
func (l *Lane) ReadyForDemo(ctx context.Context) error {
	ops, err := l.access.Operators(ctx)
	if err != nil {
		return err
	}
	if len(ops) == 0 {
		if _, err := l.access.SeedDemo(ctx); err != nil {
			return err
		}
	}
	if _, err := l.access.SignIn(ctx, "1001", "1234"); err != nil {
		return fmt.Errorf("demo sign-in: %w", err)
	}
	if _, err := l.till.Current(ctx); ErrorCode(err) == ENOSHIFT {
		if _, err := l.till.Open(ctx, CashCount{}, nil); err != nil {
			return fmt.Errorf("demo shift: %w", err)
		}
	} else if err != nil {
		return err
	}
	return nil
}
