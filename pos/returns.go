package pos

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// EventReturnCompleted is the journal event of a return; its payload is the Return.
const EventReturnCompleted = "return.completed"

// ReturnLine asks to return Qty units of line LineNo of the original sale.
type ReturnLine struct {
	// LineNo is the line's number on the original sale.
	LineNo int `json:"line_no"`
	// Qty is how many units come back (1 for a weighed line: the whole line).
	Qty int64 `json:"qty"`
}

// Return is a completed return: goods back, money back. Like a sale it is
// never edited.
type Return struct {
	// ID is the return's UUIDv7.
	ID string `json:"id"`
	// StoreID and DeviceID say where it was taken.
	StoreID  string `json:"store_id"`
	DeviceID string `json:"device_id"`
	// Number is the device's return number, consecutive.
	Number int64 `json:"number"`
	// Operator who took it.
	Operator string `json:"operator,omitempty"`
	// OriginalSaleID, OriginalReceipt and OriginalDevice name the sale
	// returned against, wherever it was rung.
	OriginalSaleID  string `json:"original_sale_id"`
	OriginalReceipt string `json:"original_receipt"`
	OriginalDevice  string `json:"original_device"`
	// Reason given by the customer or clerk.
	Reason string `json:"reason"`
	// Currency of every amount.
	Currency string `json:"currency"`
	// Lines returned: the original lines with the returned Qty and the
	// refunded Amount.
	Lines []Line `json:"lines"`
	// Totals of the refund (tax per rate included).
	Totals Totals `json:"totals"`
	// Tenders the money went back to.
	Tenders []Tender `json:"tenders"`
	// At is when it completed.
	At time.Time `json:"at"`
}

// ReceiptCode is the code printed on the return receipt.
func (r Return) ReceiptCode() string { return r.DeviceID + "-R" + itoa6(r.Number) }

// ReturnStore records returns. Implemented by the local store.
type ReturnStore interface {
	// ReturnedQty returns, per original line number, the units of a sale
	// already returned at this device.
	ReturnedQty(ctx context.Context, saleID string) (map[int]int64, error)
	// RefundedTenders returns the tenders already refunded against a sale
	// by returns taken at this device.
	RefundedTenders(ctx context.Context, saleID string) ([]Tender, error)
	// CommitReturn writes the return, the returned quantities, the stock
	// movements back and a's events (the last carries the return as its
	// payload) in one transaction, assigning r.Number. It refuses (ECONFLICT)
	// a return that would bring more back than was sold.
	CommitReturn(ctx context.Context, r *Return, a Audit) error
}

// ReturnRequest is what the desk asks for.
type ReturnRequest struct {
	// Original is the sale returned against (found locally, at a peer or at central).
	Original Sale
	// Lines and quantities to return.
	Lines []ReturnLine
	// Reason for the return; required.
	Reason string
	// RefundMethod overrides the default of refunding to the original
	// tender: TenderCash, or "" for the original.
	RefundMethod string
	// Cards pays card refunds back to the card; needed when the original
	// sale was paid by card here and the refund goes to the original tender.
	Cards *CardPayments
	// Override approves the refund for an operator whose role may not:
	// PermRefund, or PermRefundOtherTender when cash is asked instead of
	// the original tender (see Lane.ReturnPermission).
	Override *Override
}

// ETENDERELSEWHERE: the original tender of a refund is kept at another
// lane (a card paid there, a gift card or store credit account this lane
// does not know: neither in its ledger, nor in central's chain-wide
// snapshot, nor in a peer's journal it holds): refund it there, or to cash
// with PermRefundOtherTender.
const ETENDERELSEWHERE = "tender_elsewhere"

