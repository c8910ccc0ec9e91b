// Package nexo speaks the nexo Retailer protocol (Sale to POI) in its JSON
// form, as card payment terminals take it on the store network: the wire
// types, a length-prefixed framing over TCP (see PROTOCOL.md), a client for
// the sale side, and strict decoders. It knows no sale: it takes payments.
//
// Amounts travel as JSON decimal numbers (10.99) and are converted to and
// from integer minor units exactly; no float ever holds money.
package nexo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ProtocolVersion is the nexo Retailer protocol version we speak.
const ProtocolVersion = "3.0"

// Message classes.
const (
	ClassService = "Service"
	ClassDevice  = "Device"
	ClassEvent   = "Event"
)

// Message categories used by this driver.
const (
	CategoryPayment           = "Payment"
	CategoryReversal          = "Reversal"
	CategoryAbort             = "Abort"
	CategoryTransactionStatus = "TransactionStatus"
	CategoryReconciliation    = "Reconciliation"
)

// Message types.
const (
	TypeRequest      = "Request"
	TypeResponse     = "Response"
	TypeNotification = "Notification"
)

// Results.
const (
	ResultSuccess = "Success"
	ResultFailure = "Failure"
	ResultPartial = "Partial"
)

// Error conditions used by terminals in a Failure response.
const (
	ErrAborted              = "Aborted"
	ErrBusy                 = "Busy"
	ErrCancel               = "Cancel"
	ErrDeviceOut            = "DeviceOut"
	ErrInProgress           = "InProgress"
	ErrMessageFormat        = "MessageFormat"
	ErrNotAllowed           = "NotAllowed"
	ErrNotFound             = "NotFound"
	ErrRefusal              = "Refusal"
	ErrUnavailableService   = "UnavailableService"
	ErrWrongPIN             = "WrongPIN"
	ErrPaymentRestriction   = "PaymentRestriction"
	ErrInsertedCard         = "InsertedCard"
	ErrUnreachableHost      = "UnreachableHost"
	ErrInvalidCard          = "InvalidCard"
	ErrLoggedOut            = "LoggedOut"
	ErrUnavailableDevice    = "UnavailableDevice"
	ErrCardNotRead          = "NotRead"
	ErrCardNotInformed      = "NotInformed"
	ErrCardCancelledByEvent = "CancelledByEvent"
)

// Payment types.
const (
	PaymentNormal = "Normal"
	PaymentRefund = "Refund"
)

// Reconciliation types.
const (
	// ReconSale asks for the totals of the current period without closing it.
	ReconSale = "SaleReconciliation"
	// ReconAcquirer closes the period at the terminal and returns its totals.
	ReconAcquirer = "AcquirerReconciliation"
)

// Transaction types in reconciliation totals.
const (
	TotalDebit        = "Debit"
	TotalCredit       = "Credit"
	TotalReverseDebit = "ReverseDebit"
)

// Document qualifiers of receipts.
const (
	DocCustomer = "CustomerReceipt"
	DocCashier  = "CashierReceipt"
)

// Message is the outer JSON object: exactly one of the two is set.
type Message struct {
	SaleToPOIRequest  *Request  `json:"SaleToPOIRequest,omitempty"`
	SaleToPOIResponse *Response `json:"SaleToPOIResponse,omitempty"`
}

// MessageHeader identifies a message pair. ServiceID is chosen by the sale
// system and must be unique per terminal (POIID) for the pair's lifetime.
type MessageHeader struct {
	ProtocolVersion string `json:"ProtocolVersion,omitempty"`
	MessageClass    string `json:"MessageClass"`
	MessageCategory string `json:"MessageCategory"`
	MessageType     string `json:"MessageType"`
	ServiceID       string `json:"ServiceID,omitempty"`
	SaleID          string `json:"SaleID"`
	POIID           string `json:"POIID"`
}

// Request is the body of SaleToPOIRequest: a header and one request.
type Request struct {
	MessageHeader            MessageHeader             `json:"MessageHeader"`
	PaymentRequest           *PaymentRequest           `json:"PaymentRequest,omitempty"`
	ReversalRequest          *ReversalRequest          `json:"ReversalRequest,omitempty"`
	AbortRequest             *AbortRequest             `json:"AbortRequest,omitempty"`
	TransactionStatusRequest *TransactionStatusRequest `json:"TransactionStatusRequest,omitempty"`
	ReconciliationRequest    *ReconciliationRequest    `json:"ReconciliationRequest,omitempty"`
	// DisplayRequest travels the other way: the terminal shows the sale
	// system a payment's progress (see display.go).
	DisplayRequest *DisplayRequest `json:"DisplayRequest,omitempty"`
}

