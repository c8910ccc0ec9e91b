package pos

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Card error codes (see ErrorCode).
const (
	// ECARDDECLINED: the terminal declined the card; the sale is still open.
	ECARDDECLINED = "card_declined"
	// ECARDCANCELLED: cancelled at the terminal or never processed; still open.
	ECARDCANCELLED = "card_cancelled"
	// ECARDUNKNOWN: the terminal has not told whether it took the money;
	// the lane keeps asking and takes no new card payment meanwhile.
	ECARDUNKNOWN = "card_unknown"
)

// Journal event types of card payments.
const (
	EventCardPayment = "card.payment"
	EventCardRefund  = "card.refund"
)

// CardPayConfig tunes how long the service waits for a terminal.
type CardPayConfig struct {
	// PayTimeout bounds a Pay or Refund, customer included; 180 s if zero.
	PayTimeout time.Duration
	// StatusTimeout bounds one status request; 10 s if zero.
	StatusTimeout time.Duration
	// ResolveFor is how long to keep asking the status of a lost request
	// before reporting ECARDUNKNOWN; 2 min if zero.
	ResolveFor time.Duration
	// AbortAfter: a request still in progress this long after its answer was
	// lost is aborted at the terminal; 90 s if zero.
	AbortAfter time.Duration
	// Poll is the pause between status requests; 1 s if zero.
	Poll time.Duration
	// Offline is the store-and-forward policy; the zero value forbids it.
	Offline OfflinePolicy
}

// OfflinePolicy says when a terminal may approve a payment offline (store
// and forward, when it cannot reach the acquirer). Only when the terminal's
// profile supports it and the retailer enables it, and within both limits;
// otherwise every payment is forced online.
type OfflinePolicy struct {
	// Supported: the terminal's profile can store and forward.
	Supported bool
	// Enabled: the retailer allows it.
	Enabled bool
	// MaxPerPayment is the largest amount approved offline.
	MaxPerPayment Money
	// MaxTotal caps the lane's offline approvals not yet reconciled.
	MaxTotal Money
}

func (c *CardPayConfig) defaults() {
	if c.PayTimeout == 0 {
		c.PayTimeout = 180 * time.Second
	}
	if c.StatusTimeout == 0 {
		c.StatusTimeout = 10 * time.Second
	}
	if c.ResolveFor == 0 {
		c.ResolveFor = 2 * time.Minute
	}
	if c.AbortAfter == 0 {
		c.AbortAfter = 90 * time.Second
	}
	if c.Poll == 0 {
		c.Poll = time.Second
	}
}

// CardPayments runs card requests against one terminal so that money is
// never taken twice nor lost: each request is recorded before it is sent,
// and a lost answer is resolved by asking the terminal for the status of
// that very request, never by sending it again nor by refunding blindly.
// The lane (PayCard, RefundCard, RecoverCardPayments) records the outcome.
type CardPayments struct {
	term  CardTerminal
	store CardPaymentStore
	clock Clock
	log   *slog.Logger
	cfg   CardPayConfig

	mu      sync.Mutex
	current *CardRef
}

// NewCardPayments returns the card service of one terminal.
func NewCardPayments(term CardTerminal, store CardPaymentStore, clock Clock, log *slog.Logger, cfg CardPayConfig) *CardPayments {
	cfg.defaults()
	return &CardPayments{term: term, store: store, clock: clock, log: log, cfg: cfg}
}

// Store returns the store the service records in.
func (c *CardPayments) Store() CardPaymentStore { return c.store }

// TerminalID is the terminal's id.
func (c *CardPayments) TerminalID() string { return c.term.TerminalID() }

func (c *CardPayments) newRef(ctx context.Context) (CardRef, error) {
	tid := c.term.TerminalID()
	sid, err := c.store.NextServiceID(ctx, tid)
	if err != nil {
		return CardRef{}, fmt.Errorf("next service id: %w", err)
	}
	return CardRef{TerminalID: tid, ServiceID: sid}, nil
}

