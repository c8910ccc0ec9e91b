// Package nexosim is a card payment terminal simulator: the terminal's side
// of the nexo JSON protocol over TCP (package nexo), with a durable ledger
// and scenarios for every failure a lane must survive. cmd/omnilane-sim
// runs it as `omnilane-sim terminal`.
//
// Scenarios are chosen per run (Config.Scenario) or, with the default
// ScenarioByAmount, per request by the last two digits of the amount in
// minor units:
//
//	.91 decline       .92 customer cancels   .93 slow (Config.Slow) then approve
//	.94 drop before   .95 drop after approve .96 crash after approve, come back
//	.97 hang until aborted  .98 acquirer down (offline approval if allowed)
//	anything else approves
//
// The ledger is a JSON-lines file, one fsynced record per state change; the
// simulator reloads it on start and after a crash, so TransactionStatus is
// always answered truthfully from it.
package nexosim

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/omnilane/omnilane/devices/terminal/nexo"
)

// Scenarios.
const (
	ScenarioByAmount   = "amount"
	ScenarioApprove    = "approve"
	ScenarioDecline    = "decline"
	ScenarioCancel     = "cancel"
	ScenarioSlow       = "slow"
	ScenarioDropBefore = "drop-before"
	ScenarioDropAfter  = "drop-after"
	ScenarioCrash      = "crash"
	ScenarioHang       = "hang"
	// ScenarioAcquirerDown: the terminal cannot reach the acquirer; it
	// approves offline (store and forward) unless the request forces online,
	// in which case it declines (UnreachableHost).
	ScenarioAcquirerDown = "acquirer-down"
)

// Scenarios lists every scenario name a run may choose.
var Scenarios = []string{ScenarioByAmount, ScenarioApprove, ScenarioDecline, ScenarioCancel, ScenarioSlow,
	ScenarioDropBefore, ScenarioDropAfter, ScenarioCrash, ScenarioHang, ScenarioAcquirerDown}

// ScenarioForAmount picks a scenario from the last two digits of an amount.
func ScenarioForAmount(minor int64) string {
	switch minor % 100 {
	case 91:
		return ScenarioDecline
	case 92:
		return ScenarioCancel
	case 93:
		return ScenarioSlow
	case 94:
		return ScenarioDropBefore
	case 95:
		return ScenarioDropAfter
	case 96:
		return ScenarioCrash
	case 97:
		return ScenarioHang
	case 98:
		return ScenarioAcquirerDown
	}
	return ScenarioApprove
}

// Config configures a simulated terminal.
type Config struct {
	// POIID is the terminal's id; "SIM-POI-1" if empty.
	POIID string
	// Ledger is the path of the ledger file (created if missing).
	Ledger string
	// Scenario for every request; ScenarioByAmount if empty.
	Scenario string
	// Think is how long a normal transaction takes; 50 ms if zero.
	Think time.Duration
	// Slow is how long a slow transaction takes; 3 s if zero.
	Slow time.Duration
	// Hang is how long a hanging transaction waits for an abort before the
	// customer walks away (cancelled); 60 s if zero.
	Hang time.Duration
	// Downtime is how long a crash keeps the terminal off the network; 1 s if zero.
	Downtime time.Duration
	// Log receives what the terminal does.
	Log *slog.Logger
}