// Response is the body of SaleToPOIResponse: a header and one response.
type Response struct {
	MessageHeader             MessageHeader              `json:"MessageHeader"`
	PaymentResponse           *PaymentResponse           `json:"PaymentResponse,omitempty"`
	ReversalResponse          *ReversalResponse          `json:"ReversalResponse,omitempty"`
	TransactionStatusResponse *TransactionStatusResponse `json:"TransactionStatusResponse,omitempty"`
	ReconciliationResponse    *ReconciliationResponse    `json:"ReconciliationResponse,omitempty"`
}

// ResponseResult is the Response object every response carries.
type ResponseResult struct {
	Result             string `json:"Result"`
	ErrorCondition     string `json:"ErrorCondition,omitempty"`
	AdditionalResponse string `json:"AdditionalResponse,omitempty"`
}

// TransactionIdentification names a transaction on one side.
type TransactionIdentification struct {
	TransactionID string `json:"TransactionID"`
	TimeStamp     string `json:"TimeStamp"`
}

// SaleData is the sale system's part of a payment request.
type SaleData struct {
	SaleTransactionID  TransactionIdentification `json:"SaleTransactionID"`
	OperatorID         string                    `json:"OperatorID,omitempty"`
	SaleToAcquirerData string                    `json:"SaleToAcquirerData,omitempty"`
}

// AmountsReq is what the sale asks for.
type AmountsReq struct {
	Currency        string `json:"Currency"`
	RequestedAmount Amount `json:"RequestedAmount"`
}

// OriginalPOITransaction references an earlier terminal transaction
// (refund of a payment, reversal).
type OriginalPOITransaction struct {
	POIID            string                    `json:"POIID,omitempty"`
	POITransactionID TransactionIdentification `json:"POITransactionID"`
}

// TransactionConditions constrain how the terminal may process a payment.
type TransactionConditions struct {
	// ForceOnlineFlag forbids an offline (store-and-forward) approval.
	ForceOnlineFlag bool `json:"ForceOnlineFlag,omitempty"`
}

// PaymentTransaction carries the amounts.
type PaymentTransaction struct {
	AmountsReq             AmountsReq              `json:"AmountsReq"`
	OriginalPOITransaction *OriginalPOITransaction `json:"OriginalPOITransaction,omitempty"`
	TransactionConditions  *TransactionConditions  `json:"TransactionConditions,omitempty"`
}

// PaymentData says what kind of payment it is.
type PaymentData struct {
	PaymentType string `json:"PaymentType,omitempty"`
}

// PaymentRequest asks the terminal to take (or refund) an amount.
type PaymentRequest struct {
	SaleData           SaleData           `json:"SaleData"`
	PaymentTransaction PaymentTransaction `json:"PaymentTransaction"`
	PaymentData        *PaymentData       `json:"PaymentData,omitempty"`
}

// POIData is the terminal's part of a response.
type POIData struct {
	POITransactionID TransactionIdentification `json:"POITransactionID"`
}

// CardData is what the terminal tells about the card: never the full PAN.
type CardData struct {
	PaymentBrand string   `json:"PaymentBrand,omitempty"`
	MaskedPan    string   `json:"MaskedPan,omitempty"`
	EntryMode    []string `json:"EntryMode,omitempty"`
}

// PaymentInstrumentData describes the instrument used.
type PaymentInstrumentData struct {
	PaymentInstrumentType string    `json:"PaymentInstrumentType,omitempty"`
	CardData              *CardData `json:"CardData,omitempty"`
}

// AmountsResp is what was authorised.
type AmountsResp struct {
	Currency         string `json:"Currency,omitempty"`
	AuthorizedAmount Amount `json:"AuthorizedAmount,omitempty"`
}

// PaymentAcquirerData carries the acquirer's approval.
type PaymentAcquirerData struct {
	AcquirerTransactionID *TransactionIdentification `json:"AcquirerTransactionID,omitempty"`
	ApprovalCode          string                     `json:"ApprovalCode,omitempty"`
}