// Begin allocates a ServiceID and records the request as in flight. Nothing
// is sent to the terminal before this has been written.
func (c *CardPayments) Begin(ctx context.Context, p CardPayment) (CardPayment, error) {
	if p.Amount <= 0 {
		return CardPayment{}, Errorf(EINVALID, "card amount %d must be positive", p.Amount)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return CardPayment{}, fmt.Errorf("card payment id: %w", err)
	}
	ref, err := c.newRef(ctx)
	if err != nil {
		return CardPayment{}, err
	}
	now := c.clock.Now().UTC()
	p.ID, p.Ref, p.State, p.CreatedAt, p.UpdatedAt = id.String(), ref, CardInFlight, now, now
	if err := c.store.InsertCardPayment(ctx, p); err != nil {
		return CardPayment{}, fmt.Errorf("record card %s in flight: %w", p.Kind, err)
	}
	c.log.Info("card request in flight", "id", p.ID, "kind", p.Kind, "terminal", p.Ref.TerminalID, "service", p.Ref.ServiceID, "amount", int64(p.Amount))
	return p, nil
}

func (c *CardPayments) update(ctx context.Context, p *CardPayment) error {
	p.UpdatedAt = c.clock.Now().UTC()
	if err := c.store.UpdateCardPayment(ctx, *p); err != nil {
		return fmt.Errorf("record card %s %s: %w", p.Kind, p.State, err)
	}
	return nil
}

// Send sends a recorded request to the terminal and returns it approved
// (CardTaken), not taken (CardNotTaken), or, when even its status cannot be
// learnt, still open with an ECARDUNKNOWN error.
func (c *CardPayments) Send(ctx context.Context, p CardPayment) (CardPayment, error) {
	if p.State != CardInFlight {
		return p, Errorf(ECONFLICT, "card request %s is %s, not in flight: resolve it, never resend it", p.ID, p.State)
	}
	cur, err := CurrencyByCode(p.Currency)
	if err != nil {
		return p, err
	}
	req := CardRequest{Ref: p.Ref, TransactionRef: p.TransactionRef, Amount: p.Amount, Currency: cur, Operator: p.Operator, Original: p.Original}
	if p.Kind == CardKindPayment {
		if req.AllowOffline, err = c.offlineAllowed(ctx, p.Amount); err != nil {
			return p, err
		}
	}
	c.mu.Lock()
	c.current = &p.Ref
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.current = nil
		c.mu.Unlock()
	}()
	sctx, cancel := context.WithTimeout(ctx, c.cfg.PayTimeout)
	var res CardResult
	if p.Kind == CardKindRefund {
		res, err = c.term.Refund(sctx, req)
	} else {
		res, err = c.term.Pay(sctx, req)
	}
	cancel()
	switch {
	case err == nil:
		return c.settle(ctx, p, res)
	case errors.Is(err, ErrCardNotSent):
		p.State, p.LastError = CardNotTaken, err.Error()
		p.Result = CardResult{Outcome: CardCancelled, Reason: "the terminal could not be reached"}
		c.log.Warn("card request not sent", "id", p.ID, "err", err)
		return p, c.update(ctx, &p)
	}
	p.State, p.LastError = CardUnknown, err.Error()
	c.log.Warn("no answer from the terminal: asking the status of the request", "id", p.ID, "service", p.Ref.ServiceID, "err", err)
	if uerr := c.update(ctx, &p); uerr != nil {
		return p, uerr
	}
	return c.Resolve(ctx, p)
}

// offlineAllowed applies the offline policy to a payment of amount: the
// sum of offline approvals not yet reconciled plus amount must stay within
// MaxTotal.
func (c *CardPayments) offlineAllowed(ctx context.Context, amount Money) (bool, error) {
	o := c.cfg.Offline
	if !o.Supported || !o.Enabled || amount > o.MaxPerPayment {
		return false, nil
	}
	held, err := c.OfflineOutstanding(ctx)
	if err != nil {
		return false, err
	}
	return held+amount <= o.MaxTotal, nil
}

// OfflineOutstanding sums the payments approved offline and not yet in a
// closed reconciliation period.
func (c *CardPayments) OfflineOutstanding(ctx context.Context) (Money, error) {
	ps, err := c.store.UnclosedCardPayments(ctx, c.term.TerminalID())
	if err != nil {
		return 0, err
	}
	open, err := c.store.OpenCardPayments(ctx)
	if err != nil {
		return 0, err
	}
	var held Money
	for _, p := range append(ps, open...) {
		if p.Kind == CardKindPayment && p.Result.Offline && (p.State == CardRecorded || p.State == CardTaken) {
			held += p.Result.Amount
		}
	}
	return held, nil
}