// Txn is one message pair the terminal processed, as the ledger keeps it.
type Txn struct {
	// Kind is "txn" for transactions, "close" for a closed reconciliation period.
	Kind string `json:"kind"`
	// SaleID and ServiceID identify the pair.
	SaleID    string `json:"sale_id,omitempty"`
	ServiceID string `json:"service_id,omitempty"`
	// Category is Payment or Reversal; PaymentType Normal or Refund.
	Category    string `json:"category,omitempty"`
	PaymentType string `json:"payment_type,omitempty"`
	// State is "in_progress" or "done".
	State string `json:"state,omitempty"`
	// Minor and Currency are the amount.
	Minor    int64  `json:"minor,omitempty"`
	Currency string `json:"currency,omitempty"`
	// Result is Success or Failure; ErrorCondition says why it failed.
	Result         string `json:"result,omitempty"`
	ErrorCondition string `json:"error_condition,omitempty"`
	// TxID and TxTime are the terminal's transaction id and time stamp.
	TxID   string `json:"tx_id,omitempty"`
	TxTime string `json:"tx_time,omitempty"`
	// Reverses is the TxID a reversal cancels; Reversed marks a reversed payment.
	Reverses string `json:"reverses,omitempty"`
	Reversed bool   `json:"reversed,omitempty"`
	// Brand of the card.
	Brand string `json:"brand,omitempty"`
	// ReconID is the reconciliation period that closed it (0 while open).
	ReconID int `json:"recon_id,omitempty"`
	// Response is the full response body as sent (or as it would have been).
	Response json.RawMessage `json:"response,omitempty"`
}

func (t *Txn) key() string { return t.SaleID + "/" + t.ServiceID }

// Approved reports a done, successful payment or reversal.
func (t *Txn) Approved() bool { return t.State == "done" && t.Result == nexo.ResultSuccess }

// Server is a running simulated terminal.
type Server struct {
	cfg Config
	log *slog.Logger

	mu      sync.Mutex
	addr    string
	ln      net.Listener
	ledger  *os.File
	epoch   int
	txns    map[string]*Txn
	order   []string
	byTx    map[string]*Txn
	aborts  map[string]chan struct{}
	conns   map[net.Conn]struct{}
	nextTx  int
	recon   int
	closed  bool
	done    chan struct{}
	crashes int
}

