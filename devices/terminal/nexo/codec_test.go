package nexo

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestAmountExact(t *testing.T) {
	for _, c := range []struct {
		minor  int64
		digits int
		text   string
	}{{1099, 2, "10.99"}, {5, 2, "0.05"}, {0, 2, "0.00"}, {1500, 0, "1500"}, {-250, 2, "-2.50"}, {1, 3, "0.001"}} {
		a := AmountFromMinor(c.minor, c.digits)
		if string(a) != c.text {
			t.Errorf("AmountFromMinor(%d,%d) = %s, want %s", c.minor, c.digits, a, c.text)
		}
		m, err := a.Minor(c.digits)
		if err != nil || m != c.minor {
			t.Errorf("%s.Minor(%d) = %d, %v", a, c.digits, m, err)
		}
	}
	for _, s := range []string{"10.999", "1e3", "abc", "", ".5", "5.", "99999999999999999999"} {
		if _, err := Amount(s).Minor(2); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	if m, err := Amount("10.5").Minor(2); err != nil || m != 1050 {
		t.Errorf("10.5 = %d %v", m, err)
	}
	var a Amount
	if err := json.Unmarshal([]byte(`"10.00"`), &a); err == nil {
		t.Error("a JSON string accepted as an amount")
	}
}

func samplePayment() *Response {
	online := true
	return &Response{
		MessageHeader: MessageHeader{ProtocolVersion: ProtocolVersion, MessageClass: ClassService, MessageCategory: CategoryPayment,
			MessageType: TypeResponse, ServiceID: "1234567", SaleID: "lane-1", POIID: "SIM-POI-1"},
		PaymentResponse: &PaymentResponse{
			Response: ResponseResult{Result: ResultSuccess},
			SaleData: SaleData{SaleTransactionID: TransactionIdentification{TransactionID: "basket-1", TimeStamp: "2026-12-06T11:30:00Z"}},
			POIData:  POIData{POITransactionID: TransactionIdentification{TransactionID: "SIM00000042", TimeStamp: "2026-12-06T11:30:02Z"}},
			PaymentResult: &PaymentResult{
				PaymentInstrumentData: &PaymentInstrumentData{PaymentInstrumentType: "Card", CardData: &CardData{PaymentBrand: "VISA", MaskedPan: "411111******1111"}},
				AmountsResp:           &AmountsResp{Currency: "EUR", AuthorizedAmount: "12.34"},
				PaymentAcquirerData:   &PaymentAcquirerData{ApprovalCode: "123456"},
				OnlineFlag:            &online,
			},
			PaymentReceipt: []PaymentReceipt{{DocumentQualifier: DocCustomer, OutputContent: OutputContent{OutputFormat: "Text",
				OutputText: []OutputText{{Text: "COPIA CLIENTE"}, {Text: "VISA 411111******1111"}, {Text: "IMPORTE 12.34 EUR"}}}}},
		},
	}
}

func TestResponseRoundTripAndFraming(t *testing.T) {
	want := samplePayment()
	body, err := EncodeResponse(want)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteFrame(&buf, body); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFrame(&buf)
	if err != nil {
		t.Fatal(err)
	}
	r, err := DecodeResponse(got)
	if err != nil {
		t.Fatal(err)
	}
	if r.PaymentResponse.POIData.POITransactionID.TransactionID != "SIM00000042" ||
		r.PaymentResponse.PaymentResult.AmountsResp.AuthorizedAmount != "12.34" ||
		len(ReceiptLines(r.PaymentResponse.PaymentReceipt, DocCustomer)) != 3 {
		t.Fatalf("round trip lost data: %+v", r.PaymentResponse)
	}
	if !strings.Contains(string(body), `"AuthorizedAmount":12.34`) {
		t.Errorf("amount not a JSON number: %s", body)
	}
}

func TestDecodeResponseRejects(t *testing.T) {
	base, _ := EncodeResponse(samplePayment())
	for name, mut := range map[string]func(string) string{
		"request": func(s string) string { return strings.Replace(s, "SaleToPOIResponse", "SaleToPOIRequest", 1) },
		"type": func(s string) string {
			return strings.Replace(s, `"MessageType":"Response"`, `"MessageType":"Request"`, 1)
		},
		"category": func(s string) string {
			return strings.Replace(s, `"MessageCategory":"Payment"`, `"MessageCategory":"Reversal"`, 1)
		},
		"result":       func(s string) string { return strings.Replace(s, `"Result":"Success"`, `"Result":"Maybe"`, 1) },
		"amount":       func(s string) string { return strings.Replace(s, `12.34`, `"12.34"`, 1) },
		"trailing":     func(s string) string { return s + `{}` },
		"no poi tx id": func(s string) string { return strings.Replace(s, `"SIM00000042"`, `""`, 1) },
		"truncated":    func(s string) string { return s[:len(s)/2] },
	} {
		if _, err := DecodeResponse([]byte(mut(string(base)))); err == nil {
			t.Errorf("%s: accepted", name)
		} else if var_ := (*DecodeError)(nil); !errors.As(err, &var_) {
			t.Errorf("%s: error %v is not a DecodeError", name, err)
		}
	}
}

func TestFrameLimit(t *testing.T) {
	var buf bytes.Buffer
	buf.Write([]byte{0x7f, 0, 0, 0})
	if _, err := ReadFrame(&buf); !errors.Is(err, ErrFrameTooLarge) {
		t.Fatalf("got %v", err)
	}
}

func FuzzDecodeResponse(f *testing.F) {
	b, _ := EncodeResponse(samplePayment())
	f.Add(b)
	st := &Response{MessageHeader: MessageHeader{MessageClass: ClassService, MessageCategory: CategoryTransactionStatus, MessageType: TypeResponse, ServiceID: "9", SaleID: "l", POIID: "p"},
		TransactionStatusResponse: &TransactionStatusResponse{Response: ResponseResult{Result: ResultSuccess},
			RepeatedMessageResponse: &RepeatedMessageResponse{RepeatedResponseMessageBody: RepeatedResponseMessageBody{PaymentResponse: samplePayment().PaymentResponse}}}}
	b, _ = EncodeResponse(st)
	f.Add(b)
	rc := &Response{MessageHeader: MessageHeader{MessageClass: ClassService, MessageCategory: CategoryReconciliation, MessageType: TypeResponse, ServiceID: "9", SaleID: "l", POIID: "p"},
		ReconciliationResponse: &ReconciliationResponse{Response: ResponseResult{Result: ResultSuccess}, ReconciliationType: ReconSale,
			TransactionTotals: []TransactionTotals{{PaymentInstrumentType: "Card", PaymentCurrency: "EUR", PaymentTotals: []PaymentTotal{{TransactionType: TotalDebit, TransactionCount: 2, TransactionAmount: "20.00"}}}}}}
	b, _ = EncodeResponse(rc)
	f.Add(b)
	f.Add([]byte(`{"SaleToPOIResponse":{}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeResponse(data)
		if err != nil {
			if r != nil {
				t.Fatal("response and error")
			}
			return
		}
		// A decoded response re-encodes to something that decodes the same.
		again, err := EncodeResponse(r)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		r2, err := DecodeResponse(again)
		if err != nil {
			t.Fatalf("re-decode of %s: %v", again, err)
		}
		a, _ := json.Marshal(r)
		b, _ := json.Marshal(r2)
		if !bytes.Equal(a, b) {
			t.Fatalf("unstable: %s vs %s", a, b)
		}
		if p := r.PaymentResponse; p != nil && p.Response.Result != ResultFailure {
			if _, _, _, err := p.PaymentResult.AmountsResp.AuthorizedAmount.parts(); err != nil {
				t.Fatalf("accepted bad amount: %v", err)
			}
		}
	})
}

func BenchmarkDecodeResponse(b *testing.B) {
	body, _ := EncodeResponse(samplePayment())
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeResponse(body); err != nil {
			b.Fatal(err)
		}
	}
}
