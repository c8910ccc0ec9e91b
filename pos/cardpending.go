package pos

import "context"

// refuseIfCardPendingLocked refuses to take another tender for the open
// basket while a card payment for these very lines is still unresolved: if
// the terminal did in fact approve it, recovery records that sale, and the
// customer would have paid twice for the same goods. The cashier asks the
// terminal again (PayCard, or RecoverCardPayments) first; a payment the
// terminal never took releases the basket. l.mu is held.
func (l *Lane) refuseIfCardPendingLocked(ctx context.Context) error {
	cs, ok := l.store.(CardPaymentStore)
	if !ok {
		return nil
	}
	open, err := cs.OpenCardPayments(ctx)
	if err != nil {
		return err
	}
	for _, p := range open {
		if p.Kind == CardKindPayment && p.Basket != nil && sameLines(p.Basket.Lines, l.basket.Lines) {
			return Errorf(ECARDUNKNOWN, "card payment %s for this basket has not been resolved: ask the terminal again (Card) before taking another tender", p.ID)
		}
	}
	return nil
}
