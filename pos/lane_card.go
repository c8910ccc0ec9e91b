package pos

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/google/uuid"
)

// cardEvent is the journal payload of a recorded card payment or refund:
// what the terminal returned, never a card number.
type cardEvent struct {
	ID           string `json:"id"`
	Kind         string `json:"kind"`
	TerminalID   string `json:"terminal_id"`
	ServiceID    string `json:"service_id"`
	SaleID       string `json:"sale_id"`
	Amount       Money  `json:"amount"`
	Currency     string `json:"currency"`
	MaskedPAN    string `json:"masked_pan,omitempty"`
	Brand        string `json:"brand,omitempty"`
	AuthCode     string `json:"auth_code,omitempty"`
	TerminalTxID string `json:"terminal_tx_id"`
	Offline      bool   `json:"offline,omitempty"`
}

// PayCard takes the open basket's total on the card terminal and, once the
// terminal approves, completes the sale with a card tender (the sale, its
// tender and its journal event in one transaction, as PayCash does). The
// payment is recorded as in flight before anything is sent; a lost answer is
// resolved by asking the terminal for its status.
//
// On a decline or cancel the error has code ECARDDECLINED or ECARDCANCELLED
// and the basket stays open. If the terminal cannot say what happened the
// error is ECARDUNKNOWN, the basket stays open, and no new card payment is
// started until that one is resolved (the next PayCard or
// RecoverCardPayments asks again; if it was in fact approved, its sale is
// recorded then and returned instead of charging again).
//
// The lane is locked while the customer pays; cards.Abort cancels. A card
// for part of the total, with other tenders, goes through PaySplit.
func (l *Lane) PayCard(ctx context.Context, cards *CardPayments) (Sale, error) {
	if err := l.sellable(); err != nil {
		return Sale{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if s, paid, err := l.settleBeforeCardLocked(ctx, cards); paid || err != nil {
		return s, err
	}
	if len(l.basket.LiveLines()) == 0 {
		return Sale{}, Errorf(EEMPTY, "the basket is empty")
	}
	if err := l.refuseUncheckedAgeLocked(ctx); err != nil {
		return Sale{}, err
	}
	t := l.basket.Totals()
	return l.payCardLocked(ctx, cards, t, t.Total, nil, 0)
}

// settleBeforeCardLocked resolves the card requests left open before a new
// one starts. paid reports that the basket on the lane was paid by one of
// them: s is its sale and the lane's basket is emptied. l.mu is held.
func (l *Lane) settleBeforeCardLocked(ctx context.Context, cards *CardPayments) (s Sale, paid bool, err error) {
	done, err := l.settleCardsLocked(ctx, cards)
	for _, p := range done {
		if p.Kind == CardKindPayment && p.State == CardRecorded && p.Basket != nil && sameLines(p.Basket.Lines, l.basket.Lines) {
			// The basket on the lane was paid by the request just resolved.
			s, serr := l.store.SaleByID(ctx, p.SaleID)
			if serr != nil {
				return Sale{}, false, serr
			}
			l.basket = l.newBasket()
			return s, true, nil
		}
	}
	return Sale{}, false, err
}

// payCardLocked takes amount on the card for the open basket, whose totals
// are t; others are the split payment's other tenders (already planned, not
// yet applied) and change the cash change. The request is recorded with the
// basket and the other tenders before it is sent; on approval the sale is
// completed with all of them. l.mu is held.
func (l *Lane) payCardLocked(ctx context.Context, cards *CardPayments, t Totals, amount Money, others []Tender, change Money) (Sale, error) {
	b := l.basket
	snap := &CardBasket{Currency: b.Currency, Lines: cloneLines(b.Lines), Totals: t,
		Coupons: append([]string(nil), b.Coupons...), UnknownCoupons: append([]string(nil), b.UnknownCoupons...),
		Manual: b.Manual, Promotions: append([]AppliedPromotion(nil), b.Promotions...),
		Tenders: append([]Tender(nil), others...), Change: change}
	bid, err := uuid.NewV7()
	if err != nil {
		return Sale{}, fmt.Errorf("basket id: %w", err)
	}
	p, err := cards.Begin(ctx, CardPayment{Kind: CardKindPayment, TransactionRef: bid.String(), Amount: amount,
		Currency: b.Currency.Code, Basket: snap, Operator: l.operator})
	if err != nil {
		return Sale{}, err
	}
	p, err = cards.Send(ctx, p)
	switch {
	case p.State == CardTaken:
		s, rerr := l.recordCardLocked(ctx, cards, p)
		if rerr != nil {
			return Sale{}, rerr
		}
		l.basket = l.newBasket()
		if hasCash(s.Tenders) {
			l.kickDrawer(s.ID)
		}
		return s, nil
	case p.State == CardNotTaken:
		return Sale{}, notTakenError(p)
	case err != nil:
		return Sale{}, err
	}
	return Sale{}, Errorf(ECARDUNKNOWN, "card payment %s is %s", p.ID, p.State)
}

func hasCash(ts []Tender) bool {
	for _, t := range ts {
		if t.Method == TenderCash {
			return true
		}
	}
	return false
}

// RefundCard gives amount of a card sale back to the card it was paid with.
// The refund is recorded as in flight before it is sent and resolved like a
// payment; once approved it is journalled as a card.refund event. A declined
// or cancelled refund leaves nothing refunded.
//
// It needs PermRefund, from the operator's role or the override ov.
func (l *Lane) RefundCard(ctx context.Context, cards *CardPayments, saleID string, amount Money, ov *Override) (CardPayment, error) {
	if err := l.sellable(); err != nil {
		return CardPayment{}, err
	}
	auth, err := l.access.Authorize(ctx, PermRefund, ov)
	if err != nil {
		return CardPayment{}, err
	}
	if auth.Override != nil {
		l.log.Info("card refund by override", "override", auth.Override.ID, "sale", saleID)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.settleCardsLocked(ctx, cards); err != nil {
		return CardPayment{}, err
	}
	s, err := l.store.SaleByID(ctx, saleID)
	if err != nil {
		return CardPayment{}, err
	}
	var paid Money
	var orig *CardOriginal
	for _, t := range s.Tenders {
		if t.Method == TenderCard && t.Ref != "" {
			paid += t.Amount
			if orig == nil {
				orig = &CardOriginal{TerminalTxID: t.Ref}
			}
		}
	}
	if orig == nil {
		return CardPayment{}, Errorf(EINVALID, "sale %s was not paid by card", s.ReceiptCode())
	}
	prior, err := cards.store.CardPaymentsOfSale(ctx, saleID)
	if err != nil {
		return CardPayment{}, err
	}
	var refunded Money
	for _, p := range prior {
		switch {
		case p.Kind == CardKindPayment && p.Result.TerminalTxID == orig.TerminalTxID:
			orig.TerminalTxTime = p.Result.TerminalTxTime
		case p.Kind == CardKindRefund && (p.State == CardRecorded || p.State == CardTaken):
			refunded += p.Result.Amount
		}
	}
	if amount <= 0 || amount > paid-refunded {
		return CardPayment{}, Errorf(EINVALID, "refund %d must be between 1 and the %d paid by card and not yet refunded", amount, paid-refunded)
	}
	p, err := cards.Begin(ctx, CardPayment{Kind: CardKindRefund, TransactionRef: saleID, SaleID: saleID, Amount: amount,
		Currency: s.Currency, Original: orig, Operator: l.operator})
	if err != nil {
		return CardPayment{}, err
	}
	p, err = cards.Send(ctx, p)
	switch {
	case p.State == CardTaken:
		return l.recordRefundLocked(ctx, cards, p)
	case p.State == CardNotTaken:
		return p, notTakenError(p)
	case err != nil:
		return p, err
	}
	return p, Errorf(ECARDUNKNOWN, "card refund %s is %s", p.ID, p.State)
}

// RecoverCardPayments resolves every card request left open, by a crash or a
// lost answer, by asking the terminal for its status: an approved payment is
// recorded on its sale (from the basket saved with the request), an approved
// refund is journalled, and a payment not taken puts its basket back on the
// lane (if the lane's basket is empty) so the sale is still open. Call it
// after Start. Requests the terminal cannot yet tell about stay open and
// are returned with an ECARDUNKNOWN error.
// It needs no operator signed in: money already taken is recorded first.
func (l *Lane) RecoverCardPayments(ctx context.Context, cards *CardPayments) ([]CardPayment, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.broken != nil {
		return nil, l.broken
	}
	return l.settleCardsLocked(ctx, cards)
}

// settleCardsLocked resolves the open requests; l.mu is held.
func (l *Lane) settleCardsLocked(ctx context.Context, cards *CardPayments) ([]CardPayment, error) {
	open, err := cards.store.OpenCardPayments(ctx)
	if err != nil {
		return nil, err
	}
	var out []CardPayment
	var errs []error
	for _, p := range open {
		if p.Ref.TerminalID != cards.TerminalID() {
			continue
		}
		p, err := cards.Resolve(ctx, p)
		if err != nil {
			errs = append(errs, err)
			out = append(out, p)
			continue
		}
		switch {
		case p.State == CardTaken && p.Kind == CardKindPayment:
			if _, err := l.recordCardLocked(ctx, cards, p); err != nil {
				errs = append(errs, err)
				continue
			}
			p, _ = cards.store.CardPaymentByID(ctx, p.ID)
		case p.State == CardTaken && p.Kind == CardKindRefund:
			if p, err = l.recordRefundLocked(ctx, cards, p); err != nil {
				errs = append(errs, err)
				continue
			}
		case p.State == CardNotTaken && p.Kind == CardKindPayment && p.Basket != nil && len(l.basket.Lines) == 0:
			// Coupons and manual discounts come back with the lines; the
			// split's other tenders were never applied (their hold ends with
			// the request), so the cashier takes the payment again.
			l.basket = p.Basket.basketOf(l.cfg.Store.TaxPolicy())
			if err := l.priceLocked(ctx); err != nil {
				l.log.Error("basket back on the lane but not priced again", "payment", p.ID, "err", err)
			}
			l.log.Info("card payment not taken: basket back on the lane", "payment", p.ID, "other_tenders", len(p.Basket.Tenders))
		}
		l.log.Info("card request resolved", "id", p.ID, "kind", p.Kind, "state", p.State)
		out = append(out, p)
	}
	if len(errs) > 0 {
		return out, &Error{Code: ECARDUNKNOWN, Message: "a card request is still unresolved: no new card payment until the terminal answers", Err: errors.Join(errs...)}
	}
	return out, nil
}

// recordCardLocked puts an approved payment on its sale exactly once: if a
// sale already carries the terminal transaction (a crash after the sale was
// written) it only marks the payment recorded. l.mu is held.
func (l *Lane) recordCardLocked(ctx context.Context, cards *CardPayments, p CardPayment) (Sale, error) {
	if p.Basket == nil {
		return Sale{}, Errorf(EINTERNAL, "card payment %s has no basket", p.ID)
	}
	// A payment recovered after a crash is the sale of whoever rang it.
	if p.Operator != "" && p.Operator != l.operator {
		saved := l.operator
		l.operator = p.Operator
		defer func() { l.operator = saved }()
	}
	var s Sale
	id, err := cards.store.SaleIDByCardTx(ctx, p.Result.TerminalTxID)
	switch {
	case err == nil:
		if s, err = l.store.SaleByID(ctx, id); err != nil {
			return Sale{}, err
		}
	case IsNotFound(err):
		saved := l.basket
		l.basket = p.Basket.basketOf(l.cfg.Store.TaxPolicy())
		card := Tender{Method: TenderCard, Amount: p.Result.Amount, Ref: p.Result.TerminalTxID, Offline: p.Result.Offline}
		s, err = l.complete(ctx, p.Basket.Totals, withCard(p.Basket.Tenders, card), p.Basket.Change)
		l.basket = saved
		if err != nil {
			return Sale{}, fmt.Errorf("card payment %s approved but not yet recorded (it will be on recovery): %w", p.ID, err)
		}
	default:
		return Sale{}, err
	}
	p.SaleID, p.State = s.ID, CardRecorded
	if _, err := l.journalCard(ctx, cards, p, EventCardPayment); err != nil {
		return Sale{}, fmt.Errorf("card payment %s on sale %s: %w", p.ID, s.ID, err)
	}
	return s, nil
}

// withCard puts the card tender among a split payment's other tenders:
// after gift cards, store credit and vouchers, before cash.
func withCard(others []Tender, card Tender) []Tender {
	out := make([]Tender, 0, len(others)+1)
	i := 0
	for i < len(others) && others[i].Method != TenderCash {
		out = append(out, others[i])
		i++
	}
	out = append(out, card)
	return append(out, others[i:]...)
}

// recordRefundLocked journals an approved refund and marks it recorded.
func (l *Lane) recordRefundLocked(ctx context.Context, cards *CardPayments, p CardPayment) (CardPayment, error) {
	p.State = CardRecorded
	if _, err := l.journalCard(ctx, cards, p, EventCardRefund); err != nil {
		return p, fmt.Errorf("card refund %s: %w", p.ID, err)
	}
	return p, nil
}

func (l *Lane) journalCard(ctx context.Context, cards *CardPayments, p CardPayment, typ string) (Event, error) {
	ev, err := l.newEvent(typ, cardEvent{ID: p.ID, Kind: p.Kind, TerminalID: p.Ref.TerminalID, ServiceID: p.Ref.ServiceID,
		SaleID: p.SaleID, Amount: p.Result.Amount, Currency: p.Currency, MaskedPAN: p.Result.MaskedPAN, Brand: p.Result.Brand,
		AuthCode: p.Result.AuthCode, TerminalTxID: p.Result.TerminalTxID, Offline: p.Result.Offline})
	if err != nil {
		return Event{}, err
	}
	p.UpdatedAt = l.clock.Now().UTC()
	return cards.store.RecordCardPayment(ctx, p, ev)
}

func notTakenError(p CardPayment) error {
	code, what := ECARDCANCELLED, "cancelled"
	if p.Result.Outcome == CardDeclined {
		code, what = ECARDDECLINED, "declined"
	}
	msg := fmt.Sprintf("card %s %s", p.Kind, what)
	if p.Result.Reason != "" {
		msg += ": " + p.Result.Reason
	}
	return Errorf(code, "%s", msg)
}

func sameLines(a, b []Line) bool {
	if len(a) == 0 || len(a) != len(b) {
		return false
	}
	if reflect.DeepEqual(a, b) {
		return true
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
