package pos

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Tender methods besides cash and card.
const (
	// TenderGiftCard pays from a gift card's ledger (Ref is the card number).
	TenderGiftCard = "gift_card"
	// TenderStoreCredit pays from a customer's store credit ledger (Ref is
	// the account).
	TenderStoreCredit = "store_credit"
	// TenderVoucher pays with a single-use voucher (Ref is its code).
	TenderVoucher = "voucher"
)

// Journal event types of ledgers and vouchers.
const (
	// EventLedgerCredited: money put on a gift card or store credit (a
	// debit is journalled by the sale.completed event whose tender spends it).
	EventLedgerCredited = "ledger.credited"
	// EventVoucherIssued: a voucher created at this lane.
	EventVoucherIssued = "voucher.issued"
)

// Ledger kinds.
const (
	LedgerGiftCard    = TenderGiftCard
	LedgerStoreCredit = TenderStoreCredit
)

// TenderRequest is one way the customer pays, as the cashier enters it.
type TenderRequest struct {
	// Method is TenderCash, TenderGiftCard, TenderStoreCredit or TenderVoucher.
	Method string
	// Amount: for cash, what the customer handed over; for a gift card or
	// store credit, how much to take from it (0: as much as is still due
	// and the balance allows). Ignored for a voucher (its face value).
	Amount Money
	// Ref is the gift card number, store credit account or voucher code.
	Ref string
}

// LedgerMovement is one change of a gift card or store credit balance.
type LedgerMovement struct {
	// Kind is LedgerGiftCard or LedgerStoreCredit.
	Kind string `json:"kind"`
	// Account is the card number or customer account.
	Account string `json:"account"`
	// Delta is positive for a credit, negative for a debit.
	Delta Money `json:"delta"`
	// Currency code.
	Currency string `json:"currency"`
	// Reason of a credit ("carga", "devolución"), or "sale".
	Reason string `json:"reason"`
	// Ref is the sale id, for movements made by a sale.
	Ref string `json:"ref,omitempty"`
	// At is when it happened.
	At time.Time `json:"at"`
	// OverrideID of the approval, if one was needed.
	OverrideID string `json:"override_id,omitempty"`
}

// Voucher is a single-use code worth an amount.
type Voucher struct {
	// Code the customer presents.
	Code string `json:"code"`
	// Amount it is worth.
	Amount Money `json:"amount"`
	// Currency code.
	Currency string `json:"currency"`
	// IssuedAt is when it was created.
	IssuedAt time.Time `json:"issued_at"`
	// Reason it was issued.
	Reason string `json:"reason,omitempty"`
	// RedeemedSale is the sale that used it ("" while unused).
	RedeemedSale string `json:"redeemed_sale,omitempty"`
}

// LedgerStore keeps gift card and store credit ledgers and vouchers.
// Implemented by the local store; CommitSale debits ledgers and redeems
// vouchers for the sale's tenders in its transaction, checking balances
// again there.
type LedgerStore interface {
	// LedgerBalance returns an account's balance; ENOTFOUND for an account
	// never credited.
	LedgerBalance(ctx context.Context, kind, account string) (Money, error)
	// CreditLedger records a credit (opening the account if new) and its
	// audit (the override, if any, then the ledger.credited event) in one
	// transaction.
	CreditLedger(ctx context.Context, m LedgerMovement, a Audit) error
	// VoucherByCode returns a voucher; ENOTFOUND if there is none.
	VoucherByCode(ctx context.Context, code string) (Voucher, error)
	// IssueVoucher stores a new voucher and its audit (override, then the
	// voucher.issued event) in one transaction; ECONFLICT if the code exists.
	IssueVoucher(ctx context.Context, v Voucher, a Audit) error
}

func (l *Lane) ledgers() (LedgerStore, error) {
	ls, ok := l.store.(LedgerStore)
	if !ok {
		return nil, Errorf(EINTERNAL, "this lane's store keeps no gift card, store credit or voucher ledgers")
	}
	return ls, nil
}

