// Package cardport adapts a nexo terminal client (devices/terminal/nexo) to
// the pos payment port (pos.CardTerminal). It is the only place where the
// two meet: devices knows no sale and pos knows no protocol.
package cardport

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/omnilane/omnilane/devices/terminal/nexo"
	"github.com/omnilane/omnilane/pos"
)

// Terminal is a nexo terminal seen through the pos payment port.
type Terminal struct {
	c *nexo.Client
}

var _ pos.CardTerminal = (*Terminal)(nil)

// New adapts a nexo client.
func New(c *nexo.Client) *Terminal { return &Terminal{c: c} }

// TerminalID is the terminal's POIID.
func (t *Terminal) TerminalID() string { return t.c.POIID }

// Pay sends a PaymentRequest.
func (t *Terminal) Pay(ctx context.Context, req pos.CardRequest) (pos.CardResult, error) {
	return t.payment(ctx, req, false)
}

// Refund sends a PaymentRequest of type Refund.
func (t *Terminal) Refund(ctx context.Context, req pos.CardRequest) (pos.CardResult, error) {
	return t.payment(ctx, req, true)
}

func (t *Terminal) payment(ctx context.Context, req pos.CardRequest, refund bool) (pos.CardResult, error) {
	p := nexo.PaymentParams{ServiceID: req.Ref.ServiceID, SaleTransactionID: req.TransactionRef, Minor: int64(req.Amount),
		Currency: req.Currency.Code, Refund: refund, OperatorID: req.Operator, AllowOffline: req.AllowOffline && !refund,
		OnDisplay: func(d nexo.Display) { pos.ReportCardProgress(ctx, Progress(d)) }}
	if req.Original != nil {
		p.Original = &nexo.OriginalPOITransaction{POIID: t.c.POIID, POITransactionID: nexo.TransactionIdentification{
			TransactionID: req.Original.TerminalTxID, TimeStamp: req.Original.TerminalTxTime}}
	}
	resp, err := t.c.Payment(ctx, p)
	if err != nil {
		return pos.CardResult{}, portError(err)
	}
	return Result(resp, req.Currency.Code)
}

// steps maps the terminal's progress events to the lane's steps.
var steps = map[string]pos.CardStep{
	nexo.EventPresentCard: pos.CardStepPresentCard,
	nexo.EventEnterPIN:    pos.CardStepEnterPIN,
	nexo.EventProcessing:  pos.CardStepProcessing,
	nexo.EventRemoveCard:  pos.CardStepRemoveCard,
	nexo.EventApproved:    pos.CardStepApproved,
	nexo.EventDeclined:    pos.CardStepDeclined,
	nexo.EventCancelled:   pos.CardStepCancelled,
}

// Progress maps a terminal display to a progress report; an event the
// lane does not know is CardStepOther with the terminal's text (masked, in
// case a terminal puts a card number in it).
func Progress(d nexo.Display) pos.CardProgress {
	st, ok := steps[d.Event]
	if !ok {
		st = pos.CardStepOther
	}
	return pos.CardProgress{Step: st, TerminalText: Mask(d.Text)}
}

func portError(err error) error {
	if errors.Is(err, nexo.ErrNotSent) {
		return fmt.Errorf("%w: %w", pos.ErrCardNotSent, err)
	}
	return err
}

// declines are error conditions that mean the card or its holder was refused.
var declines = map[string]bool{nexo.ErrRefusal: true, nexo.ErrWrongPIN: true, nexo.ErrInvalidCard: true,
	nexo.ErrPaymentRestriction: true, nexo.ErrUnreachableHost: true}

// Result maps a PaymentResponse to what Omnilane keeps. A card number that a
// misbehaving terminal might send unmasked is masked here.
func Result(p *nexo.PaymentResponse, currency string) (pos.CardResult, error) {
	r := pos.CardResult{Currency: currency, TerminalTxID: p.POIData.POITransactionID.TransactionID,
		TerminalTxTime: p.POIData.POITransactionID.TimeStamp}
	if p.Response.Result == nexo.ResultFailure {
		r.Outcome = pos.CardCancelled
		if declines[p.Response.ErrorCondition] {
			r.Outcome = pos.CardDeclined
		}
		r.Reason = strings.TrimSpace(p.Response.ErrorCondition + " " + p.Response.AdditionalResponse)
		return r, nil
	}
	r.Outcome = pos.CardApproved
	pr := p.PaymentResult
	if pr == nil || pr.AmountsResp == nil {
		return pos.CardResult{}, errors.New("approved payment without amounts")
	}
	cur := pr.AmountsResp.Currency
	if cur == "" {
		cur = currency
	}
	if cur != currency {
		return pos.CardResult{}, fmt.Errorf("approved in %s, asked in %s", cur, currency)
	}
	minor, err := pr.AmountsResp.AuthorizedAmount.Minor(nexo.CurrencyDigits(cur))
	if err != nil {
		return pos.CardResult{}, err
	}
	r.Amount = pos.Money(minor)
	if d := pr.PaymentInstrumentData; d != nil && d.CardData != nil {
		r.Brand, r.MaskedPAN = d.CardData.PaymentBrand, Mask(d.CardData.MaskedPan)
	}
	if a := pr.PaymentAcquirerData; a != nil {
		r.AuthCode = a.ApprovalCode
	}
	r.Offline = pr.OnlineFlag != nil && !*pr.OnlineFlag
	for _, l := range nexo.ReceiptLines(p.PaymentReceipt, nexo.DocCashier) {
		r.MerchantReceipt = append(r.MerchantReceipt, Mask(l))
	}
	for _, l := range nexo.ReceiptLines(p.PaymentReceipt, nexo.DocCustomer) {
		r.CustomerReceipt = append(r.CustomerReceipt, Mask(l))
	}
	return r, nil
}