// New loads the ledger and returns a server that is not yet listening.
func New(cfg Config) (*Server, error) {
	if cfg.POIID == "" {
		cfg.POIID = "SIM-POI-1"
	}
	if cfg.Scenario == "" {
		cfg.Scenario = ScenarioByAmount
	}
	ok := false
	for _, s := range Scenarios {
		ok = ok || s == cfg.Scenario
	}
	if !ok {
		return nil, fmt.Errorf("unknown scenario %q (one of %s)", cfg.Scenario, strings.Join(Scenarios, ", "))
	}
	if cfg.Ledger == "" {
		return nil, errors.New("a ledger file is required")
	}
	if cfg.Think == 0 {
		cfg.Think = 50 * time.Millisecond
	}
	if cfg.Slow == 0 {
		cfg.Slow = 3 * time.Second
	}
	if cfg.Hang == 0 {
		cfg.Hang = 60 * time.Second
	}
	if cfg.Downtime == 0 {
		cfg.Downtime = time.Second
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{cfg: cfg, log: log, done: make(chan struct{})}
	if err := s.load(); err != nil {
		return nil, err
	}
	return s, nil
}

// load (re)reads the ledger into memory; transactions left in progress by a
// crash are recorded as aborted. s.mu is held or the server is not running.
func (s *Server) load() error {
	s.txns, s.byTx, s.order = map[string]*Txn{}, map[string]*Txn{}, nil
	s.aborts, s.conns = map[string]chan struct{}{}, map[net.Conn]struct{}{}
	s.nextTx, s.recon = 0, 0
	recs, err := ReadLedger(s.cfg.Ledger)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	for _, r := range recs {
		s.apply(r)
	}
	f, err := os.OpenFile(s.cfg.Ledger, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	s.ledger = f
	for _, k := range s.order {
		t := s.txns[k]
		if t.State == "in_progress" {
			c := *t
			c.State, c.Result, c.ErrorCondition = "done", nexo.ResultFailure, nexo.ErrAborted
			c.Response = nil
			if err := s.write(&c); err != nil {
				return err
			}
		}
	}
	return nil
}

// apply folds one ledger record into memory.
func (s *Server) apply(r Txn) {
	if r.Kind == "close" {
		s.recon = r.ReconID
		for _, t := range s.txns {
			if t.State == "done" && t.ReconID == 0 {
				t.ReconID = r.ReconID
			}
		}
		return
	}
	c := r
	if _, ok := s.txns[c.key()]; !ok {
		s.order = append(s.order, c.key())
	}
	s.txns[c.key()] = &c
	if c.TxID != "" {
		s.byTx[c.TxID] = &c
		if n, err := strconv.Atoi(strings.TrimPrefix(c.TxID, "SIM")); err == nil && n > s.nextTx {
			s.nextTx = n
		}
	}
	if c.Reverses != "" && c.Approved() {
		if o := s.byTx[c.Reverses]; o != nil {
			o.Reversed = true
		}
	}
}

// write appends a record to the ledger, fsyncs it, and applies it.
func (s *Server) write(r *Txn) error {
	if r.Kind == "" {
		r.Kind = "txn"
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if _, err := s.ledger.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	if err := s.ledger.Sync(); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	s.apply(*r)
	return nil
}

// ReadLedger reads every record of a ledger file in order. A torn last line
// (the terminal died mid-write) is ignored.
func ReadLedger(path string) ([]Txn, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Txn
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var t Txn
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			continue
		}
		out = append(out, t)
	}
	return out, sc.Err()
}

// FinalLedger folds a ledger file into the last state of each transaction,
// in first-seen order.
func FinalLedger(path string) ([]Txn, error) {
	recs, err := ReadLedger(path)
	if err != nil {
		return nil, err
	}
	s := &Server{txns: map[string]*Txn{}, byTx: map[string]*Txn{}}
	for _, r := range recs {
		s.apply(r)
	}
	out := make([]Txn, 0, len(s.order))
	for _, k := range s.order {
		out = append(out, *s.txns[k])
	}
	return out, nil
}

// Listen starts serving on addr (host:port, port 0 for any) and returns the
// address it listens on.
func (s *Server) Listen(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	s.ln, s.addr = ln, ln.Addr().String()
	epoch := s.epoch
	s.mu.Unlock()
	go s.serve(ln, epoch)
	s.log.Info("terminal listening", "addr", s.addr, "poi", s.cfg.POIID)
	return s.addr, nil
}

// Addr is the address the terminal listens on.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Crashes counts the simulated crashes so far.
func (s *Server) Crashes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.crashes
}

// Close stops the terminal.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.epoch++
	if s.ln != nil {
		s.ln.Close()
	}
	for c := range s.conns {
		c.Close()
	}
	close(s.done)
	return s.ledger.Close()
}

// Done is closed when the server is closed.
func (s *Server) Done() <-chan struct{} { return s.done }

func (s *Server) serve(ln net.Listener, epoch int) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.epoch != epoch {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		go s.handle(c, epoch)
	}
}

// crash drops every connection and the listener, forgets everything not in
// the ledger, and comes back on the same address after the downtime.
func (s *Server) crash() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.epoch++
	s.crashes++
	s.ln.Close()
	for c := range s.conns {
		c.Close()
	}
	s.ledger.Close()
	addr := s.addr
	s.mu.Unlock()
	s.log.Warn("terminal crashed", "downtime", s.cfg.Downtime)
	go func() {
		time.Sleep(s.cfg.Downtime)
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return
		}
		err := s.load()
		s.mu.Unlock()
		if err != nil {
			s.log.Error("terminal could not come back", "err", err)
			return
		}
		for i := 0; i < 50; i++ {
			if _, err = s.Listen(addr); err == nil {
				s.log.Info("terminal back after crash")
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		s.log.Error("terminal could not listen again", "err", err)
	}()
}

