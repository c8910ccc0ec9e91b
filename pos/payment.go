package pos

import (
	"context"
	"errors"
	"time"
)

// Card outcomes a terminal reports.
const (
	CardApproved  = "approved"
	CardDeclined  = "declined"
	CardCancelled = "cancelled"
)

// Card status states (what a terminal says of a past request).
const (
	// CardStatusDone: the request was processed; Result says how.
	CardStatusDone = "done"
	// CardStatusInProgress: the terminal is still working on it.
	CardStatusInProgress = "in_progress"
	// CardStatusNotFound: the terminal never processed it.
	CardStatusNotFound = "not_found"
)

// ErrCardNotSent marks a port error that proves the terminal never received
// the request (it could not be reached). Any other error from Pay or Refund
// means the outcome is unknown and must be asked with Status.
var ErrCardNotSent = errors.New("card request not sent to the terminal")

// CardRef names one request (message pair) at one terminal. ServiceIDs are
// unique per terminal; the service allocates them from a persisted counter.
type CardRef struct {
	// TerminalID is the terminal's id (nexo POIID).
	TerminalID string `json:"terminal_id"`
	// ServiceID is the request's id at that terminal.
	ServiceID string `json:"service_id"`
}

// CardOriginal references an approved terminal transaction (for refunds).
type CardOriginal struct {
	// TerminalTxID is the terminal's transaction id.
	TerminalTxID string `json:"terminal_tx_id"`
	// TerminalTxTime is the terminal's time stamp of it, as the terminal sent it.
	TerminalTxTime string `json:"terminal_tx_time,omitempty"`
}

// CardRequest asks a terminal to take or refund an amount.
type CardRequest struct {
	// Ref is this request's id.
	Ref CardRef
	// TransactionRef is the lane's reference (the basket or refunded sale).
	TransactionRef string
	// Amount in minor units of Currency.
	Amount   Money
	Currency Currency
	// Operator is the cashier.
	Operator string
	// Original is the payment a refund refers to, if any.
	Original *CardOriginal
	// AllowOffline lets the terminal approve without reaching the acquirer
	// (store and forward); false forces online authorisation.
	AllowOffline bool
}

// CardResult is everything Omnilane keeps of a card transaction: only what
// the terminal returns, never a card number.
type CardResult struct {
	// Outcome is CardApproved, CardDeclined or CardCancelled.
	Outcome string `json:"outcome"`
	// Amount approved (0 unless approved).
	Amount Money `json:"amount"`
	// Currency code of Amount.
	Currency string `json:"currency,omitempty"`
	// MaskedPAN as printed by the terminal, e.g. 411111******1111.
	MaskedPAN string `json:"masked_pan,omitempty"`
	// Brand, e.g. VISA.
	Brand string `json:"brand,omitempty"`
	// AuthCode is the issuer's approval code.
	AuthCode string `json:"auth_code,omitempty"`
	// TerminalTxID and TerminalTxTime identify the transaction at the terminal.
	TerminalTxID   string `json:"terminal_tx_id,omitempty"`
	TerminalTxTime string `json:"terminal_tx_time,omitempty"`
	// Offline marks a store-and-forward approval.
	Offline bool `json:"offline,omitempty"`
	// Reason is the terminal's reason for a decline or cancel.
	Reason string `json:"reason,omitempty"`
	// MerchantReceipt and CustomerReceipt are the terminal's receipt lines.
	MerchantReceipt []string `json:"merchant_receipt,omitempty"`
	CustomerReceipt []string `json:"customer_receipt,omitempty"`
}

// CardStatus is what a terminal says of a past request.
type CardStatus struct {
	// State is CardStatusDone, CardStatusInProgress or CardStatusNotFound.
	State string
	// Result of a done request.
	Result CardResult
}