func validLedgerKind(kind string) error {
	if kind != LedgerGiftCard && kind != LedgerStoreCredit {
		return Errorf(EINVALID, "unknown ledger %q", kind)
	}
	return nil
}

// LedgerBalance returns the balance of a gift card or store credit account.
func (l *Lane) LedgerBalance(ctx context.Context, kind, account string) (Money, error) {
	if err := validLedgerKind(kind); err != nil {
		return 0, err
	}
	ls, err := l.ledgers()
	if err != nil {
		return 0, err
	}
	return ls.LedgerBalance(ctx, kind, strings.TrimSpace(account))
}

// CreditLedger puts amount on a gift card or store credit account (loading
// a card, a refund to store credit). Money given out of the till's sales:
// needs PermRefund or the override ov. Journalled as ledger.credited.
func (l *Lane) CreditLedger(ctx context.Context, kind, account string, amount Money, reason string, ov *Override) (Money, error) {
	if err := validLedgerKind(kind); err != nil {
		return 0, err
	}
	account, reason = strings.TrimSpace(account), strings.TrimSpace(reason)
	if account == "" || reason == "" || amount <= 0 {
		return 0, Errorf(EINVALID, "a credit needs an account, a positive amount and a reason")
	}
	ls, err := l.ledgers()
	if err != nil {
		return 0, err
	}
	auth, err := l.access.Authorize(ctx, PermRefund, ov)
	if err != nil {
		return 0, err
	}
	m := LedgerMovement{Kind: kind, Account: account, Delta: amount, Currency: l.cfg.Store.Currency.Code, Reason: reason,
		At: l.clock.Now().UTC(), OverrideID: overrideID(auth)}
	au, err := l.access.audit(auth, EventLedgerCredited, m)
	if err != nil {
		return 0, err
	}
	if err := ls.CreditLedger(ctx, m, au); err != nil {
		return 0, fmt.Errorf("credit %s %s: %w", kind, account, err)
	}
	return ls.LedgerBalance(ctx, kind, account)
}

// IssueVoucher creates a single-use voucher worth amount (a goodwill
// gesture, a return without receipt). Needs PermRefund or the override ov;
// journalled as voucher.issued.
func (l *Lane) IssueVoucher(ctx context.Context, code string, amount Money, reason string, ov *Override) (Voucher, error) {
	code, reason = strings.ToUpper(strings.TrimSpace(code)), strings.TrimSpace(reason)
	if code == "" || reason == "" || amount <= 0 {
		return Voucher{}, Errorf(EINVALID, "a voucher needs a code, a positive amount and a reason")
	}
	ls, err := l.ledgers()
	if err != nil {
		return Voucher{}, err
	}
	auth, err := l.access.Authorize(ctx, PermRefund, ov)
	if err != nil {
		return Voucher{}, err
	}
	v := Voucher{Code: code, Amount: amount, Currency: l.cfg.Store.Currency.Code, IssuedAt: l.clock.Now().UTC(), Reason: reason}
	au, err := l.access.audit(auth, EventVoucherIssued, v)
	if err != nil {
		return Voucher{}, err
	}
	if err := ls.IssueVoucher(ctx, v, au); err != nil {
		return Voucher{}, fmt.Errorf("issue voucher %s: %w", code, err)
	}
	return v, nil
}

// PayWith completes the open basket with several tenders at once (split
// tender) without a card: see PaySplit.
func (l *Lane) PayWith(ctx context.Context, reqs []TenderRequest) (Sale, error) {
	return l.PaySplit(ctx, nil, reqs)
}