// settle stores the terminal's answer.
func (c *CardPayments) settle(ctx context.Context, p CardPayment, res CardResult) (CardPayment, error) {
	p.Result, p.LastError = res, ""
	if res.Outcome == CardApproved {
		p.State = CardTaken
		if res.Amount != p.Amount {
			c.log.Warn("terminal approved a different amount", "id", p.ID, "asked", int64(p.Amount), "approved", int64(res.Amount))
		}
	} else {
		p.State = CardNotTaken
	}
	c.log.Info("card request answered", "id", p.ID, "outcome", res.Outcome, "terminal_tx", res.TerminalTxID)
	return p, c.update(ctx, &p)
}

// Resolve asks the terminal what became of a request whose answer was lost
// (or whose lane crashed) until it knows: approved (CardTaken), or not
// taken. A request still running after AbortAfter is aborted, and its status
// asked again. If the terminal cannot tell within ResolveFor the request
// stays open and an ECARDUNKNOWN error is returned; call Resolve again later.
func (c *CardPayments) Resolve(ctx context.Context, p CardPayment) (CardPayment, error) {
	if p.Final() || p.State == CardTaken {
		return p, nil
	}
	start := time.Now()
	deadline := start.Add(c.cfg.ResolveFor)
	aborted := false
	for {
		own, err := c.newRef(ctx)
		if err != nil {
			return p, err
		}
		sctx, cancel := context.WithTimeout(ctx, c.cfg.StatusTimeout)
		st, err := c.term.Status(sctx, own, p.Ref)
		cancel()
		if err == nil {
			switch st.State {
			case CardStatusDone:
				c.log.Info("terminal status: done", "id", p.ID, "outcome", st.Result.Outcome)
				return c.settle(ctx, p, st.Result)
			case CardStatusNotFound:
				c.log.Info("terminal status: never processed", "id", p.ID)
				p.State, p.LastError = CardNotTaken, ""
				p.Result = CardResult{Outcome: CardCancelled, Reason: "the terminal never processed the request"}
				return p, c.update(ctx, &p)
			case CardStatusInProgress:
				if !aborted && time.Since(start) >= c.cfg.AbortAfter {
					aborted = true
					if ref, rerr := c.newRef(ctx); rerr == nil {
						actx, acancel := context.WithTimeout(ctx, c.cfg.StatusTimeout)
						aerr := c.term.Abort(actx, ref, p.Ref)
						acancel()
						c.log.Warn("request still in progress at the terminal: aborted", "id", p.ID, "err", aerr)
					}
				}
			}
		} else {
			p.LastError = err.Error()
			c.log.Warn("terminal status unavailable", "id", p.ID, "err", err)
		}
		if time.Now().After(deadline) {
			if p.State == CardInFlight {
				p.State = CardUnknown
			}
			_ = c.update(ctx, &p)
			return p, &Error{Code: ECARDUNKNOWN, Message: fmt.Sprintf("the terminal has not said whether card %s %s of %d was taken: keep the customer, it will be asked again", p.Kind, p.Ref.ServiceID, p.Amount), Err: errors.New(p.LastError)}
		}
		select {
		case <-ctx.Done():
			return p, ctx.Err()
		case <-time.After(c.cfg.Poll):
		}
	}
}

// Abort asks the terminal to stop the request in progress, if any (the
// cashier's cancel button). The request then ends not taken, or approved if
// the terminal had already approved it.
func (c *CardPayments) Abort(ctx context.Context) error {
	c.mu.Lock()
	cur := c.current
	c.mu.Unlock()
	if cur == nil {
		return Errorf(ENOTFOUND, "no card payment in progress")
	}
	own, err := c.newRef(ctx)
	if err != nil {
		return err
	}
	return c.term.Abort(ctx, own, *cur)
}

// Open returns the requests not yet final.
func (c *CardPayments) Open(ctx context.Context) ([]CardPayment, error) {
	return c.store.OpenCardPayments(ctx)
}

// CardReconciliation compares the terminal's totals with the lane's record.
type CardReconciliation struct {
	// TerminalID and PeriodID (the terminal's reconciliation id).
	TerminalID string
	PeriodID   string
	// Closed reports that the period was closed (end of day).
	Closed bool
	// Terminal totals, as the terminal reports them; Lane totals of the
	// requests the lane recorded in the same period; both per currency.
	Terminal []CardTotals
	Lane     []CardTotals
	// Open requests not yet resolved (they may account for a difference).
	Open []CardPayment
	// Differences in words, empty when Agree.
	Differences []string
	// Agree is true when both sides match and nothing is open.
	Agree bool
}