// Mask replaces any run of 13 to 19 digits (a possible card number) by its
// first six and last four digits with asterisks between.
func Mask(s string) string {
	b := []byte(s)
	for i := 0; i < len(b); {
		if b[i] < '0' || b[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if n := j - i; n >= 13 && n <= 19 {
			for k := i + 6; k < j-4; k++ {
				b[k] = '*'
			}
		}
		i = j
	}
	return string(b)
}

// Abort asks the terminal to abort the payment target.
func (t *Terminal) Abort(ctx context.Context, own, target pos.CardRef) error {
	return portError(t.c.Abort(ctx, own.ServiceID, nexo.MessageReference{MessageCategory: nexo.CategoryPayment, ServiceID: target.ServiceID}, "MerchantAbort"))
}

// Status asks TransactionStatus of the payment target.
func (t *Terminal) Status(ctx context.Context, own, target pos.CardRef) (pos.CardStatus, error) {
	resp, err := t.c.TransactionStatus(ctx, own.ServiceID, nexo.MessageReference{MessageCategory: nexo.CategoryPayment, ServiceID: target.ServiceID})
	if err != nil {
		return pos.CardStatus{}, portError(err)
	}
	switch resp.Response.Result {
	case nexo.ResultSuccess:
		rm := resp.RepeatedMessageResponse
		if rm == nil || rm.RepeatedResponseMessageBody.PaymentResponse == nil {
			return pos.CardStatus{}, errors.New("transaction status without the payment response")
		}
		if rm.MessageHeader.ServiceID != "" && rm.MessageHeader.ServiceID != target.ServiceID {
			return pos.CardStatus{}, fmt.Errorf("transaction status answered for ServiceID %s, asked %s", rm.MessageHeader.ServiceID, target.ServiceID)
		}
		pr := rm.RepeatedResponseMessageBody.PaymentResponse
		cur := ""
		if pr.PaymentResult != nil && pr.PaymentResult.AmountsResp != nil {
			cur = pr.PaymentResult.AmountsResp.Currency
		}
		res, err := Result(pr, cur)
		if err != nil {
			return pos.CardStatus{}, err
		}
		return pos.CardStatus{State: pos.CardStatusDone, Result: res}, nil
	case nexo.ResultFailure:
		switch resp.Response.ErrorCondition {
		case nexo.ErrInProgress:
			return pos.CardStatus{State: pos.CardStatusInProgress}, nil
		case nexo.ErrNotFound:
			return pos.CardStatus{State: pos.CardStatusNotFound}, nil
		}
	}
	return pos.CardStatus{}, fmt.Errorf("transaction status: %s %s %s", resp.Response.Result, resp.Response.ErrorCondition, resp.Response.AdditionalResponse)
}

// Totals asks a SaleReconciliation (close false) or an
// AcquirerReconciliation (close true, ends the period).
func (t *Terminal) Totals(ctx context.Context, own pos.CardRef, close bool) ([]pos.CardTotals, error) {
	typ := nexo.ReconSale
	if close {
		typ = nexo.ReconAcquirer
	}
	resp, err := t.c.Reconciliation(ctx, own.ServiceID, typ)
	if err != nil {
		return nil, portError(err)
	}
	if resp.Response.Result != nexo.ResultSuccess {
		return nil, fmt.Errorf("reconciliation: %s %s", resp.Response.ErrorCondition, resp.Response.AdditionalResponse)
	}
	by := map[string]*pos.CardTotals{}
	var order []string
	for _, tt := range resp.TransactionTotals {
		cur := tt.PaymentCurrency
		ct := by[cur]
		if ct == nil {
			ct = &pos.CardTotals{TerminalID: t.c.POIID, PeriodID: resp.POIReconciliationID, Currency: cur}
			by[cur] = ct
			order = append(order, cur)
		}
		for _, p := range tt.PaymentTotals {
			m, err := p.TransactionAmount.Minor(nexo.CurrencyDigits(cur))
			if err != nil {
				return nil, err
			}
			switch p.TransactionType {
			case nexo.TotalDebit:
				ct.Payments += p.TransactionCount
				ct.PaymentsAmount += pos.Money(m)
			case nexo.TotalCredit:
				ct.Refunds += p.TransactionCount
				ct.RefundsAmount += pos.Money(m)
			case nexo.TotalReverseDebit:
				ct.Reversals += p.TransactionCount
				ct.ReversalsAmount += pos.Money(m)
			}
		}
	}
	out := make([]pos.CardTotals, 0, len(order))
	for _, c := range order {
		out = append(out, *by[c])
	}
	if len(out) == 0 {
		out = append(out, pos.CardTotals{TerminalID: t.c.POIID, PeriodID: resp.POIReconciliationID})
	}
	return out, nil
}
