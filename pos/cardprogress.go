package pos

import "context"

// CardStep is a step of a card payment as the terminal reports it while the
// customer pays, in the lane's own terms (the screens translate it).
type CardStep string

// Card payment steps a terminal may report, in the order they usually come.
const (
	// CardStepPresentCard: the terminal waits for the card (insert, tap or swipe).
	CardStepPresentCard CardStep = "present_card"
	// CardStepEnterPIN: the customer is asked for their PIN.
	CardStepEnterPIN CardStep = "enter_pin"
	// CardStepProcessing: the terminal is asking the bank.
	CardStepProcessing CardStep = "processing"
	// CardStepRemoveCard: the customer should take the card out.
	CardStepRemoveCard CardStep = "remove_card"
	// CardStepApproved, CardStepDeclined and CardStepCancelled: the outcome as
	// the terminal shows it (the lane still records the answer, not this).
	CardStepApproved  CardStep = "approved"
	CardStepDeclined  CardStep = "declined"
	CardStepCancelled CardStep = "cancelled"
	// CardStepOther: a step the lane has no words for.
	CardStepOther CardStep = "other"
)

// CardProgress is one progress report of a payment in progress.
type CardProgress struct {
	// Step is what the terminal is doing.
	Step CardStep
	// TerminalText is the terminal's own wording, in its language; screens
	// show their translation of Step and may show this for CardStepOther.
	TerminalText string
}

type cardProgressKey struct{}

// WithCardProgress returns a context under which a card terminal that can
// report progress (the nexo adapter does) calls report for each step of the
// payment or refund it is taking. report runs on the payment's goroutine
// and must not block; it is a report only: the outcome is still what the
// terminal answers, and recovery never depends on progress.
func WithCardProgress(ctx context.Context, report func(CardProgress)) context.Context {
	return context.WithValue(ctx, cardProgressKey{}, report)
}

// ReportCardProgress hands p to the report function of ctx, if any.
// Terminal adapters call it.
func ReportCardProgress(ctx context.Context, p CardProgress) {
	if f, ok := ctx.Value(cardProgressKey{}).(func(CardProgress)); ok && f != nil {
		f(p)
	}
}