// CardTotals are a terminal's (or the lane's) card totals for a period.
type CardTotals struct {
	// TerminalID the totals are for.
	TerminalID string `json:"terminal_id"`
	// PeriodID is the terminal's reconciliation id, if any.
	PeriodID string `json:"period_id,omitempty"`
	// Currency of the amounts.
	Currency string `json:"currency"`
	// Payments, Refunds and Reversals approved: count and amount.
	Payments        int64 `json:"payments"`
	PaymentsAmount  Money `json:"payments_amount"`
	Refunds         int64 `json:"refunds"`
	RefundsAmount   Money `json:"refunds_amount"`
	Reversals       int64 `json:"reversals"`
	ReversalsAmount Money `json:"reversals_amount"`
	// OfflinePayments of the above were approved offline (lane side only).
	OfflinePayments int64 `json:"offline_payments,omitempty"`
	OfflineAmount   Money `json:"offline_amount,omitempty"`
}

// Net is payments minus refunds and reversals.
func (t CardTotals) Net() Money { return t.PaymentsAmount - t.RefundsAmount - t.ReversalsAmount }

// CardTerminal is the payment port: a semi-integrated card terminal. cmd
// adapts a driver (e.g. devices/terminal/nexo) to it. Every request carries
// its own ServiceID in own/Ref.
type CardTerminal interface {
	// TerminalID is the terminal's id (nexo POIID).
	TerminalID() string
	// Pay takes an amount. A result means the terminal answered; an error
	// wrapping ErrCardNotSent means it never got the request; any other
	// error means the outcome is unknown.
	Pay(ctx context.Context, req CardRequest) (CardResult, error)
	// Refund gives an amount back to a card; errors as for Pay.
	Refund(ctx context.Context, req CardRequest) (CardResult, error)
	// Abort asks the terminal to stop the request target, in progress.
	Abort(ctx context.Context, own, target CardRef) error
	// Status asks what became of the request target.
	Status(ctx context.Context, own, target CardRef) (CardStatus, error)
	// Totals returns the terminal's totals of the open period, per
	// currency; close ends the period (end of day).
	Totals(ctx context.Context, own CardRef, close bool) ([]CardTotals, error)
}

// Card payment kinds.
const (
	CardKindPayment = "payment"
	CardKindRefund  = "refund"
)

// Card payment states at the lane.
const (
	// CardInFlight: recorded before sending; the terminal may or may not have it.
	CardInFlight = "in_flight"
	// CardUnknown: sent, no answer, the terminal could not yet tell its status.
	CardUnknown = "unknown"
	// CardTaken: the terminal approved; not yet on a sale (or journalled, for a refund).
	CardTaken = "approved"
	// CardRecorded: final, approved and recorded on the sale or journal.
	CardRecorded = "recorded"
	// CardNotTaken: final, the terminal declined, was cancelled, or never processed it.
	CardNotTaken = "not_taken"
)