func (s *Server) handle(c net.Conn, epoch int) {
	defer func() {
		c.Close()
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
	}()
	for {
		b, err := nexo.ReadFrame(c)
		if err != nil {
			return
		}
		req, err := nexo.DecodeRequest(b)
		if err != nil {
			s.log.Warn("bad request", "err", err)
			return
		}
		if req.MessageHeader.POIID != s.cfg.POIID {
			s.log.Warn("request for another terminal", "poi", req.MessageHeader.POIID)
			return
		}
		resp, keep := s.serveRequest(req, epoch, func(event, text string) { s.display(c, req.MessageHeader, event, text) })
		if resp == nil {
			if !keep {
				return
			}
			continue
		}
		body, err := nexo.EncodeResponse(resp)
		if err != nil {
			s.log.Error("encode response", "err", err)
			return
		}
		if err := nexo.WriteFrame(c, body); err != nil {
			return
		}
	}
}

// display sends the sale system a progress DisplayRequest for the payment
// with header q, on the payment's connection; a failed write is left to the
// response's write to notice.
func (s *Server) display(c net.Conn, q nexo.MessageHeader, event, text string) {
	h := q
	h.MessageClass, h.MessageCategory = nexo.ClassDevice, nexo.CategoryDisplay
	body, err := nexo.EncodeRequest(&nexo.Request{MessageHeader: h, DisplayRequest: nexo.NewDisplay(event, text)})
	if err != nil {
		s.log.Error("encode display", "err", err)
		return
	}
	s.log.Debug("display", "service", q.ServiceID, "event", event)
	nexo.WriteFrame(c, body)
}

// displayTexts are the terminal's own words for each progress event.
var displayTexts = map[string]string{
	nexo.EventPresentCard: "Insert, tap or swipe card",
	nexo.EventEnterPIN:    "Enter PIN",
	nexo.EventProcessing:  "Processing",
	nexo.EventRemoveCard:  "Remove card",
	nexo.EventApproved:    "Approved",
	nexo.EventDeclined:    "Declined",
	nexo.EventCancelled:   "Cancelled",
}

func respHeader(q nexo.MessageHeader) nexo.MessageHeader {
	h := q
	h.MessageType = nexo.TypeResponse
	return h
}

// serveRequest answers one request; nil with keep=false drops the line.
// notify reports a payment's progress to the sale system.
func (s *Server) serveRequest(req *nexo.Request, epoch int, notify func(event, text string)) (*nexo.Response, bool) {
	h := req.MessageHeader
	switch {
	case req.PaymentRequest != nil:
		pr, ok := s.payment(h, req.PaymentRequest, epoch, notify)
		if pr == nil {
			return nil, ok
		}
		return &nexo.Response{MessageHeader: respHeader(h), PaymentResponse: pr}, true
	case req.ReversalRequest != nil:
		return &nexo.Response{MessageHeader: respHeader(h), ReversalResponse: s.reversal(h, req.ReversalRequest, epoch)}, true
	case req.AbortRequest != nil:
		ref := req.AbortRequest.MessageReference
		if ref.SaleID == "" {
			ref.SaleID = h.SaleID
		}
		s.mu.Lock()
		if ch, ok := s.aborts[ref.SaleID+"/"+ref.ServiceID]; ok {
			select {
			case <-ch:
			default:
				close(ch)
			}
		}
		s.mu.Unlock()
		s.log.Info("abort", "service", ref.ServiceID)
		return nil, true
	case req.TransactionStatusRequest != nil:
		return &nexo.Response{MessageHeader: respHeader(h), TransactionStatusResponse: s.status(h, req.TransactionStatusRequest)}, true
	case req.ReconciliationRequest != nil:
		return &nexo.Response{MessageHeader: respHeader(h), ReconciliationResponse: s.reconcile(req.ReconciliationRequest.ReconciliationType, epoch)}, true
	}
	return nil, false
}

var testCards = []struct{ pan, brand string }{
	{"4111111111111111", "VISA"},
	{"5555555555554444", "MASTERCARD"},
	{"4012888888881881", "VISA"},
	{"5105105105105100", "MASTERCARD"},
}

