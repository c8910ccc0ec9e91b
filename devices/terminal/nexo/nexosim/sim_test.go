package nexosim

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/terminal/nexo"
)

func start(t *testing.T, ledger string) (*Server, *nexo.Client) {
	t.Helper()
	s, err := New(Config{Ledger: ledger, Think: 5 * time.Millisecond, Slow: 300 * time.Millisecond, Hang: 5 * time.Second, Downtime: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	addr, err := s.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, &nexo.Client{Addr: addr, SaleID: "lane-1", POIID: "SIM-POI-1"}
}

var sid int

func next() string { sid++; return strconv.Itoa(sid) }

func pay(ctx context.Context, c *nexo.Client, service string, minor int64) (*nexo.PaymentResponse, error) {
	return c.Payment(ctx, nexo.PaymentParams{ServiceID: service, SaleTransactionID: "b-" + service, Minor: minor, Currency: "EUR"})
}

func status(t *testing.T, c *nexo.Client, target string) *nexo.TransactionStatusResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var last error
	for i := 0; i < 30; i++ {
		r, err := c.TransactionStatus(ctx, next(), nexo.MessageReference{MessageCategory: nexo.CategoryPayment, ServiceID: target})
		if err == nil {
			return r
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("status of %s: %v", target, last)
	return nil
}

func TestScenarios(t *testing.T) {
	ledger := filepath.Join(t.TempDir(), "ledger.jsonl")
	s, c := start(t, ledger)
	ctx := context.Background()

	ok := next()
	r, err := pay(ctx, c, ok, 1000)
	if err != nil || r.Response.Result != nexo.ResultSuccess || r.PaymentResult.PaymentInstrumentData.CardData.MaskedPan == "" {
		t.Fatalf("approve: %+v %v", r, err)
	}
	if st := status(t, c, ok); st.Response.Result != nexo.ResultSuccess ||
		st.RepeatedMessageResponse.RepeatedResponseMessageBody.PaymentResponse.POIData.POITransactionID.TransactionID != r.POIData.POITransactionID.TransactionID {
		t.Fatalf("status of approved: %+v", st)
	}
	dup, err := pay(ctx, c, ok, 1000)
	if err != nil || dup.Response.Result != nexo.ResultFailure {
		t.Fatalf("reused ServiceID not refused: %+v %v", dup, err)
	}

	r, err = pay(ctx, c, next(), 1091)
	if err != nil || r.Response.ErrorCondition != nexo.ErrRefusal {
		t.Fatalf("decline: %+v %v", r, err)
	}

	before := next()
	if _, err := pay(ctx, c, before, 1094); !errors.Is(err, nexo.ErrNoResponse) {
		t.Fatalf("drop before: %v", err)
	}
	if st := status(t, c, before); st.Response.ErrorCondition != nexo.ErrNotFound {
		t.Fatalf("status after drop before: %+v", st.Response)
	}

	after := next()
	if _, err := pay(ctx, c, after, 1095); !errors.Is(err, nexo.ErrNoResponse) {
		t.Fatalf("drop after: %v", err)
	}
	if st := status(t, c, after); st.Response.Result != nexo.ResultSuccess {
		t.Fatalf("status after drop after: %+v", st.Response)
	}

	crash := next()
	if _, err := pay(ctx, c, crash, 1096); !errors.Is(err, nexo.ErrNoResponse) {
		t.Fatalf("crash: %v", err)
	}
	// The terminal crashes right after answering nothing: wait for it.
	for deadline := time.Now().Add(5 * time.Second); s.Crashes() != 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no crash")
		}
	}
	if st := status(t, c, crash); st.Response.Result != nexo.ResultSuccess {
		t.Fatalf("status after crash: %+v", st.Response)
	}

	slow := next()
	tctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	_, err = pay(tctx, c, slow, 1093)
	cancel()
	if !errors.Is(err, nexo.ErrNoResponse) {
		t.Fatalf("timeout: %v", err)
	}
	if st := status(t, c, slow); st.Response.ErrorCondition != nexo.ErrInProgress {
		t.Fatalf("slow not in progress: %+v", st.Response)
	}
	time.Sleep(400 * time.Millisecond)
	if st := status(t, c, slow); st.Response.Result != nexo.ResultSuccess {
		t.Fatalf("slow: %+v", st.Response)
	}

	hang := next()
	done := make(chan *nexo.PaymentResponse)
	go func() { r, _ := pay(ctx, c, hang, 1097); done <- r }()
	time.Sleep(100 * time.Millisecond)
	if err := c.Abort(ctx, next(), nexo.MessageReference{MessageCategory: nexo.CategoryPayment, ServiceID: hang}, "MerchantAbort"); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r == nil || r.Response.ErrorCondition != nexo.ErrAborted {
		t.Fatalf("abort: %+v", r)
	}

	rec, err := c.Reconciliation(ctx, next(), nexo.ReconAcquirer)
	if err != nil {
		t.Fatal(err)
	}
	// approved: 10.00, 10.95, 10.96, 10.93
	if len(rec.TransactionTotals) != 1 || rec.TransactionTotals[0].PaymentTotals[0].TransactionCount != 4 ||
		rec.TransactionTotals[0].PaymentTotals[0].TransactionAmount != "42.84" {
		t.Fatalf("totals: %+v", rec.TransactionTotals)
	}
	rec, _ = c.Reconciliation(ctx, next(), nexo.ReconSale)
	if len(rec.TransactionTotals) != 0 {
		t.Fatalf("period not closed: %+v", rec.TransactionTotals)
	}

	// A restarted terminal knows everything from its ledger.
	s.Close()
	_, c2 := start(t, ledger)
	if st := status(t, c2, after); st.Response.Result != nexo.ResultSuccess {
		t.Fatalf("after restart: %+v", st.Response)
	}
	final, err := FinalLedger(ledger)
	if err != nil {
		t.Fatal(err)
	}
	approved := 0
	for _, tx := range final {
		if tx.Approved() {
			approved++
		}
	}
	if approved != 4 {
		t.Fatalf("ledger approvals %d", approved)
	}
}

// The terminal reports each step of a payment on the payment's connection,
// before its answer; the client hands them on in order.
func TestDisplaysDuringPayment(t *testing.T) {
	_, c := start(t, filepath.Join(t.TempDir(), "ledger.jsonl"))
	ctx := context.Background()
	for _, tc := range []struct {
		minor  int64
		result string
		want   []string
	}{
		{1000, nexo.ResultSuccess, []string{nexo.EventPresentCard, nexo.EventEnterPIN, nexo.EventProcessing, nexo.EventRemoveCard, nexo.EventApproved}},
		{1091, nexo.ResultFailure, []string{nexo.EventPresentCard, nexo.EventEnterPIN, nexo.EventProcessing, nexo.EventRemoveCard, nexo.EventDeclined}},
		{1092, nexo.ResultFailure, []string{nexo.EventPresentCard, nexo.EventCancelled}},
	} {
		var got []string
		var texts []string
		r, err := c.Payment(ctx, nexo.PaymentParams{ServiceID: next(), SaleTransactionID: "b", Minor: tc.minor, Currency: "EUR",
			OnDisplay: func(d nexo.Display) { got, texts = append(got, d.Event), append(texts, d.Text) }})
		if err != nil || r.Response.Result != tc.result {
			t.Fatalf("%d: %+v %v", tc.minor, r, err)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%d: displays %v, want %v", tc.minor, got, tc.want)
		}
		if texts[0] != "Insert, tap or swipe card" {
			t.Errorf("%d: first text %q", tc.minor, texts[0])
		}
	}
	// A client that does not listen for displays still gets its answer.
	if r, err := pay(ctx, c, next(), 1000); err != nil || r.Response.Result != nexo.ResultSuccess {
		t.Fatalf("plain payment: %+v %v", r, err)
	}
}
