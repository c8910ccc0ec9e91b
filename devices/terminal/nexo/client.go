package nexo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"
)

// ErrNotSent wraps failures that prove the terminal never received the
// request (the connection could not be opened). Any other error from a
// request means its outcome is unknown: ask TransactionStatus.
var ErrNotSent = errors.New("nexo: request not sent")

// ErrNoResponse wraps a lost or timed-out response: the request may or may
// not have been processed.
var ErrNoResponse = errors.New("nexo: no response")

// Client is the sale side of one terminal. Each request uses its own TCP
// connection, so a dropped line affects one message pair only and an abort
// can be sent while a payment waits.
type Client struct {
	// Addr is the terminal's host:port.
	Addr string
	// SaleID identifies this lane to the terminal.
	SaleID string
	// POIID identifies the terminal.
	POIID string
	// DialTimeout bounds connecting; 3 s if zero.
	DialTimeout time.Duration
	// Now is the clock for time stamps; time.Now if nil.
	Now func() time.Time
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Header returns a request header of a category for a ServiceID.
func (c *Client) Header(category, serviceID string) MessageHeader {
	return MessageHeader{ProtocolVersion: ProtocolVersion, MessageClass: ClassService, MessageCategory: category,
		MessageType: TypeRequest, ServiceID: serviceID, SaleID: c.SaleID, POIID: c.POIID}
}

func (c *Client) dial(ctx context.Context) (net.Conn, error) {
	dt := c.DialTimeout
	if dt == 0 {
		dt = 3 * time.Second
	}
	d := net.Dialer{Timeout: dt}
	conn, err := d.DialContext(ctx, "tcp", c.Addr)
	if err != nil {
		return nil, fmt.Errorf("%w: dial %s: %v", ErrNotSent, c.Addr, err)
	}
	return conn, nil
}

// Send writes a request without waiting for an answer (Abort).
func (c *Client) Send(ctx context.Context, req *Request) error {
	body, err := EncodeRequest(req)
	if err != nil {
		return fmt.Errorf("%w: encode: %v", ErrNotSent, err)
	}
	conn, err := c.dial(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	} else {
		conn.SetDeadline(time.Now().Add(5 * time.Second))
	}
	if err := WriteFrame(conn, body); err != nil {
		return fmt.Errorf("%w: write: %v", ErrNoResponse, err)
	}
	return nil
}

// Do sends a request and waits for the response until ctx ends. The
// response's header must echo the request's category, ServiceID, SaleID and
// POIID. Progress displays the terminal sends meanwhile are skipped.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	return c.DoWithDisplays(ctx, req, nil)
}