// PaySplit completes the open basket with several tenders at once (split
// tender): gift cards, store credit and vouchers are applied first, in the
// order given, then at most one card, then cash. Change comes only from
// cash; a voucher worth more than what is left is used up (the rest is not
// given back).
//
// A card request with an Amount takes that much and cash covers the rest,
// rounded to the currency's cash step (a card for a part, then cash); a card
// request without one takes whatever the other tenders and the cash handed
// over leave (5,00 on a gift card, 3,00 in cash, the rest on the card). The
// card is always charged last, on cards' terminal, after every other tender
// was checked: the request is recorded with the basket and the other
// tenders before it is sent, and the other tenders are applied only in the
// sale's transaction once the terminal approves — after a crash,
// RecoverCardPayments completes the sale with all of them, exactly once.
// Until the card is resolved its other tenders are held (not spendable
// elsewhere). A declined or cancelled card (ECARDDECLINED, ECARDCANCELLED)
// applies nothing and leaves the basket open: pay again another way.
//
// It fails, leaving the basket open, unless the tenders cover the total:
// EINSUFFICIENT names what is still due. Balances and vouchers are checked
// again in the sale's transaction, which debits them.
func (l *Lane) PaySplit(ctx context.Context, cards *CardPayments, reqs []TenderRequest) (Sale, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return Sale{}, err
	}
	if len(reqs) == 0 {
		return Sale{}, Errorf(EINVALID, "no tender given")
	}
	wantCard := false
	for _, r := range reqs {
		wantCard = wantCard || r.Method == TenderCard
	}
	if wantCard && cards == nil {
		return Sale{}, Errorf(EINVALID, "this lane has no card terminal: pay the card part another way")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if wantCard {
		if s, paid, err := l.settleBeforeCardLocked(ctx, cards); paid || err != nil {
			return s, err
		}
	}
	if len(l.basket.LiveLines()) == 0 {
		return Sale{}, Errorf(EEMPTY, "the basket is empty")
	}
	if err := l.refuseUncheckedAgeLocked(ctx); err != nil {
		return Sale{}, err
	}
	cur := l.basket.Currency
	t := l.basket.Totals()
	plan, err := l.planTenders(ctx, t.Total, reqs)
	if err != nil {
		return Sale{}, err
	}
	if plan.card > 0 {
		s, err := l.payCardLocked(ctx, cards, t, plan.card, plan.tenders, plan.change)
		if err == nil {
			l.log.Info("split tender with card", "sale", s.ID, "tenders", len(s.Tenders), "currency", cur.Code)
		}
		return s, err
	}
	if err := l.refuseIfCardPendingLocked(ctx); err != nil {
		return Sale{}, err
	}
	s, err := l.complete(ctx, t, plan.tenders, plan.change)
	if err != nil {
		return Sale{}, err
	}
	l.basket = l.newBasket()
	if hasCash(plan.tenders) {
		l.kickDrawer(s.ID)
	}
	l.log.Info("split tender", "sale", s.ID, "tenders", len(plan.tenders), "currency", cur.Code)
	return s, nil
}

// tenderPlan is how a split payment will be made: the tenders other than
// the card (in sale order, cash last), the amount to take on the card (0:
// none) and the change.
type tenderPlan struct {
	tenders []Tender
	card    Money
	change  Money
}