// Reconcile fetches the terminal's totals for the open period, compares
// them with what the lane recorded, and with close ends the period at both
// (end of day). Closing is refused while a card request is unresolved, so
// that no approval can fall between two periods.
func (c *CardPayments) Reconcile(ctx context.Context, close bool) (CardReconciliation, error) {
	tid := c.term.TerminalID()
	out := CardReconciliation{TerminalID: tid}
	open, err := c.store.OpenCardPayments(ctx)
	if err != nil {
		return out, err
	}
	for _, p := range open {
		if p.Ref.TerminalID == tid {
			out.Open = append(out.Open, p)
		}
	}
	if close && len(out.Open) > 0 {
		return out, Errorf(ECONFLICT, "%d card requests are unresolved: recover them (RecoverCardPayments) before closing the terminal's period", len(out.Open))
	}
	own, err := c.newRef(ctx)
	if err != nil {
		return out, err
	}
	tctx, cancel := context.WithTimeout(ctx, c.cfg.StatusTimeout)
	term, err := c.term.Totals(tctx, own, close)
	cancel()
	if err != nil {
		return out, fmt.Errorf("terminal totals: %w", err)
	}
	for _, t := range term {
		if t.PeriodID != "" {
			out.PeriodID = t.PeriodID
		}
	}
	local, err := c.store.UnclosedCardPayments(ctx, tid)
	if err != nil {
		return out, err
	}
	byCur := map[string]*CardTotals{}
	var ids []string
	for _, p := range local {
		ids = append(ids, p.ID)
		if p.State != CardRecorded {
			continue
		}
		t := byCur[p.Currency]
		if t == nil {
			t = &CardTotals{TerminalID: tid, Currency: p.Currency}
			byCur[p.Currency] = t
		}
		if p.Kind == CardKindRefund {
			t.Refunds++
			t.RefundsAmount += p.Result.Amount
		} else {
			t.Payments++
			t.PaymentsAmount += p.Result.Amount
			if p.Result.Offline {
				t.OfflinePayments++
				t.OfflineAmount += p.Result.Amount
			}
		}
	}
	for _, t := range byCur {
		out.Lane = append(out.Lane, *t)
	}
	sort.Slice(out.Lane, func(i, j int) bool { return out.Lane[i].Currency < out.Lane[j].Currency })
	out.Terminal = term
	seen := map[string]bool{}
	for _, t := range term {
		seen[t.Currency] = true
		l := byCur[t.Currency]
		if l == nil {
			l = &CardTotals{Currency: t.Currency}
		}
		if l.Payments != t.Payments || l.PaymentsAmount != t.PaymentsAmount {
			out.Differences = append(out.Differences, fmt.Sprintf("%s payments: terminal %d for %d, lane %d for %d", t.Currency, t.Payments, t.PaymentsAmount, l.Payments, l.PaymentsAmount))
		}
		if l.Refunds != t.Refunds || l.RefundsAmount != t.RefundsAmount {
			out.Differences = append(out.Differences, fmt.Sprintf("%s refunds: terminal %d for %d, lane %d for %d", t.Currency, t.Refunds, t.RefundsAmount, l.Refunds, l.RefundsAmount))
		}
		if t.Reversals != 0 {
			out.Differences = append(out.Differences, fmt.Sprintf("%s reversals at the terminal: %d for %d", t.Currency, t.Reversals, t.ReversalsAmount))
		}
	}
	for cur, l := range byCur {
		if !seen[cur] && (l.Payments != 0 || l.Refunds != 0) {
			out.Differences = append(out.Differences, fmt.Sprintf("%s: lane recorded %d payments and %d refunds the terminal does not report", cur, l.Payments, l.Refunds))
		}
	}
	if len(out.Open) > 0 {
		out.Differences = append(out.Differences, fmt.Sprintf("%d card requests still unresolved", len(out.Open)))
	}
	out.Agree = len(out.Differences) == 0
	if close {
		out.Closed = true
		if err := c.store.CloseCardPeriod(ctx, tid, out.PeriodID, ids); err != nil {
			return out, err
		}
	}
	c.log.Info("card reconciliation", "terminal", tid, "period", out.PeriodID, "agree", out.Agree, "differences", len(out.Differences))
	return out, nil
}