// DoWithDisplays is Do that hands each progress display the terminal sends
// for this request (a DisplayRequest on the same connection, with the
// request's ServiceID) to onDisplay, on the calling goroutine, before the
// response arrives. onDisplay may be nil.
func (c *Client) DoWithDisplays(ctx context.Context, req *Request, onDisplay func(Display)) (*Response, error) {
	body, err := EncodeRequest(req)
	if err != nil {
		return nil, fmt.Errorf("%w: encode: %v", ErrNotSent, err)
	}
	conn, err := c.dial(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if err := WriteFrame(conn, body); err != nil {
		return nil, fmt.Errorf("%w: write: %v", ErrNoResponse, err)
	}
	q := req.MessageHeader
	for {
		b, err := ReadFrame(conn)
		if err != nil {
			if ctx.Err() != nil {
				err = ctx.Err()
			}
			return nil, fmt.Errorf("%w: %s %s: %w", ErrNoResponse, q.MessageCategory, q.ServiceID, err)
		}
		resp, disp, err := DecodeFromTerminal(b)
		if err != nil {
			return nil, fmt.Errorf("%w: %s %s: %w", ErrNoResponse, q.MessageCategory, q.ServiceID, err)
		}
		if disp != nil {
			h := disp.MessageHeader
			if onDisplay != nil && h.ServiceID == q.ServiceID && h.SaleID == q.SaleID && h.POIID == q.POIID {
				for _, d := range Displays(disp.DisplayRequest) {
					onDisplay(d)
				}
			}
			continue
		}
		h := resp.MessageHeader
		if h.ServiceID != q.ServiceID || h.SaleID != q.SaleID || h.POIID != q.POIID || h.MessageCategory != q.MessageCategory {
			// Not ours (a late answer to another pair); keep waiting.
			continue
		}
		return resp, nil
	}
}

// PaymentParams describes a payment or refund request.
type PaymentParams struct {
	// ServiceID of the new message pair.
	ServiceID string
	// SaleTransactionID is the sale system's reference of the basket or sale.
	SaleTransactionID string
	// Minor is the amount in minor units; Currency its ISO 4217 code.
	Minor    int64
	Currency string
	// Refund makes it a refund (PaymentType Refund).
	Refund bool
	// Original references the payment refunded, if known.
	Original *OriginalPOITransaction
	// OperatorID is the cashier.
	OperatorID string
	// AllowOffline lets the terminal store and forward; otherwise the
	// request carries ForceOnlineFlag.
	AllowOffline bool
	// OnDisplay, if set, gets each progress display of the payment (card
	// presented, PIN, processing, ...) while it runs.
	OnDisplay func(Display)
}

// Payment sends a PaymentRequest and waits for its PaymentResponse.
func (c *Client) Payment(ctx context.Context, p PaymentParams) (*PaymentResponse, error) {
	typ := PaymentNormal
	if p.Refund {
		typ = PaymentRefund
	}
	req := &Request{MessageHeader: c.Header(CategoryPayment, p.ServiceID), PaymentRequest: &PaymentRequest{
		SaleData: SaleData{
			SaleTransactionID: TransactionIdentification{TransactionID: p.SaleTransactionID, TimeStamp: c.now().UTC().Format(time.RFC3339Nano)},
			OperatorID:        p.OperatorID,
		},
		PaymentTransaction: PaymentTransaction{
			AmountsReq:             AmountsReq{Currency: p.Currency, RequestedAmount: AmountFromMinor(p.Minor, CurrencyDigits(p.Currency))},
			OriginalPOITransaction: p.Original,
			TransactionConditions:  &TransactionConditions{ForceOnlineFlag: !p.AllowOffline},
		},
		PaymentData: &PaymentData{PaymentType: typ},
	}}
	resp, err := c.DoWithDisplays(ctx, req, p.OnDisplay)
	if err != nil {
		return nil, err
	}
	if resp.PaymentResponse == nil {
		return nil, fmt.Errorf("%w: not a PaymentResponse", ErrNoResponse)
	}
	return resp.PaymentResponse, nil
}

// Reversal reverses an approved payment.
func (c *Client) Reversal(ctx context.Context, serviceID string, orig OriginalPOITransaction, reason string) (*ReversalResponse, error) {
	req := &Request{MessageHeader: c.Header(CategoryReversal, serviceID), ReversalRequest: &ReversalRequest{OriginalPOITransaction: orig, ReversalReason: reason}}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.ReversalResponse == nil {
		return nil, fmt.Errorf("%w: not a ReversalResponse", ErrNoResponse)
	}
	return resp.ReversalResponse, nil
}

// Abort asks the terminal to abort the message pair target (a Payment in
// progress). The terminal does not answer the abort itself.
func (c *Client) Abort(ctx context.Context, serviceID string, target MessageReference, reason string) error {
	if target.SaleID == "" {
		target.SaleID = c.SaleID
	}
	if target.POIID == "" {
		target.POIID = c.POIID
	}
	return c.Send(ctx, &Request{MessageHeader: c.Header(CategoryAbort, serviceID), AbortRequest: &AbortRequest{MessageReference: target, AbortReason: reason}})
}

// TransactionStatus asks what became of the message pair target.
func (c *Client) TransactionStatus(ctx context.Context, serviceID string, target MessageReference) (*TransactionStatusResponse, error) {
	if target.SaleID == "" {
		target.SaleID = c.SaleID
	}
	if target.POIID == "" {
		target.POIID = c.POIID
	}
	req := &Request{MessageHeader: c.Header(CategoryTransactionStatus, serviceID), TransactionStatusRequest: &TransactionStatusRequest{
		MessageReference: &target, ReceiptReprintFlag: true, DocumentQualifier: []string{DocCashier, DocCustomer},
	}}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.TransactionStatusResponse == nil {
		return nil, fmt.Errorf("%w: not a TransactionStatusResponse", ErrNoResponse)
	}
	return resp.TransactionStatusResponse, nil
}

// Reconciliation asks for the terminal's totals; ReconAcquirer also closes
// the period.
func (c *Client) Reconciliation(ctx context.Context, serviceID, typ string) (*ReconciliationResponse, error) {
	req := &Request{MessageHeader: c.Header(CategoryReconciliation, serviceID), ReconciliationRequest: &ReconciliationRequest{ReconciliationType: typ}}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.ReconciliationResponse == nil {
		return nil, fmt.Errorf("%w: not a ReconciliationResponse", ErrNoResponse)
	}
	return resp.ReconciliationResponse, nil
}