// PaymentResult is the outcome detail of a payment.
type PaymentResult struct {
	PaymentType           string                 `json:"PaymentType,omitempty"`
	PaymentInstrumentData *PaymentInstrumentData `json:"PaymentInstrumentData,omitempty"`
	AmountsResp           *AmountsResp           `json:"AmountsResp,omitempty"`
	PaymentAcquirerData   *PaymentAcquirerData   `json:"PaymentAcquirerData,omitempty"`
	OnlineFlag            *bool                  `json:"OnlineFlag,omitempty"`
}

// OutputText is one line of a receipt.
type OutputText struct {
	Text string `json:"Text"`
}

// OutputContent is the printable content of a receipt.
type OutputContent struct {
	OutputFormat string       `json:"OutputFormat"`
	OutputText   []OutputText `json:"OutputText,omitempty"`
}

// PaymentReceipt is one receipt copy the terminal wants printed.
type PaymentReceipt struct {
	DocumentQualifier     string        `json:"DocumentQualifier"`
	RequiredSignatureFlag bool          `json:"RequiredSignatureFlag,omitempty"`
	OutputContent         OutputContent `json:"OutputContent"`
}

// PaymentResponse is the terminal's answer to a PaymentRequest.
type PaymentResponse struct {
	Response       ResponseResult   `json:"Response"`
	SaleData       SaleData         `json:"SaleData"`
	POIData        POIData          `json:"POIData"`
	PaymentResult  *PaymentResult   `json:"PaymentResult,omitempty"`
	PaymentReceipt []PaymentReceipt `json:"PaymentReceipt,omitempty"`
}

// ReversalRequest cancels an approved payment.
type ReversalRequest struct {
	OriginalPOITransaction OriginalPOITransaction `json:"OriginalPOITransaction"`
	ReversalReason         string                 `json:"ReversalReason"`
}

// ReversalResponse answers a ReversalRequest.
type ReversalResponse struct {
	Response       ResponseResult   `json:"Response"`
	POIData        *POIData         `json:"POIData,omitempty"`
	ReversedAmount Amount           `json:"ReversedAmount,omitempty"`
	PaymentReceipt []PaymentReceipt `json:"PaymentReceipt,omitempty"`
}

// MessageReference points at an earlier message pair.
type MessageReference struct {
	MessageCategory string `json:"MessageCategory,omitempty"`
	ServiceID       string `json:"ServiceID,omitempty"`
	SaleID          string `json:"SaleID,omitempty"`
	POIID           string `json:"POIID,omitempty"`
}

// AbortRequest asks the terminal to stop a transaction in progress. The
// terminal sends no response to it; the aborted request is answered instead.
type AbortRequest struct {
	MessageReference MessageReference `json:"MessageReference"`
	AbortReason      string           `json:"AbortReason"`
}

// TransactionStatusRequest asks what became of an earlier request.
type TransactionStatusRequest struct {
	MessageReference   *MessageReference `json:"MessageReference,omitempty"`
	ReceiptReprintFlag bool              `json:"ReceiptReprintFlag,omitempty"`
	DocumentQualifier  []string          `json:"DocumentQualifier,omitempty"`
}

// RepeatedResponseMessageBody holds the original response.
type RepeatedResponseMessageBody struct {
	PaymentResponse  *PaymentResponse  `json:"PaymentResponse,omitempty"`
	ReversalResponse *ReversalResponse `json:"ReversalResponse,omitempty"`
}

// RepeatedMessageResponse repeats the original response of a request.
type RepeatedMessageResponse struct {
	MessageHeader               MessageHeader               `json:"MessageHeader"`
	RepeatedResponseMessageBody RepeatedResponseMessageBody `json:"RepeatedResponseMessageBody"`
}

// TransactionStatusResponse answers a TransactionStatusRequest. With Result
// Success the original response is repeated; Failure with InProgress means
// the transaction is still running; NotFound means the terminal never
// processed it.
type TransactionStatusResponse struct {
	Response                ResponseResult           `json:"Response"`
	MessageReference        *MessageReference        `json:"MessageReference,omitempty"`
	RepeatedMessageResponse *RepeatedMessageResponse `json:"RepeatedMessageResponse,omitempty"`
}

