package ui

import (
	"context"
	"encoding/json"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

// A sale paid with a gift card is refunded to the same card, shown by its
// last 4 digits; cash instead needs a supervisor's refund_other_tender.
func TestDeskRefundsToTheGiftCardOrCashWithSupervisor(t *testing.T) {
	a := test.NewTempApp(t)
	lane, db := newTestLane(t)
	ctx := context.Background()
	const gc = "6001234567"
	ov, err := lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: pos.PermRefund, Reason: "carga",
		Credential: pos.Credential{OperatorID: "2001", PIN: "9999"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lane.CreditLedger(ctx, pos.LedgerGiftCard, gc, 2000, "carga", ov); err != nil {
		t.Fatal(err)
	}
	for _, reqs := range [][]pos.TenderRequest{
		{{Method: pos.TenderGiftCard, Ref: gc}},                                                      // lane-1-000001: 8,99 on the card
		{{Method: pos.TenderGiftCard, Ref: gc, Amount: 500}, {Method: pos.TenderCash, Amount: 1000}}, // lane-1-000002: 5,00 card + 3,99 cash
	} {
		if _, err := lane.Scan(ctx, wineCode); err != nil {
			t.Fatal(err)
		}
		if _, err := lane.PayWith(ctx, reqs); err != nil {
			t.Fatal(err)
		}
	}
	balance := func() pos.Money {
		b, err := lane.LedgerBalance(ctx, pos.LedgerGiftCard, gc)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if balance() != 601 {
		t.Fatalf("balance after the sales %d", balance())
	}
	d := NewDeskScreen(a, lane, DeskOptions{Lang: "es", FindSale: findLocal(db)})
	d.Window().Show()
	d.jobs.wait()
	find := func(code string) {
		d.code.SetText(code)
		pressEnter(d.Window().Canvas())
		d.jobs.wait()
	}

	find("lane-1-000001")
	contains(t, "header", d.header.Text, "pagado con Tarjeta regalo ···4567")
	test.Type(d.qty[1], "1")
	d.reason.SetText("No lo quiere")
	test.Type(d.supID, "2001")
	test.Type(d.supPIN, "9999")
	test.Tap(d.confirm)
	d.jobs.wait()
	if d.result.Text != "Devolución lane-1-R000001 hecha: 8,99 € reembolsados (Tarjeta regalo ···4567 8,99 €). Entregue el tique de devolución." {
		t.Fatalf("result %q, message %q", d.result.Text, d.message.Text)
	}
	if balance() != 1500 {
		t.Fatalf("gift card balance %d after the refund, want 15,00", balance())
	}

	// Cash instead of the card: a supervisor must approve that very thing.
	find("lane-1-000002")
	test.Type(d.qty[1], "1")
	d.reason.SetText("No lo quiere")
	d.method.SetSelected("En efectivo")
	d.supID.SetText("")
	test.Tap(d.confirm)
	d.jobs.wait()
	if d.message.Text != "Esta acción necesita la autorización de un supervisor." {
		t.Fatalf("cash for a gift card sale as cashier: %q", d.message.Text)
	}
	d.supID.SetText("2001")
	test.Type(d.supPIN, "9999")
	test.Tap(d.confirm)
	d.jobs.wait()
	if d.result.Text != "Devolución lane-1-R000002 hecha: 8,99 € reembolsados (Efectivo 8,99 €). Entregue el tique de devolución." {
		t.Fatalf("result %q, message %q", d.result.Text, d.message.Text)
	}
	if balance() != 1500 {
		t.Fatalf("a cash refund touched the gift card: %d", balance())
	}
	evs, err := db.EventsAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var last struct {
		Permission pos.Permission `json:"permission"`
		GrantedBy  string         `json:"granted_by"`
		Action     string         `json:"action"`
	}
	for _, ev := range evs {
		if ev.Type == pos.EventOverrideGranted {
			if err := json.Unmarshal(ev.Payload, &last); err != nil {
				t.Fatal(err)
			}
		}
	}
	if last.Permission != pos.PermRefundOtherTender || last.GrantedBy != "2001" || last.Action != pos.EventReturnCompleted {
		t.Errorf("last override journalled as %+v", last)
	}
}
