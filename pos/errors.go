package pos

import (
	"errors"
	"fmt"
)

// Error codes. A cashier-facing message is chosen from the code; the message
// text is for logs and staff.
const (
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EFORBIDDEN    = "forbidden"
	EEMPTY        = "empty_basket"
	EINSUFFICIENT = "insufficient_tender"
	EJOURNAL      = "journal_broken"
)

// Error is a domain error carrying a code.
type Error struct {
	// Code is one of the E* constants.
	Code string
	// Message explains the error to staff and logs.
	Message string
	// Err is the underlying cause, if any.
	Err error
	// Reason, if set, is one of the R* reason codes: what the screens
	// translate instead of showing Message (which is English). Args are the
	// values the translation takes, in the order of its verbs.
	Reason string
	Args   []any
}

// Error implements error.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a domain error with a code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Reasonf returns a domain error with a code, a reason code the screens
// translate (with args, in the order of its translation's verbs) and the
// English message for logs, formatted with the same args.
func Reasonf(code, reason, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Reason: reason, Args: args}
}

// Reason codes of the errors cashiers and clerks meet most; each has a
// translation in the screens ("reason.<code>" in ui/i18n).
const (
	// RQtyRange: a quantity outside 1..9999 (args: the quantity).
	RQtyRange = "qty_range"
	// RLineVoided: the line is already voided (args: line number).
	RLineVoided = "line_voided"
	// RLineWeighed: a weighed line's quantity cannot change (args: line number).
	RLineWeighed = "line_weighed"
	// RLinePriceFixed: the line's price comes from its barcode (args: line number).
	RLinePriceFixed = "line_price_fixed"
	// RLineFree: a line that costs nothing cannot be discounted (args: line number).
	RLineFree = "line_free"
	// RReasonNeeded: say why (a void, price change, discount, return, cash movement, override).
	RReasonNeeded = "reason_needed"
	// RNegativePrice: a price cannot be negative.
	RNegativePrice = "negative_price"
	// RBadAmount: an amount that is not a number of the currency (args: the text).
	RBadAmount = "bad_amount"
	// RAmountPositive: the amount must be more than zero.
	RAmountPositive = "amount_positive"
	// RBasketNotEmpty: park or finish the open sale first.
	RBasketNotEmpty = "basket_not_empty"
	// RShiftOpen: a shift is already open.
	RShiftOpen = "shift_open"
	// RCouponEntered: the coupon is already on the sale (args: the code).
	RCouponEntered = "coupon_entered"
	// RCouponEmpty: no coupon code was typed.
	RCouponEmpty = "coupon_empty"
	// RBadCheckDigit: a barcode with a wrong check digit (args: the code).
	RBadCheckDigit = "bad_check_digit"
	// RNotACode: what was typed is not a product code (args: the text).
	RNotACode = "not_a_code"
	// RQueryShort: type at least 3 characters to search orders.
	RQueryShort = "query_short"
	// RNotReceiptCode: not a receipt code (args: the text).
	RNotReceiptCode = "not_receipt_code"
	// RNoPrinter: this device has no printer.
	RNoPrinter = "no_printer"
	// RDiscountRange: a discount percentage outside 0..100.
	RDiscountRange = "discount_range"
)

// Reasons lists every reason code, for the screens' translation test.
func Reasons() []string {
	return []string{RQtyRange, RLineVoided, RLineWeighed, RLinePriceFixed, RLineFree, RReasonNeeded, RNegativePrice, RBadAmount,
		RAmountPositive, RBasketNotEmpty, RShiftOpen, RCouponEntered, RCouponEmpty, RBadCheckDigit, RNotACode, RQueryShort,
		RNotReceiptCode, RNoPrinter, RDiscountRange}
}

// ErrorCode returns the code of the first domain error in err's chain, or
// EINTERNAL for any other non-nil error, or "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