// Return takes goods back against an original sale and refunds what was
// paid for them — to the original tenders by default (see RefundTenders):
// the card through the terminal, gift cards and store credit credited back
// to the same ledger account in the return's transaction, a voucher's part
// as a new voucher (its code on the return receipt). Cash instead of a
// tender other than cash needs PermRefundOtherTender (an override of it
// approves the refund as well); any refund needs PermRefund. Returned
// quantities never exceed sold quantities; the refund is the line's paid
// amount pro rata, computed on the running total so that returning a line
// piece by piece refunds exactly what it cost.
func (l *Lane) Return(ctx context.Context, req ReturnRequest) (Return, error) {
	if _, err := l.sellableCtx(ctx); err != nil {
		return Return{}, err
	}
	req.Reason = strings.TrimSpace(req.Reason)
	orig := req.Original
	if orig.ID == "" || len(orig.Lines) == 0 {
		return Return{}, Errorf(EINVALID, "no original sale to return against")
	}
	lines, tenders, other, err := l.planReturn(ctx, req)
	if err != nil {
		return Return{}, err
	}
	auth, err := l.authorizeRefund(ctx, other, req.Override)
	if err != nil {
		return Return{}, err
	}
	if req.Reason == "" {
		return Return{}, Errorf(EINVALID, "say why the goods come back")
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Return{}, fmt.Errorf("return id: %w", err)
	}
	// Everything that can refuse is checked before a card is refunded.
	for i, t := range tenders {
		switch t.Method {
		case TenderGiftCard, TenderStoreCredit:
			if err := l.refundableLedger(ctx, orig, t); err != nil {
				return Return{}, err
			}
		case TenderVoucher:
			tenders[i].Ref = returnVoucherCode(id.String())
		case TenderCard:
			if req.Cards == nil || orig.DeviceID != l.cfg.DeviceID {
				return Return{}, Errorf(ETENDERELSEWHERE, "sale %s was paid by card at %s: refund it there, or to cash with a supervisor", orig.ReceiptCode(), orig.DeviceID)
			}
		}
	}
	for i, t := range tenders {
		if t.Method != TenderCard {
			continue
		}
		p, err := l.RefundCard(ctx, req.Cards, orig.ID, t.Amount, req.Override)
		if err != nil {
			return Return{}, err
		}
		tenders[i].Ref = p.Result.TerminalTxID
	}
	totals := ComputeTotals(lines)
	r := Return{ID: id.String(), StoreID: l.cfg.Store.ID, DeviceID: l.cfg.DeviceID, Operator: auth.Operator.ID,
		OriginalSaleID: orig.ID, OriginalReceipt: orig.ReceiptCode(), OriginalDevice: orig.DeviceID,
		Reason: req.Reason, Currency: orig.Currency, Lines: lines, Totals: totals, Tenders: tenders, At: l.clock.Now().UTC()}
	au, err := l.access.audit(auth, EventReturnCompleted, r)
	if err != nil {
		return Return{}, err
	}
	if err := l.store.CommitReturn(ctx, &r, au); err != nil {
		return Return{}, fmt.Errorf("record return: %w", err)
	}
	l.log.Info("return completed", "return", r.ID, "original", r.OriginalReceipt, "refund", int64(r.Totals.Total))
	if cash := r.cashRefund(); cash > 0 {
		l.kickDrawer(r.ID)
	}
	if l.cfg.ReportPrinter != nil {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := l.cfg.ReportPrinter.PrintReceipt(pctx, BuildReturnReceipt(l.cfg.Store, r)); err != nil {
			l.log.Warn("return receipt not printed; reprint it from the desk", "return", r.ID, "err", err)
		}
	}
	return r, nil
}

// ReturnPermission is the permission a return needs: PermRefundOtherTender
// when cash is asked for what a card, gift card, store credit or voucher
// paid, PermRefund otherwise. The desk asks a supervisor's override for it.
func (l *Lane) ReturnPermission(ctx context.Context, req ReturnRequest) Permission {
	if _, _, other, err := l.planReturn(ctx, req); err == nil && other {
		return PermRefundOtherTender
	}
	return PermRefund
}

// planReturn works out the returned lines and the refund's tenders; other
// reports cash asked instead of a tender other than cash.
func (l *Lane) planReturn(ctx context.Context, req ReturnRequest) (lines []Line, tenders []Tender, other bool, err error) {
	orig := req.Original
	if orig.Currency != l.cfg.Store.Currency.Code {
		return nil, nil, false, Errorf(EINVALID, "sale %s was in %s; this store refunds in %s", orig.ReceiptCode(), orig.Currency, l.cfg.Store.Currency.Code)
	}
	done, err := l.store.ReturnedQty(ctx, orig.ID)
	if err != nil {
		return nil, nil, false, err
	}
	if lines, err = returnLines(orig, req.Lines, done); err != nil {
		return nil, nil, false, err
	}
	total := ComputeTotals(lines).Total
	refunded, err := l.store.RefundedTenders(ctx, orig.ID)
	if err != nil {
		return nil, nil, false, err
	}
	def, derr := RefundTenders(orig, total, refunded)
	switch req.RefundMethod {
	case TenderCash:
		other = derr != nil
		for _, t := range def {
			other = other || t.Method != TenderCash
		}
		return lines, []Tender{{Method: TenderCash, Amount: total}}, other, nil
	case "":
		return lines, def, false, derr
	}
	return nil, nil, false, Errorf(EINVALID, "refunds go to the original tender or to cash, not %q", req.RefundMethod)
}