// planTenders turns requests into the sale's tenders, the card amount and
// the change. l.mu is held.
func (l *Lane) planTenders(ctx context.Context, total Money, reqs []TenderRequest) (tenderPlan, error) {
	cur := l.basket.Currency
	remaining := total
	var tenders []Tender
	var cash Money
	cashGiven := false
	var card *TenderRequest
	used := map[string]bool{}
	var held map[string]Money
	for _, r := range reqs {
		r.Ref = strings.TrimSpace(r.Ref)
		switch r.Method {
		case TenderCash:
			if r.Amount < 0 {
				return tenderPlan{}, Errorf(EINVALID, "cash received cannot be negative")
			}
			cash += r.Amount
			cashGiven = true
			continue
		case TenderCard:
			if card != nil {
				return tenderPlan{}, Errorf(EINVALID, "one card per sale: pay the rest another way")
			}
			if r.Amount < 0 {
				return tenderPlan{}, Errorf(EINVALID, "a card amount cannot be negative")
			}
			card = &r
			continue
		case TenderGiftCard, TenderStoreCredit, TenderVoucher:
		default:
			return tenderPlan{}, Errorf(EINVALID, "unknown tender %q", r.Method)
		}
		key := r.Method + "/" + strings.ToUpper(r.Ref)
		if r.Ref == "" || used[key] {
			return tenderPlan{}, Errorf(EINVALID, "%s needs a number, once per sale", r.Method)
		}
		used[key] = true
		if remaining <= 0 {
			return tenderPlan{}, Errorf(EINVALID, "the %s is not needed: the total is already covered", r.Method)
		}
		ls, err := l.ledgers()
		if err != nil {
			return tenderPlan{}, err
		}
		if held == nil {
			if held, err = l.heldTenders(ctx); err != nil {
				return tenderPlan{}, err
			}
		}
		var take Money
		if r.Method == TenderVoucher {
			v, err := ls.VoucherByCode(ctx, strings.ToUpper(r.Ref))
			if err != nil {
				return tenderPlan{}, err
			}
			if v.RedeemedSale != "" {
				return tenderPlan{}, Errorf(ECONFLICT, "voucher %s was already used", v.Code)
			}
			if held[holdKey(TenderVoucher, v.Code)] > 0 {
				return tenderPlan{}, Errorf(ECONFLICT, "voucher %s is held by a card payment not yet resolved", v.Code)
			}
			if v.Currency != cur.Code {
				return tenderPlan{}, Errorf(EINVALID, "voucher %s is in %s", v.Code, v.Currency)
			}
			r.Ref, take = v.Code, min(v.Amount, remaining)
		} else {
			bal, err := ls.LedgerBalance(ctx, r.Method, r.Ref)
			if err != nil {
				return tenderPlan{}, err
			}
			bal -= held[holdKey(r.Method, r.Ref)] // held by a card payment not yet resolved
			take = r.Amount
			if take == 0 {
				take = min(bal, remaining)
			}
			switch {
			case take < 0:
				return tenderPlan{}, Errorf(EINVALID, "a %s amount cannot be negative", r.Method)
			case bal <= 0 || take > bal:
				return tenderPlan{}, Errorf(EINSUFFICIENT, "%s %s has %s, not %s", r.Method, r.Ref, cur.Plain(max(bal, 0)), cur.Plain(take))
			case take > remaining:
				return tenderPlan{}, Errorf(EINVALID, "%s of %s is more than the %s still due: only cash gives change",
					r.Method, cur.Plain(take), cur.Plain(remaining))
			}
		}
		tenders = append(tenders, Tender{Method: r.Method, Amount: take, Ref: r.Ref})
		remaining -= take
	}
	var plan tenderPlan
	if card != nil {
		switch {
		case remaining <= 0:
			return tenderPlan{}, Errorf(EINVALID, "the card is not needed: the other tenders cover the total")
		case card.Amount > remaining:
			return tenderPlan{}, Errorf(EINVALID, "card of %s is more than the %s still due: only cash gives change",
				cur.Plain(card.Amount), cur.Plain(remaining))
		case card.Amount > 0:
			plan.card = card.Amount
			remaining -= card.Amount
		default: // the card takes the rest after the cash handed over
			if cash >= remaining {
				return tenderPlan{}, Errorf(EINVALID, "the card is not needed: the cash covers the %s still due", cur.Plain(remaining))
			}
			plan.card = remaining - cash
			if cash > 0 {
				tenders = append(tenders, Tender{Method: TenderCash, Amount: cash, Received: cash})
			}
			plan.tenders = tenders
			return plan, nil
		}
	}
	if remaining == 0 {
		if cash > 0 {
			return tenderPlan{}, Errorf(EINVALID, "no cash is due: the other tenders cover the total")
		}
		plan.tenders = tenders
		return plan, nil
	}
	due := cur.RoundCash(remaining)
	if !cashGiven || cash < due {
		return tenderPlan{}, Errorf(EINSUFFICIENT, "%s still due (cash %s received)", cur.Plain(due), cur.Plain(cash))
	}
	plan.change = cash - due
	plan.tenders = append(tenders, Tender{Method: TenderCash, Amount: due, Received: cash, Change: plan.change})
	return plan, nil
}