// CardPayment is one card request as the lane keeps it, from before it is
// sent until it is recorded or known not taken.
type CardPayment struct {
	// ID is the lane's UUIDv7 for the request.
	ID string `json:"id"`
	// Kind is CardKindPayment or CardKindRefund.
	Kind string `json:"kind"`
	// Ref is the terminal and ServiceID.
	Ref CardRef `json:"ref"`
	// TransactionRef is the basket id (payment) or the refunded sale's id.
	TransactionRef string `json:"transaction_ref"`
	// SaleID is the sale a payment was recorded on, or the refunded sale.
	SaleID string `json:"sale_id,omitempty"`
	// Amount requested and Currency.
	Amount   Money  `json:"amount"`
	Currency string `json:"currency"`
	// State is one of the Card* states.
	State string `json:"state"`
	// Result is what the terminal returned, once known.
	Result CardResult `json:"result"`
	// Original is the payment a refund refers to.
	Original *CardOriginal `json:"original,omitempty"`
	// Basket is the basket a payment pays for, kept so a crash cannot lose it.
	Basket *CardBasket `json:"basket,omitempty"`
	// Operator who started it.
	Operator string `json:"operator,omitempty"`
	// LastError is the last failure talking to the terminal.
	LastError string `json:"last_error,omitempty"`
	// CreatedAt and UpdatedAt are wall times.
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Final reports a state nothing more will happen to.
func (p CardPayment) Final() bool { return p.State == CardRecorded || p.State == CardNotTaken }

// CardBasket is the snapshot of the basket a card payment pays for, and of
// the other tenders of a split payment, so that a crash while the terminal
// works loses nothing: recovery completes the sale with all of them, or puts
// the basket back on the lane.
type CardBasket struct {
	// Currency of the basket.
	Currency Currency `json:"currency"`
	// Lines as rung up.
	Lines []Line `json:"lines"`
	// Totals at the time of payment.
	Totals Totals `json:"totals"`
	// Coupons entered and those that unlocked nothing.
	Coupons        []string `json:"coupons,omitempty"`
	UnknownCoupons []string `json:"unknown_coupons,omitempty"`
	// Manual is the manual basket discount, if any.
	Manual *ManualDiscount `json:"manual,omitempty"`
	// Promotions applied when the payment started.
	Promotions []AppliedPromotion `json:"promotions,omitempty"`
	// Tenders are the split payment's other tenders (gift cards, store
	// credit, vouchers, then cash), not yet applied: they are debited,
	// redeemed and recorded with the card in the sale's transaction once the
	// terminal approves, and never if it does not. While the request is open
	// they are held: the lane refuses to spend them elsewhere.
	Tenders []Tender `json:"tenders,omitempty"`
	// Change given from the cash tender.
	Change Money `json:"change,omitempty"`
}

// basketOf restores the snapshot as a basket (lines, coupons, manual
// discount and the promotions it was priced with).
func (b *CardBasket) basketOf(tax TaxPolicy) *Basket {
	return &Basket{Currency: b.Currency, Lines: cloneLines(b.Lines), Tax: tax,
		Coupons: append([]string(nil), b.Coupons...), UnknownCoupons: append([]string(nil), b.UnknownCoupons...),
		Manual: b.Manual, Promotions: append([]AppliedPromotion(nil), b.Promotions...)}
}

// CardPaymentStore keeps card requests durably. Implemented by the local store.
type CardPaymentStore interface {
	// NextServiceID returns the next ServiceID of a terminal from a
	// persisted counter (unique per terminal, at most 10 characters).
	NextServiceID(ctx context.Context, terminalID string) (string, error)
	// InsertCardPayment records a new request (state CardInFlight).
	InsertCardPayment(ctx context.Context, p CardPayment) error
	// UpdateCardPayment stores p's state, result and error.
	UpdateCardPayment(ctx context.Context, p CardPayment) error
	// CardPaymentByID returns one request.
	CardPaymentByID(ctx context.Context, id string) (CardPayment, error)
	// OpenCardPayments returns the requests not yet final, oldest first.
	OpenCardPayments(ctx context.Context) ([]CardPayment, error)
	// CardPaymentsOfSale returns the requests whose SaleID or TransactionRef is saleID.
	CardPaymentsOfSale(ctx context.Context, saleID string) ([]CardPayment, error)
	// SaleIDByCardTx returns the sale with a card tender whose ref is the
	// terminal transaction id, or ENOTFOUND.
	SaleIDByCardTx(ctx context.Context, terminalTxID string) (string, error)
	// RecordCardPayment marks p recorded and appends ev (its journal
	// event) in one transaction.
	RecordCardPayment(ctx context.Context, p CardPayment, ev Event) (Event, error)
	// UnclosedCardPayments returns the final requests of a terminal not yet
	// in a closed period.
	UnclosedCardPayments(ctx context.Context, terminalID string) ([]CardPayment, error)
	// CloseCardPeriod marks those requests closed under the terminal's period id.
	CloseCardPeriod(ctx context.Context, terminalID, periodID string, ids []string) error
}