// mask keeps the first six and last four digits.
func mask(pan string) string {
	return pan[:6] + strings.Repeat("*", len(pan)-10) + pan[len(pan)-4:]
}

func fail(cond, why string) nexo.ResponseResult {
	return nexo.ResponseResult{Result: nexo.ResultFailure, ErrorCondition: cond, AdditionalResponse: "message=" + why}
}

// payment processes a PaymentRequest. While the customer uses the card it
// reports progress through notify: card presented, PIN, processing, then
// (only when it answers) card removed and the outcome.
func (s *Server) payment(h nexo.MessageHeader, p *nexo.PaymentRequest, epoch int, notify func(event, text string)) (*nexo.PaymentResponse, bool) {
	cur := p.PaymentTransaction.AmountsReq.Currency
	minor, err := p.PaymentTransaction.AmountsReq.RequestedAmount.Minor(nexo.CurrencyDigits(cur))
	base := nexo.PaymentResponse{SaleData: p.SaleData}
	if err != nil || minor <= 0 || cur == "" {
		base.Response = fail(nexo.ErrMessageFormat, "bad amount")
		return &base, true
	}
	ptype := nexo.PaymentNormal
	if p.PaymentData != nil && p.PaymentData.PaymentType != "" {
		ptype = p.PaymentData.PaymentType
	}
	scenario := s.cfg.Scenario
	if scenario == ScenarioByAmount {
		scenario = ScenarioForAmount(minor)
	}
	s.log.Info("payment", "service", h.ServiceID, "type", ptype, "minor", minor, "scenario", scenario)
	if scenario == ScenarioDropBefore {
		return nil, false
	}
	key := h.SaleID + "/" + h.ServiceID
	s.mu.Lock()
	if s.epoch != epoch {
		s.mu.Unlock()
		return nil, false
	}
	if _, dup := s.txns[key]; dup {
		s.mu.Unlock()
		base.Response = fail(nexo.ErrNotAllowed, "ServiceID already used")
		return &base, true
	}
	for _, k := range s.order {
		if t := s.txns[k]; t.State == "in_progress" {
			s.mu.Unlock()
			base.Response = fail(nexo.ErrBusy, "terminal busy")
			return &base, true
		}
	}
	t := &Txn{SaleID: h.SaleID, ServiceID: h.ServiceID, Category: nexo.CategoryPayment, PaymentType: ptype,
		State: "in_progress", Minor: minor, Currency: cur}
	if err := s.write(t); err != nil {
		s.mu.Unlock()
		base.Response = fail(nexo.ErrUnavailableDevice, err.Error())
		return &base, true
	}
	abort := make(chan struct{})
	s.aborts[key] = abort
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.aborts, key)
		s.mu.Unlock()
	}()

	wait := s.cfg.Think
	switch scenario {
	case ScenarioSlow:
		wait = s.cfg.Slow
	case ScenarioHang:
		wait = s.cfg.Hang
		scenario = ScenarioCancel
	}
	say := func(event string) { notify(event, displayTexts[event]) }
	// The customer's steps share the wait; a hanging terminal stays on the
	// first. An abort ends any step.
	steps := []string{nexo.EventPresentCard, nexo.EventEnterPIN, nexo.EventProcessing}
	if scenario == ScenarioCancel {
		steps = steps[:1]
	}
	aborted := false
	for _, ev := range steps {
		say(ev)
		select {
		case <-time.After(wait / time.Duration(len(steps))):
		case <-abort:
			aborted = true
		}
		if aborted {
			break
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.epoch != epoch {
		return nil, false // crashed meanwhile: the ledger says in progress, reload aborts it
	}
	done := *s.txns[key]
	done.State = "done"
	resp := base
	resp.POIData.POITransactionID.TimeStamp = time.Now().UTC().Format(time.RFC3339Nano)
	switch {
	case aborted:
		resp.Response = fail(nexo.ErrAborted, "aborted by the sale system")
	case scenario == ScenarioDecline:
		resp.Response = fail(nexo.ErrRefusal, "declined by the issuer")
	case scenario == ScenarioCancel:
		resp.Response = fail(nexo.ErrCancel, "cancelled by the customer")
	case scenario == ScenarioAcquirerDown && (p.PaymentTransaction.TransactionConditions == nil || p.PaymentTransaction.TransactionConditions.ForceOnlineFlag):
		resp.Response = fail(nexo.ErrUnreachableHost, "acquirer unreachable and online authorisation required")
	default:
		s.nextTx++
		card := testCards[s.nextTx%len(testCards)]
		done.TxID = fmt.Sprintf("SIM%08d", s.nextTx)
		done.TxTime = resp.POIData.POITransactionID.TimeStamp
		done.Brand = card.brand
		resp.Response = nexo.ResponseResult{Result: nexo.ResultSuccess}
		resp.POIData.POITransactionID.TransactionID = done.TxID
		online := scenario != ScenarioAcquirerDown
		auth := fmt.Sprintf("%06d", (s.nextTx*7919)%1000000)
		resp.PaymentResult = &nexo.PaymentResult{
			PaymentType: ptype,
			PaymentInstrumentData: &nexo.PaymentInstrumentData{PaymentInstrumentType: "Card",
				CardData: &nexo.CardData{PaymentBrand: card.brand, MaskedPan: mask(card.pan), EntryMode: []string{"Contactless"}}},
			AmountsResp:         &nexo.AmountsResp{Currency: cur, AuthorizedAmount: nexo.AmountFromMinor(minor, nexo.CurrencyDigits(cur))},
			PaymentAcquirerData: &nexo.PaymentAcquirerData{ApprovalCode: auth},
			OnlineFlag:          &online,
		}
		resp.PaymentReceipt = receipts(ptype, card.brand, mask(card.pan), auth, done.TxID, done.TxTime, minor, cur, !online)
	}
	done.Result, done.ErrorCondition = resp.Response.Result, resp.Response.ErrorCondition
	done.Response, _ = json.Marshal(resp)
	if err := s.write(&done); err != nil {
		s.log.Error("ledger write failed", "err", err)
		return nil, false
	}
	switch {
	case done.Result != nexo.ResultSuccess:
		if len(steps) > 1 && !aborted {
			say(nexo.EventRemoveCard)
		}
		if aborted || scenario == ScenarioCancel {
			say(nexo.EventCancelled)
		} else {
			say(nexo.EventDeclined)
		}
	case scenario == ScenarioDropAfter:
		s.log.Warn("dropping the line after approval", "tx", done.TxID)
		return nil, false
	case scenario == ScenarioCrash:
		s.log.Warn("crashing after approval", "tx", done.TxID)
		go s.crash()
		return nil, false
	default:
		say(nexo.EventRemoveCard)
		say(nexo.EventApproved)
	}
	return &resp, true
}

func receipts(ptype, brand, masked, auth, txid, at string, minor int64, cur string, offline bool) []nexo.PaymentReceipt {
	op := "VENTA / SALE"
	if ptype == nexo.PaymentRefund {
		op = "DEVOLUCION / REFUND"
	}
	amount := string(nexo.AmountFromMinor(minor, nexo.CurrencyDigits(cur))) + " " + cur
	body := []string{brand, "TARJETA " + masked, op, "IMPORTE " + amount, "AUT " + auth, "OPER " + txid, at, "APROBADA / APPROVED"}
	if offline {
		body = append(body, "OFFLINE - PENDIENTE DE ENVIO / STORED FOR FORWARDING")
	}
	mk := func(q, title string, extra ...string) nexo.PaymentReceipt {
		lines := append(append([]string{title}, body...), extra...)
		out := nexo.PaymentReceipt{DocumentQualifier: q, OutputContent: nexo.OutputContent{OutputFormat: "Text"}}
		for _, l := range lines {
			out.OutputContent.OutputText = append(out.OutputContent.OutputText, nexo.OutputText{Text: l})
		}
		return out
	}
	return []nexo.PaymentReceipt{
		mk(nexo.DocCashier, "COPIA COMERCIO / MERCHANT COPY", "FIRMA NO NECESARIA"),
		mk(nexo.DocCustomer, "COPIA CLIENTE / CUSTOMER COPY"),
	}
}

func (s *Server) reversal(h nexo.MessageHeader, r *nexo.ReversalRequest, epoch int) *nexo.ReversalResponse {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := h.SaleID + "/" + h.ServiceID
	if _, dup := s.txns[key]; dup {
		return &nexo.ReversalResponse{Response: fail(nexo.ErrNotAllowed, "ServiceID already used")}
	}
	o := s.byTx[r.OriginalPOITransaction.POITransactionID.TransactionID]
	if o == nil || !o.Approved() || o.Category != nexo.CategoryPayment {
		return &nexo.ReversalResponse{Response: fail(nexo.ErrNotFound, "no such approved transaction")}
	}
	if o.Reversed {
		return &nexo.ReversalResponse{Response: fail(nexo.ErrNotAllowed, "already reversed")}
	}
	s.nextTx++
	now := time.Now().UTC().Format(time.RFC3339Nano)
	t := &Txn{SaleID: h.SaleID, ServiceID: h.ServiceID, Category: nexo.CategoryReversal, PaymentType: o.PaymentType,
		State: "done", Minor: o.Minor, Currency: o.Currency, Result: nexo.ResultSuccess,
		TxID: fmt.Sprintf("SIM%08d", s.nextTx), TxTime: now, Reverses: o.TxID, Brand: o.Brand}
	resp := &nexo.ReversalResponse{Response: nexo.ResponseResult{Result: nexo.ResultSuccess},
		POIData:        &nexo.POIData{POITransactionID: nexo.TransactionIdentification{TransactionID: t.TxID, TimeStamp: now}},
		ReversedAmount: nexo.AmountFromMinor(o.Minor, nexo.CurrencyDigits(o.Currency))}
	t.Response, _ = json.Marshal(resp)
	if err := s.write(t); err != nil {
		return &nexo.ReversalResponse{Response: fail(nexo.ErrUnavailableDevice, err.Error())}
	}
	return resp
}

func (s *Server) status(h nexo.MessageHeader, r *nexo.TransactionStatusRequest) *nexo.TransactionStatusResponse {
	s.mu.Lock()
	defer s.mu.Unlock()
	var t *Txn
	if r.MessageReference != nil && r.MessageReference.ServiceID != "" {
		sale := r.MessageReference.SaleID
		if sale == "" {
			sale = h.SaleID
		}
		t = s.txns[sale+"/"+r.MessageReference.ServiceID]
	} else {
		for i := len(s.order) - 1; i >= 0; i-- {
			if c := s.txns[s.order[i]]; c.SaleID == h.SaleID {
				t = c
				break
			}
		}
	}
	if t == nil {
		return &nexo.TransactionStatusResponse{Response: fail(nexo.ErrNotFound, "no such transaction")}
	}
	ref := &nexo.MessageReference{MessageCategory: t.Category, ServiceID: t.ServiceID, SaleID: t.SaleID, POIID: s.cfg.POIID}
	if t.State != "done" {
		return &nexo.TransactionStatusResponse{Response: fail(nexo.ErrInProgress, "transaction in progress"), MessageReference: ref}
	}
	orig := nexo.MessageHeader{ProtocolVersion: nexo.ProtocolVersion, MessageClass: nexo.ClassService, MessageCategory: t.Category,
		MessageType: nexo.TypeResponse, ServiceID: t.ServiceID, SaleID: t.SaleID, POIID: s.cfg.POIID}
	body := nexo.RepeatedResponseMessageBody{}
	if t.Category == nexo.CategoryReversal {
		var rr nexo.ReversalResponse
		if json.Unmarshal(t.Response, &rr) != nil {
			rr = nexo.ReversalResponse{Response: nexo.ResponseResult{Result: t.Result, ErrorCondition: t.ErrorCondition}}
		}
		body.ReversalResponse = &rr
	} else {
		var pr nexo.PaymentResponse
		if json.Unmarshal(t.Response, &pr) != nil {
			pr = nexo.PaymentResponse{Response: nexo.ResponseResult{Result: t.Result, ErrorCondition: t.ErrorCondition}}
		}
		body.PaymentResponse = &pr
	}
	return &nexo.TransactionStatusResponse{Response: nexo.ResponseResult{Result: nexo.ResultSuccess}, MessageReference: ref,
		RepeatedMessageResponse: &nexo.RepeatedMessageResponse{MessageHeader: orig, RepeatedResponseMessageBody: body}}
}

// Totals are the open period's totals per currency and transaction type
// (Debit: payments, Credit: refunds, ReverseDebit: reversals).
func (s *Server) totals() []nexo.TransactionTotals {
	type k struct{ cur, typ string }
	sum := map[k]*nexo.PaymentTotal{}
	var curs []string
	minor := map[k]int64{}
	for _, key := range s.order {
		t := s.txns[key]
		if !t.Approved() || t.ReconID != 0 {
			continue
		}
		typ := nexo.TotalDebit
		switch {
		case t.Category == nexo.CategoryReversal:
			typ = nexo.TotalReverseDebit
		case t.PaymentType == nexo.PaymentRefund:
			typ = nexo.TotalCredit
		}
		kk := k{t.Currency, typ}
		if sum[kk] == nil {
			sum[kk] = &nexo.PaymentTotal{TransactionType: typ}
		}
		sum[kk].TransactionCount++
		minor[kk] += t.Minor
		found := false
		for _, c := range curs {
			found = found || c == t.Currency
		}
		if !found {
			curs = append(curs, t.Currency)
		}
	}
	var out []nexo.TransactionTotals
	for _, c := range curs {
		tt := nexo.TransactionTotals{PaymentInstrumentType: "Card", PaymentCurrency: c}
		for _, typ := range []string{nexo.TotalDebit, nexo.TotalCredit, nexo.TotalReverseDebit} {
			if p := sum[k{c, typ}]; p != nil {
				p.TransactionAmount = nexo.AmountFromMinor(minor[k{c, typ}], nexo.CurrencyDigits(c))
				tt.PaymentTotals = append(tt.PaymentTotals, *p)
			}
		}
		out = append(out, tt)
	}
	return out
}

func (s *Server) reconcile(typ string, epoch int) *nexo.ReconciliationResponse {
	s.mu.Lock()
	defer s.mu.Unlock()
	resp := &nexo.ReconciliationResponse{ReconciliationType: typ, TransactionTotals: s.totals()}
	switch typ {
	case nexo.ReconSale:
		resp.Response = nexo.ResponseResult{Result: nexo.ResultSuccess}
		resp.POIReconciliationID = strconv.Itoa(s.recon + 1)
	case nexo.ReconAcquirer:
		id := s.recon + 1
		if err := s.write(&Txn{Kind: "close", ReconID: id}); err != nil {
			resp.Response = fail(nexo.ErrUnavailableDevice, err.Error())
			return resp
		}
		resp.Response = nexo.ResponseResult{Result: nexo.ResultSuccess}
		resp.POIReconciliationID = strconv.Itoa(id)
	default:
		resp.Response = fail(nexo.ErrMessageFormat, "unknown ReconciliationType")
	}
	return resp
}

// Run listens on addr and serves until ctx ends.
func (s *Server) Run(ctx context.Context, addr string, ready func(addr string)) error {
	a, err := s.Listen(addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(a)
	}
	select {
	case <-ctx.Done():
	case <-s.done:
	}
	return s.Close()
}