// holdKey names a gift card, store credit account or voucher in holds.
func holdKey(method, ref string) string {
	return method + "/" + strings.ToUpper(strings.TrimSpace(ref))
}

// heldTenders sums, per gift card, store credit account and voucher, what
// card payments not yet resolved will spend if the terminal approved them
// (the other tenders of a split payment). l.mu is held.
func (l *Lane) heldTenders(ctx context.Context) (map[string]Money, error) {
	held := map[string]Money{}
	cs, ok := l.store.(CardPaymentStore)
	if !ok {
		return held, nil
	}
	open, err := cs.OpenCardPayments(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range open {
		if p.Kind != CardKindPayment || p.Basket == nil {
			continue
		}
		for _, t := range p.Basket.Tenders {
			switch t.Method {
			case TenderGiftCard, TenderStoreCredit, TenderVoucher:
				held[holdKey(t.Method, t.Ref)] += t.Amount
			}
		}
	}
	return held, nil
}

// RefundTenders chooses how a refund of amount for sale orig goes back, by
// default to the tenders that paid it, in this order: card first (to the
// card it was paid with, by terminal reference), then gift cards and store
// credit (to the same account), vouchers (as a new voucher: Ref empty, the
// lane issues its code), and cash last. refunded are the tenders already
// refunded against orig; no tender gives back more than it paid (a voucher
// refund counts against the sale's vouchers, whatever its new code).
// EINVALID if amount is more than what is left to refund.
func RefundTenders(orig Sale, amount Money, refunded []Tender) ([]Tender, error) {
	if amount <= 0 {
		return nil, Errorf(EINVALID, "a refund is a positive amount")
	}
	left := map[string]Money{}
	key := func(t Tender) string { return t.Method + "\x00" + t.Ref }
	for _, t := range orig.Tenders {
		left[key(t)] += t.Amount
	}
	for _, t := range refunded {
		if t.Method != TenderVoucher {
			left[key(t)] -= t.Amount
			continue
		}
		rest := t.Amount
		for _, o := range orig.Tenders {
			if o.Method == TenderVoucher && rest > 0 {
				d := min(max(left[key(o)], 0), rest)
				left[key(o)] -= d
				rest -= d
			}
		}
	}
	order := []string{TenderCard, TenderGiftCard, TenderStoreCredit, TenderVoucher, TenderCash}
	rank := func(m string) int {
		for i, o := range order {
			if o == m {
				return i
			}
		}
		return len(order) - 1 // unknown methods with cash, last
	}
	var out []Tender
	need := amount
	for r := 0; r < len(order) && need > 0; r++ {
		for _, t := range orig.Tenders {
			if rank(t.Method) != r || need == 0 {
				continue
			}
			k := key(t)
			give := min(left[k], need)
			if give <= 0 {
				continue
			}
			left[k] -= give
			need -= give
			if t.Method == TenderVoucher { // one new voucher for every voucher's part
				if n := len(out); n > 0 && out[n-1].Method == TenderVoucher {
					out[n-1].Amount += give
					continue
				}
				out = append(out, Tender{Method: TenderVoucher, Amount: give})
				continue
			}
			out = append(out, Tender{Method: t.Method, Amount: give, Ref: t.Ref})
		}
	}
	if need > 0 {
		return nil, Errorf(EINVALID, "refund %d is more than the %d left to refund on sale %s", amount, amount-need, orig.ReceiptCode())
	}
	return out, nil
}
