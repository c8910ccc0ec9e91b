package pos

import (
	"context"
	"strings"
)

// Journal event types of manual discounts, quantity changes and coupons.
const (
	EventLineDiscounted   = "line.discounted"
	EventBasketDiscounted = "basket.discounted"
	EventLineQtyChanged   = "line.qty_changed"
)

type discountEvent struct {
	Line       int            `json:"line,omitempty"`
	SKU        string         `json:"sku,omitempty"`
	Discount   ManualDiscount `json:"discount"`
	Base       Money          `json:"base"`
	Amount     Money          `json:"amount"`
	BP         int            `json:"bp"`
	OverrideID string         `json:"override_id,omitempty"`
}

// discountBP is the size of a manual discount in basis points of base,
// rounded up, as the discount limit reads it.
func discountBP(d ManualDiscount, base Money) int {
	if d.Percent > 0 {
		return d.Percent
	}
	if base <= 0 {
		return 10000
	}
	bp := (int64(min(d.Amount, base))*10000 + int64(base) - 1) / int64(base)
	return int(bp)
}

// DiscountLine gives a manual discount on line no of the open basket (a
// percentage or an amount of what is left of the line after promotions,
// with a reason), replacing any manual discount it had. Up to the policy's
// discount limit any operator may give it; above it needs
// PermDiscountAboveLimit or the override ov. Journalled as line.discounted.
func (l *Lane) DiscountLine(ctx context.Context, no int, d ManualDiscount, ov *Override) (Line, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return Line{}, err
	}
	d.Reason = strings.TrimSpace(d.Reason)
	if err := d.Validate(); err != nil {
		return Line{}, err
	}
	l.mu.Lock()
	if no < 1 || no > len(l.basket.Lines) || l.basket.Lines[no-1].Voided {
		l.mu.Unlock()
		return Line{}, Errorf(ENOTFOUND, "there is no live line %d", no)
	}
	ln := l.basket.Lines[no-1]
	base := ln.Amount // what is left after promotions: manual discounts come after them
	for _, x := range ln.Discounts {
		if x.Kind == DiscountPromotion {
			base -= x.Amount
		}
	}
	l.mu.Unlock()
	if base <= 0 {
		return Line{}, Reasonf(EINVALID, RLineFree, "line %d costs nothing: there is nothing to discount", no)
	}
	bp := discountBP(d, base)
	auth, err := l.access.AuthorizeDiscount(ctx, bp, ov)
	if err != nil {
		return Line{}, err
	}
	d.OverrideID = overrideID(auth)
	l.mu.Lock()
	defer l.mu.Unlock()
	if no > len(l.basket.Lines) || l.basket.Lines[no-1].Voided {
		return Line{}, Errorf(ENOTFOUND, "there is no live line %d", no)
	}
	if err := l.access.Record(ctx, auth, EventLineDiscounted, discountEvent{Line: no, SKU: ln.SKU, Discount: d, Base: base,
		Amount: d.off(base), BP: bp, OverrideID: d.OverrideID}); err != nil {
		return Line{}, err
	}
	l.basket.Lines[no-1].Manual = &d
	if err := l.priceLocked(ctx); err != nil {
		return Line{}, err
	}
	return cloneLine(l.basket.Lines[no-1]), nil
}

// DiscountBasket gives a manual discount on the whole open basket (a
// percentage or an amount of what is left after promotions and line
// discounts, with a reason), split over the lines in proportion so tax per
// rate stays right. It replaces any basket discount given before. Gated
// like DiscountLine; journalled as basket.discounted.
func (l *Lane) DiscountBasket(ctx context.Context, d ManualDiscount, ov *Override) (BasketView, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return BasketView{}, err
	}
	d.Reason = strings.TrimSpace(d.Reason)
	if err := d.Validate(); err != nil {
		return BasketView{}, err
	}
	l.mu.Lock()
	var base Money
	for _, ln := range l.basket.Lines {
		if ln.Voided {
			continue
		}
		base += ln.Amount - ln.Discount
		for _, x := range ln.Discounts {
			if x.Kind == DiscountManualBasket {
				base += x.Amount
			}
		}
	}
	l.mu.Unlock()
	if base <= 0 {
		return BasketView{}, Errorf(EEMPTY, "the basket costs nothing: there is nothing to discount")
	}
	bp := discountBP(d, base)
	auth, err := l.access.AuthorizeDiscount(ctx, bp, ov)
	if err != nil {
		return BasketView{}, err
	}
	d.OverrideID = overrideID(auth)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.access.Record(ctx, auth, EventBasketDiscounted, discountEvent{Discount: d, Base: base, Amount: d.off(base), BP: bp,
		OverrideID: d.OverrideID}); err != nil {
		return BasketView{}, err
	}
	l.basket.Manual = &d
	if err := l.priceLocked(ctx); err != nil {
		return BasketView{}, err
	}
	return l.viewLocked(), nil
}

// SetQuantity changes the quantity of line no of the open basket (not a
// weighed line). Raising it needs nothing; lowering it takes units off the
// sale like a void, so it needs PermVoidLine or the override ov. Journalled
// as line.qty_changed; the basket is priced again.
func (l *Lane) SetQuantity(ctx context.Context, no int, qty int64, ov *Override) (Line, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return Line{}, err
	}
	if qty <= 0 || qty > 9999 {
		return Line{}, Reasonf(EINVALID, RQtyRange, "quantity %d must be between 1 and 9999 (void the line to remove it)", qty)
	}
	l.mu.Lock()
	if no < 1 || no > len(l.basket.Lines) || l.basket.Lines[no-1].Voided {
		l.mu.Unlock()
		return Line{}, Errorf(ENOTFOUND, "there is no live line %d", no)
	}
	ln := l.basket.Lines[no-1]
	l.mu.Unlock()
	if ln.Grams > 0 {
		return Line{}, Reasonf(EINVALID, RLineWeighed, "line %d is weighed: void it and weigh again", no)
	}
	if ln.UnitPrice*Money(ln.Qty) != ln.Amount {
		return Line{}, Reasonf(EINVALID, RLinePriceFixed, "line %d has a price fixed by its barcode: scan it again", no)
	}
	if qty == ln.Qty {
		return cloneLine(ln), nil
	}
	var auth Authorization
	var err error
	if qty < ln.Qty {
		auth, err = l.access.Authorize(ctx, PermVoidLine, ov)
	} else {
		var op Operator
		op, err = l.access.Active(ctx)
		auth = Authorization{Operator: op}
	}
	if err != nil {
		return Line{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := &l.basket.Lines[no-1]
	if cur.Voided || cur.Qty != ln.Qty {
		return Line{}, Errorf(ECONFLICT, "line %d changed meanwhile", no)
	}
	if err := l.access.Record(ctx, auth, EventLineQtyChanged, map[string]any{"line": no, "sku": ln.SKU, "old_qty": ln.Qty, "qty": qty,
		"unit_price": ln.UnitPrice, "override_id": overrideID(auth)}); err != nil {
		return Line{}, err
	}
	cur.Qty, cur.Amount = qty, cur.UnitPrice*Money(qty)
	if err := l.priceLocked(ctx); err != nil {
		return Line{}, err
	}
	return cloneLine(l.basket.Lines[no-1]), nil
}
