package nexo

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// MaxFrame is the largest message accepted on the wire, in bytes.
const MaxFrame = 256 << 10

// ErrFrameTooLarge is returned for a length prefix above MaxFrame.
var ErrFrameTooLarge = errors.New("nexo: frame too large")

// WriteFrame writes one message: a 4-byte big-endian length, then the JSON.
func WriteFrame(w io.Writer, body []byte) error {
	if len(body) > MaxFrame {
		return ErrFrameTooLarge
	}
	buf := make([]byte, 4+len(body))
	binary.BigEndian.PutUint32(buf, uint32(len(body)))
	copy(buf[4:], body)
	_, err := w.Write(buf)
	return err
}

// ReadFrame reads one length-prefixed message.
func ReadFrame(r io.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > MaxFrame {
		return nil, ErrFrameTooLarge
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return body, nil
}

// DecodeError is a message that is not valid nexo JSON for its purpose.
type DecodeError struct {
	// Reason says what is wrong.
	Reason string
}

func (e *DecodeError) Error() string { return "nexo: " + e.Reason }

func bad(format string, args ...any) error { return &DecodeError{Reason: fmt.Sprintf(format, args...)} }

func decodeMessage(b []byte) (Message, error) {
	var m Message
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(&m); err != nil {
		return Message{}, bad("malformed JSON: %v", err)
	}
	if d.More() {
		return Message{}, bad("trailing data after the message")
	}
	return m, nil
}

func checkHeader(h MessageHeader, typ string) error {
	switch {
	case h.MessageType != typ:
		return bad("MessageType %q, want %q", h.MessageType, typ)
	case h.MessageClass != ClassService && h.MessageClass != ClassDevice && h.MessageClass != ClassEvent:
		return bad("unknown MessageClass %q", h.MessageClass)
	case h.MessageCategory == "":
		return bad("missing MessageCategory")
	case h.SaleID == "" || h.POIID == "":
		return bad("missing SaleID or POIID")
	case len(h.ServiceID) > 10:
		return bad("ServiceID %q longer than 10", h.ServiceID)
	}
	return nil
}

func checkResult(r ResponseResult) error {
	switch r.Result {
	case ResultSuccess, ResultFailure, ResultPartial:
		return nil
	}
	return bad("unknown Result %q", r.Result)
}

// DecodeResponse parses and checks a SaleToPOIResponse: a known result, a
// header whose category matches the one body present, and amounts that are
// exact decimal numbers.
func DecodeResponse(b []byte) (*Response, error) {
	m, err := decodeMessage(b)
	if err != nil {
		return nil, err
	}
	return checkResponse(m)
}

// DecodeFromTerminal parses what a terminal sends on a request's
// connection: either its response (checked as DecodeResponse does) or a
// DisplayRequest reporting progress (MessageClass Device, category Display,
// at least one DisplayOutput naming its device and qualifier). Exactly one
// of the two results is non-nil when err is nil.
func DecodeFromTerminal(b []byte) (*Response, *Request, error) {
	m, err := decodeMessage(b)
	if err != nil {
		return nil, nil, err
	}
	if m.SaleToPOIRequest == nil {
		r, err := checkResponse(m)
		return r, nil, err
	}
	if m.SaleToPOIResponse != nil {
		return nil, nil, bad("both a request and a response")
	}
	q := m.SaleToPOIRequest
	h := q.MessageHeader
	if err := checkHeader(h, TypeRequest); err != nil {
		return nil, nil, err
	}
	switch {
	case h.MessageClass != ClassDevice || h.MessageCategory != CategoryDisplay:
		return nil, nil, bad("terminal sent a %s/%s request, only Device/Display is taken", h.MessageClass, h.MessageCategory)
	case q.DisplayRequest == nil || q.PaymentRequest != nil || q.ReversalRequest != nil || q.AbortRequest != nil ||
		q.TransactionStatusRequest != nil || q.ReconciliationRequest != nil:
		return nil, nil, bad("a Display request must carry exactly one DisplayRequest")
	case len(q.DisplayRequest.DisplayOutput) == 0:
		return nil, nil, bad("DisplayRequest without DisplayOutput")
	}
	for _, o := range q.DisplayRequest.DisplayOutput {
		if o.Device == "" || o.InfoQualify == "" || o.OutputContent.OutputFormat == "" {
			return nil, nil, bad("DisplayOutput without Device, InfoQualify or OutputFormat")
		}
	}
	return nil, q, nil
}

func checkResponse(m Message) (*Response, error) {
	if m.SaleToPOIRequest != nil || m.SaleToPOIResponse == nil {
		return nil, bad("not a SaleToPOIResponse")
	}
	r := m.SaleToPOIResponse
	if err := checkHeader(r.MessageHeader, TypeResponse); err != nil {
		return nil, err
	}
	n := 0
	var body string
	if r.PaymentResponse != nil {
		n, body = n+1, CategoryPayment
		if err := checkPayment(r.PaymentResponse); err != nil {
			return nil, err
		}
	}
	if r.ReversalResponse != nil {
		n, body = n+1, CategoryReversal
		if err := checkResult(r.ReversalResponse.Response); err != nil {
			return nil, err
		}
	}
	if r.TransactionStatusResponse != nil {
		n, body = n+1, CategoryTransactionStatus
		if err := checkStatus(r.TransactionStatusResponse); err != nil {
			return nil, err
		}
	}
	if r.ReconciliationResponse != nil {
		n, body = n+1, CategoryReconciliation
		if err := checkResult(r.ReconciliationResponse.Response); err != nil {
			return nil, err
		}
	}
	if n != 1 {
		return nil, bad("%d response bodies, want 1", n)
	}
	if body != r.MessageHeader.MessageCategory {
		return nil, bad("MessageCategory %q carries a %s response", r.MessageHeader.MessageCategory, body)
	}
	return r, nil
}

func checkPayment(p *PaymentResponse) error {
	if err := checkResult(p.Response); err != nil {
		return err
	}
	if p.Response.Result == ResultFailure {
		return nil
	}
	if p.POIData.POITransactionID.TransactionID == "" {
		return bad("approved payment without POITransactionID")
	}
	if p.PaymentResult == nil || p.PaymentResult.AmountsResp == nil || p.PaymentResult.AmountsResp.AuthorizedAmount == "" {
		return bad("approved payment without AuthorizedAmount")
	}
	return nil
}

func checkStatus(s *TransactionStatusResponse) error {
	if err := checkResult(s.Response); err != nil {
		return err
	}
	if s.Response.Result != ResultSuccess {
		return nil
	}
	rm := s.RepeatedMessageResponse
	if rm == nil {
		return bad("successful TransactionStatus without RepeatedMessageResponse")
	}
	body := rm.RepeatedResponseMessageBody
	switch {
	case body.PaymentResponse != nil && body.ReversalResponse == nil:
		return checkPayment(body.PaymentResponse)
	case body.ReversalResponse != nil && body.PaymentResponse == nil:
		return checkResult(body.ReversalResponse.Response)
	}
	return bad("RepeatedResponseMessageBody must hold exactly one response")
}

// DecodeRequest parses and checks a SaleToPOIRequest (the terminal's side).
func DecodeRequest(b []byte) (*Request, error) {
	m, err := decodeMessage(b)
	if err != nil {
		return nil, err
	}
	if m.SaleToPOIResponse != nil || m.SaleToPOIRequest == nil {
		return nil, bad("not a SaleToPOIRequest")
	}
	r := m.SaleToPOIRequest
	if err := checkHeader(r.MessageHeader, TypeRequest); err != nil {
		return nil, err
	}
	if r.MessageHeader.ServiceID == "" {
		return nil, bad("request without ServiceID")
	}
	n := 0
	var body string
	if r.PaymentRequest != nil {
		n, body = n+1, CategoryPayment
	}
	if r.ReversalRequest != nil {
		n, body = n+1, CategoryReversal
	}
	if r.AbortRequest != nil {
		n, body = n+1, CategoryAbort
	}
	if r.TransactionStatusRequest != nil {
		n, body = n+1, CategoryTransactionStatus
	}
	if r.ReconciliationRequest != nil {
		n, body = n+1, CategoryReconciliation
	}
	if r.DisplayRequest != nil {
		n, body = n+1, CategoryDisplay
	}
	if n != 1 {
		return nil, bad("%d request bodies, want 1", n)
	}
	if body != r.MessageHeader.MessageCategory {
		return nil, bad("MessageCategory %q carries a %s request", r.MessageHeader.MessageCategory, body)
	}
	return r, nil
}

// EncodeRequest marshals a request inside its SaleToPOIRequest envelope.
func EncodeRequest(r *Request) ([]byte, error) {
	return json.Marshal(Message{SaleToPOIRequest: r})
}

// EncodeResponse marshals a response inside its SaleToPOIResponse envelope.
func EncodeResponse(r *Response) ([]byte, error) {
	return json.Marshal(Message{SaleToPOIResponse: r})
}

// ReceiptLines returns the text lines of the receipt with the qualifier.
func ReceiptLines(rs []PaymentReceipt, qualifier string) []string {
	var out []string
	for _, r := range rs {
		if r.DocumentQualifier != qualifier {
			continue
		}
		for _, t := range r.OutputContent.OutputText {
			out = append(out, t.Text)
		}
	}
	return out
}