// authorizeRefund checks PermRefund, and PermRefundOtherTender when other:
// from the operator's role, or ov (an override of PermRefundOtherTender
// approves both).
func (l *Lane) authorizeRefund(ctx context.Context, other bool, ov *Override) (Authorization, error) {
	if !other {
		return l.access.Authorize(ctx, PermRefund, ov)
	}
	if ov != nil && ov.Permission == PermRefundOtherTender {
		return l.access.Authorize(ctx, PermRefundOtherTender, ov)
	}
	if _, err := l.access.Authorize(ctx, PermRefundOtherTender, nil); err != nil {
		return Authorization{}, err
	}
	return l.access.Authorize(ctx, PermRefund, ov)
}

// refundableLedger checks that a gift card or store credit refund can be
// credited here: the account is in this lane's ledger, in the sale's currency.
func (l *Lane) refundableLedger(ctx context.Context, orig Sale, t Tender) error {
	ls, err := l.ledgers()
	if err != nil {
		return err
	}
	if _, err := ls.LedgerBalance(ctx, t.Method, t.Ref); IsNotFound(err) {
		return Errorf(ETENDERELSEWHERE, "%s %s of sale %s is not kept at this lane: refund it at %s, or to cash with a supervisor",
			t.Method, MaskRef(t.Ref), orig.ReceiptCode(), orig.DeviceID)
	} else if err != nil {
		return err
	}
	return nil
}

// returnVoucherCode is the code of the voucher a return issues for what a
// voucher paid: DEV- and the random end of the return's UUIDv7.
func returnVoucherCode(returnID string) string {
	hex := strings.ToUpper(strings.ReplaceAll(returnID, "-", ""))
	return "DEV-" + hex[len(hex)-12:]
}

// MaskRef shows only the last four characters of a gift card or account
// number (···4567), as receipts and screens do.
func MaskRef(ref string) string {
	if len(ref) <= 4 {
		return ref
	}
	return "···" + ref[len(ref)-4:]
}

func (r Return) cashRefund() Money {
	var m Money
	for _, t := range r.Tenders {
		if t.Method == TenderCash {
			m += t.Amount
		}
	}
	return m
}

// returnLines builds the returned lines, checking quantities against what
// was sold and already returned.
func returnLines(orig Sale, want []ReturnLine, done map[int]int64) ([]Line, error) {
	if len(want) == 0 {
		return nil, Errorf(EINVALID, "choose the lines to return")
	}
	asked := map[int]int64{}
	for _, w := range want {
		asked[w.LineNo] += w.Qty
	}
	var out []Line
	for _, w := range want {
		if w.Qty <= 0 {
			return nil, Errorf(EINVALID, "line %d: return at least one unit", w.LineNo)
		}
		if w.LineNo < 1 || w.LineNo > len(orig.Lines) {
			return nil, Errorf(ENOTFOUND, "sale %s has no line %d", orig.ReceiptCode(), w.LineNo)
		}
		ol := orig.Lines[w.LineNo-1]
		if ol.Voided {
			return nil, Errorf(EINVALID, "line %d was voided: it was not sold", w.LineNo)
		}
		before := done[w.LineNo]
		if asked[w.LineNo]+before > ol.Qty {
			return nil, Errorf(ECONFLICT, "line %d (%s): %d sold, %d already returned, %d asked", w.LineNo, ol.Name, ol.Qty, before, asked[w.LineNo])
		}
		rl := ol
		rl.Qty = w.Qty
		// Refund what was paid: the line's price less its discounts.
		rl.Amount = proRata(ol.Net(), ol.Qty, before+w.Qty) - proRata(ol.Net(), ol.Qty, before)
		rl.Discount, rl.Discounts, rl.Manual = 0, nil, nil
		if ol.Grams > 0 {
			rl.Grams = ol.Grams
		}
		done[w.LineNo] = before + w.Qty
		out = append(out, rl)
	}
	return out, nil
}

// proRata is the part of amount that n of qty units carry, rounded down;
// all qty units carry exactly amount.
func proRata(amount Money, qty, n int64) Money {
	if qty <= 0 {
		return 0
	}
	return Money(int64(amount) * n / qty)
}