// ReconciliationRequest asks for the terminal's totals.
type ReconciliationRequest struct {
	ReconciliationType string `json:"ReconciliationType"`
}

// PaymentTotal is one line of totals.
type PaymentTotal struct {
	TransactionType   string `json:"TransactionType"`
	TransactionCount  int64  `json:"TransactionCount"`
	TransactionAmount Amount `json:"TransactionAmount"`
}

// TransactionTotals groups totals per instrument, brand and currency.
type TransactionTotals struct {
	PaymentInstrumentType string         `json:"PaymentInstrumentType"`
	CardBrand             string         `json:"CardBrand,omitempty"`
	PaymentCurrency       string         `json:"PaymentCurrency,omitempty"`
	PaymentTotals         []PaymentTotal `json:"PaymentTotals,omitempty"`
}

// ReconciliationResponse carries the terminal's totals.
type ReconciliationResponse struct {
	Response            ResponseResult      `json:"Response"`
	ReconciliationType  string              `json:"ReconciliationType"`
	POIReconciliationID string              `json:"POIReconciliationID,omitempty"`
	TransactionTotals   []TransactionTotals `json:"TransactionTotals,omitempty"`
}

// Amount is a nexo decimal amount kept as its exact decimal text ("10.99").
// It marshals as a JSON number and refuses anything that is not one.
type Amount string

// AmountFromMinor formats minor units with a currency's number of digits.
func AmountFromMinor(minor int64, digits int) Amount {
	neg := minor < 0
	if neg {
		minor = -minor
	}
	s := strconv.FormatInt(minor, 10)
	if digits > 0 {
		for len(s) <= digits {
			s = "0" + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg {
		s = "-" + s
	}
	return Amount(s)
}

// parts splits the amount into sign, integer digits and fraction digits
// (without trailing zeros), refusing anything but a plain decimal.
func (a Amount) parts() (neg bool, intPart, frac string, err error) {
	s := string(a)
	if s == "" {
		return false, "", "", errors.New("empty amount")
	}
	if s[0] == '-' {
		neg, s = true, s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || (hasDot && frac == "") {
		return false, "", "", fmt.Errorf("bad amount %q", string(a))
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return false, "", "", fmt.Errorf("bad amount %q", string(a))
		}
	}
	intPart = strings.TrimLeft(intPart, "0")
	frac = strings.TrimRight(frac, "0")
	if len(intPart)+len(frac) > 18 {
		return false, "", "", fmt.Errorf("amount %q has too many digits", string(a))
	}
	return neg, intPart, frac, nil
}

// Minor converts the amount to minor units of a currency with digits
// decimals, exactly. More decimals than the currency has (other than
// trailing zeros), exponents or values beyond int64 are errors.
func (a Amount) Minor(digits int) (int64, error) {
	neg, intPart, frac, err := a.parts()
	if err != nil {
		return 0, err
	}
	if len(frac) > digits {
		return 0, fmt.Errorf("amount %q has more than %d decimals", string(a), digits)
	}
	frac += strings.Repeat("0", digits-len(frac))
	if len(intPart)+len(frac) > 18 {
		return 0, fmt.Errorf("amount %q is too large", string(a))
	}
	n, err := strconv.ParseInt("0"+intPart+frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad amount %q: %w", string(a), err)
	}
	if neg {
		n = -n
	}
	return n, nil
}

// MarshalJSON writes the amount as a JSON number.
func (a Amount) MarshalJSON() ([]byte, error) {
	if a == "" {
		return []byte("0"), nil
	}
	if _, _, _, err := a.parts(); err != nil {
		return nil, err
	}
	return []byte(a), nil
}

// UnmarshalJSON accepts a JSON number only.
func (a *Amount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || !(b[0] == '-' || (b[0] >= '0' && b[0] <= '9')) {
		return fmt.Errorf("amount %.20q is not a number", b)
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	if _, _, _, err := Amount(n).parts(); err != nil {
		return err
	}
	*a = Amount(n)
	return nil
}

// CurrencyDigits returns the minor-unit digits of the ISO 4217 codes a
// terminal is likely to use; 2 for any other.
func CurrencyDigits(code string) int {
	switch code {
	case "CLP", "JPY", "KRW", "PYG", "ISK", "XOF", "XAF":
		return 0
	case "BHD", "KWD", "OMR", "JOD", "TND":
		return 3
	}
	return 2
}
