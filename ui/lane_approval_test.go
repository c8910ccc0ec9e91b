package ui

import (
	"context"
	"encoding/json"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

func TestLaneVoidSaleNeedsSupervisor(t *testing.T) {
	s, db := newTestScreen(t, "es", LaneOptions{})
	scan(t, s, coffeeCode)
	scan(t, s, wineCode)

	test.Tap(s.voidAllBtn)
	s.jobs.wait()
	p := s.approval
	if s.right.Objects[0] != p.box || !p.supervisor.Visible() {
		t.Fatal("voiding a sale as a cashier does not ask for a supervisor")
	}
	if p.what.Text != "Anular toda la venta (12,48 €)" {
		t.Errorf("what: %q", p.what.Text)
	}
	test.Tap(p.confirm)
	if p.message.Text != "Escriba el motivo" {
		t.Errorf("no reason: %q", p.message.Text)
	}
	test.Type(p.reason, "cliente sin dinero")
	test.Type(p.id, "2001")
	test.Type(p.pin, "1111")
	test.Tap(p.confirm)
	s.jobs.wait()
	if p.message.Text != "Código, PIN o tarjeta incorrectos." {
		t.Errorf("wrong supervisor PIN: %q", p.message.Text)
	}
	if len(rows(s)) != 2 {
		t.Fatal("the basket changed without approval")
	}
	test.Type(p.pin, "9999")
	test.Tap(p.confirm)
	s.jobs.wait()
	if s.message.Text != "Venta anulada. La cesta está vacía." || len(rows(s)) != 0 || s.total.Text != "0,00 €" {
		t.Errorf("after approval: message %q rows %q total %q", s.message.Text, rows(s), s.total.Text)
	}
	ev, err := db.LastEvent(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var payload struct {
		Reason     string `json:"reason"`
		OverrideID string `json:"override_id"`
	}
	_ = json.Unmarshal(ev.Payload, &payload)
	if ev.Type != pos.EventBasketVoided || payload.Reason != "cliente sin dinero" || payload.OverrideID == "" {
		t.Errorf("journal: %s %s", ev.Type, ev.Payload)
	}
}
