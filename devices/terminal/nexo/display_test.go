package nexo

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func sampleDisplay(event, text string) *Request {
	return &Request{MessageHeader: MessageHeader{ProtocolVersion: ProtocolVersion, MessageClass: ClassDevice, MessageCategory: CategoryDisplay,
		MessageType: TypeRequest, ServiceID: "1234567", SaleID: "lane-1", POIID: "SIM-POI-1"}, DisplayRequest: NewDisplay(event, text)}
}

func TestDisplayRoundTrip(t *testing.T) {
	body, err := EncodeRequest(sampleDisplay(EventEnterPIN, "Enter PIN"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"MessageClass":"Device"`, `"MessageCategory":"Display"`, `"Device":"CashierDisplay"`,
		`"InfoQualify":"Status"`, `"ReferenceID":"event=ENTER_PIN"`, `"Text":"Enter PIN"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("%s lacks %s", body, want)
		}
	}
	resp, q, err := DecodeFromTerminal(body)
	if err != nil || resp != nil || q == nil {
		t.Fatalf("decode: %v %v %v", resp, q, err)
	}
	ds := Displays(q.DisplayRequest)
	if len(ds) != 1 || ds[0] != (Display{Event: EventEnterPIN, Text: "Enter PIN"}) {
		t.Errorf("displays %+v", ds)
	}
	// The terminal's response still comes through the same decoder.
	pb, _ := EncodeResponse(samplePayment())
	if resp, q, err := DecodeFromTerminal(pb); err != nil || q != nil || resp.PaymentResponse == nil {
		t.Errorf("payment response: %v %v %v", resp, q, err)
	}
	// Other displays (customer display, another qualifier) are not progress.
	q.DisplayRequest.DisplayOutput = append(q.DisplayRequest.DisplayOutput, DisplayOutput{Device: "CustomerDisplay", InfoQualify: InfoQualifyStatus,
		OutputContent: DisplayContent{OutputFormat: "Text", OutputText: []OutputText{{Text: "Hola"}}}})
	if ds := Displays(q.DisplayRequest); len(ds) != 1 {
		t.Errorf("customer display taken as progress: %+v", ds)
	}
}

func TestDecodeFromTerminalRejects(t *testing.T) {
	base, _ := EncodeRequest(sampleDisplay(EventProcessing, "Processing"))
	for name, mut := range map[string]func(string) string{
		"payment request": func(s string) string {
			return strings.Replace(s, `"MessageCategory":"Display"`, `"MessageCategory":"Payment"`, 1)
		},
		"service class": func(s string) string {
			return strings.Replace(s, `"MessageClass":"Device"`, `"MessageClass":"Service"`, 1)
		},
		"response type": func(s string) string {
			return strings.Replace(s, `"MessageType":"Request"`, `"MessageType":"Response"`, 1)
		},
		"no outputs":   func(s string) string { return strings.Replace(s, `"DisplayOutput":[{`, `"DisplayOutput":[],"x":[{`, 1) },
		"no device":    func(s string) string { return strings.Replace(s, `"Device":"CashierDisplay"`, `"Device":""`, 1) },
		"no body":      func(s string) string { return strings.Replace(s, `"DisplayRequest"`, `"OtherRequest"`, 1) },
		"no sale id":   func(s string) string { return strings.Replace(s, `"SaleID":"lane-1"`, `"SaleID":""`, 1) },
		"two messages": func(s string) string { return s + s },
		"truncated":    func(s string) string { return s[:len(s)-3] },
	} {
		if _, _, err := DecodeFromTerminal([]byte(mut(string(base)))); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzDecodeFromTerminal(f *testing.F) {
	for _, ev := range []string{EventPresentCard, EventApproved, "UNKNOWN&x=1"} {
		b, _ := EncodeRequest(sampleDisplay(ev, "texto ñ"))
		f.Add(b)
	}
	b, _ := EncodeResponse(samplePayment())
	f.Add(b)
	f.Add([]byte(`{"SaleToPOIRequest":{"MessageHeader":{"MessageClass":"Device","MessageCategory":"Display","MessageType":"Request","SaleID":"l","POIID":"p"},"DisplayRequest":{"DisplayOutput":[{"Device":"CashierDisplay","InfoQualify":"Status","OutputContent":{"OutputFormat":"MessageRef","PredefinedContent":{"ReferenceID":"event=%zz"}}}]}}}`))
	f.Add([]byte(`{"SaleToPOIRequest":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		resp, q, err := DecodeFromTerminal(data)
		if err != nil {
			if resp != nil || q != nil {
				t.Fatal("a result and an error")
			}
			return
		}
		if (resp == nil) == (q == nil) {
			t.Fatalf("want exactly one of response and display: %v %v", resp, q)
		}
		if q == nil {
			return
		}
		// A decoded display re-encodes to one that decodes the same.
		again, err := EncodeRequest(q)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		_, q2, err := DecodeFromTerminal(again)
		if err != nil {
			t.Fatalf("re-decode of %s: %v", again, err)
		}
		a, _ := json.Marshal(q)
		b, _ := json.Marshal(q2)
		if !bytes.Equal(a, b) {
			t.Fatalf("unstable: %s vs %s", a, b)
		}
		Displays(q.DisplayRequest) // any reference parses to some event, maybe ""
	})
}
