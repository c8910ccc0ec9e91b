package pos_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

// ageTill is a till whose lane is built with cfg changed by mutate.
func ageTill(t *testing.T, mutate func(*pos.LaneConfig)) *till {
	t.Helper()
	h := newTill(t)
	cfg := pos.LaneConfig{DeviceID: "lane-1", Store: storeInfo, Access: pos.AccessPolicy{BcryptCost: 4}}
	mutate(&cfg)
	h.lane = pos.NewLane(cfg, h.db, h.clock, nil, quiet)
	if err := h.lane.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return h
}

// payAll tries every tender on the open basket and returns their errors.
func payAll(h *till) map[string]error {
	ctx := context.Background()
	cards := pos.NewCardPayments(nil, h.db, h.clock, quiet, pos.CardPayConfig{}) // refused before the terminal is asked
	out := map[string]error{}
	_, out["cash"] = h.lane.PayCash(ctx, 5000)
	_, out["split"] = h.lane.PayWith(ctx, []pos.TenderRequest{{Method: pos.TenderCash, Amount: 5000}})
	_, out["card"] = h.lane.PayCard(ctx, cards)
	_, out["split_card"] = h.lane.PaySplit(ctx, cards, []pos.TenderRequest{{Method: pos.TenderCash, Amount: 500}, {Method: pos.TenderCard}})
	return out
}

type ageEvent struct {
	Line       int    `json:"line"`
	SKU        string `json:"sku"`
	Approved   bool   `json:"approved"`
	Approver   string `json:"approver"`
	OverrideID string `json:"override_id"`
}

func decodeAge(t *testing.T, e pos.Event) ageEvent {
	t.Helper()
	var a ageEvent
	if err := json.Unmarshal(e.Payload, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestKioskAgeCheckGatesEveryTender: at a kiosk (whose role may not check
// ages) a basket with an unchecked restricted line cannot be paid by any
// tender; the kiosk cannot approve alone; a supervisor's override approves
// it for the whole basket, and the sale carries the flags.
func TestKioskAgeCheckGatesEveryTender(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	h.openShift(pos.RoleKiosk)
	h.scan(coffee, rum)
	v := h.lane.Basket()
	if v.Lines[0].AgeRestricted || !v.Lines[1].AgeRestricted || v.Lines[1].AgeApproved {
		t.Fatalf("age flags on the lines: %+v", v.Lines)
	}
	for tender, err := range payAll(h) {
		if pos.ErrorCode(err) != pos.EAGECHECK || !strings.Contains(err.Error(), "Ron añejo") {
			t.Errorf("%s with an unchecked restricted line: %v, want %s naming the item", tender, err, pos.EAGECHECK)
		}
	}
	if len(h.events(pos.EventSaleCompleted)) != 0 || h.lane.Basket().Totals.Items != 2 {
		t.Fatal("a refused tender recorded a sale or lost lines")
	}
	if err := h.lane.ApproveAge(ctx, 2, nil); pos.ErrorCode(err) != pos.EOVERRIDE {
		t.Fatalf("the kiosk approving its own customer: %v", err)
	}
	if err := h.lane.ApproveAge(ctx, 1, nil); pos.ErrorCode(err) != pos.EOVERRIDE {
		t.Fatalf("approve without staff: %v", err)
	}
	ov, err := h.grant(pos.PermAgeCheck, pos.RoleCashier, "age check at the kiosk")
	if err != nil {
		t.Fatalf("a cashier checks ages at the kiosk: %v", err)
	}
	if err := h.lane.ApproveAge(ctx, 1, ov); pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("approving the coffee: %v", err)
	}
	if err := h.lane.ApproveAge(ctx, 2, ov); err != nil {
		t.Fatal(err)
	}
	evs := h.events(pos.EventAgeChecked)
	if len(evs) != 1 || evs[0].Operator != "8001" {
		t.Fatalf("age checks journalled: %+v", evs)
	}
	if a := decodeAge(t, evs[0]); a != (ageEvent{Line: 2, SKU: "RON", Approved: true, Approver: "1001", OverrideID: ov.ID}) {
		t.Errorf("age check journalled as %+v", a)
	}
	// A second bottle for the same checked customer needs no new check.
	h.scan(rum)
	if l := h.lane.Basket().Lines[2]; !l.AgeApproved {
		t.Error("a restricted line rung after the check is not approved")
	}
	s, err := h.lane.PayCash(ctx, 5000)
	if err != nil {
		t.Fatalf("pay after the check: %v", err)
	}
	got, err := h.db.SaleByID(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Lines[1].AgeRestricted || !got.Lines[1].AgeApproved || got.Lines[0].AgeRestricted {
		t.Errorf("stored sale lines lost the age flags: %+v", got.Lines)
	}
	// The next customer is checked again.
	h.scan(rum)
	if _, err := h.lane.PayCash(ctx, 5000); pos.ErrorCode(err) != pos.EAGECHECK {
		t.Errorf("the next customer's bottle: %v", err)
	}
}

// TestRefuseAgeVoidsTheLine: staff refuse; the line is voided, the refusal
// and the void are journalled together with the override, the rest of the
// basket can be paid, and a later restricted item is checked again.
// Refusing twice does nothing more.
func TestRefuseAgeVoidsTheLine(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	h.openShift(pos.RoleKiosk)
	h.scan(rum, coffee)
	ov, err := h.grant(pos.PermAgeCheck, pos.RoleSupervisor, "no ID")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.lane.RefuseAge(ctx, 1, ov); err != nil {
		t.Fatal(err)
	}
	v := h.lane.Basket()
	if !v.Lines[0].Voided || v.Totals.Total != 349 {
		t.Fatalf("after refusal: %+v, total %d", v.Lines[0], v.Totals.Total)
	}
	all := h.events("")
	n := len(all)
	if all[n-3].Type != pos.EventOverrideGranted || all[n-2].Type != pos.EventAgeChecked || all[n-1].Type != pos.EventLineVoided {
		t.Fatalf("journal ends %s, %s, %s", all[n-3].Type, all[n-2].Type, all[n-1].Type)
	}
	if a := decodeAge(t, all[n-2]); a.Approved || a.Approver != "2001" || a.OverrideID != ov.ID || a.SKU != "RON" {
		t.Errorf("refusal journalled as %+v", a)
	}
	if err := h.lane.RefuseAge(ctx, 1, nil); err == nil {
		// the kiosk alone still needs staff, even for a no-op
		t.Error("the kiosk refused alone")
	}
	h.scan(rum)
	if _, err := h.lane.PayCash(ctx, 5000); pos.ErrorCode(err) != pos.EAGECHECK {
		t.Errorf("a later bottle after a refusal: %v", err)
	}
	ov2, err := h.grant(pos.PermAgeCheck, pos.RoleSupervisor, "no ID")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.lane.RefuseAge(ctx, 3, ov2); err != nil {
		t.Fatal(err)
	}
	if _, err := h.lane.PayCash(ctx, 500); err != nil {
		t.Fatalf("pay for the coffee: %v", err)
	}
	if n, err := h.db.VerifyJournal(ctx); err != nil {
		t.Fatalf("journal after %d entries: %v", n, err)
	}
}

// TestStaffedLaneAgeCheck: at a staffed lane the cashier is the one who
// checks: by default a restricted item sells like any other; under
// LaneConfig.AgeCheck the cashier confirms the check themselves (no
// override), once, and only then takes payment. Approval and refusal are
// idempotent, and a parked basket keeps its approval.
func TestStaffedLaneAgeCheck(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	h.openShift(pos.RoleCashier)
	h.scan(rum)
	if _, err := h.lane.PayCash(ctx, 2000); err != nil {
		t.Fatalf("default staffed lane: %v", err)
	}

	h = ageTill(t, func(c *pos.LaneConfig) { c.AgeCheck = true })
	h.openShift(pos.RoleCashier)
	h.scan(rum, wine)
	if _, err := h.lane.PayCash(ctx, 5000); pos.ErrorCode(err) != pos.EAGECHECK {
		t.Fatalf("AgeCheck lane before the check: %v", err)
	}
	for range 2 {
		if err := h.lane.ApproveAge(ctx, 1, nil); err != nil {
			t.Fatal(err)
		}
	}
	evs := h.events(pos.EventAgeChecked)
	if len(evs) != 1 || len(h.events(pos.EventOverrideGranted)) != 0 {
		t.Fatalf("approving twice journalled %d checks", len(evs))
	}
	if a := decodeAge(t, evs[0]); !a.Approved || a.Approver != "1001" || a.OverrideID != "" {
		t.Errorf("cashier's check journalled as %+v", a)
	}
	if err := h.lane.ApproveAge(ctx, 9, nil); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Errorf("approve line 9: %v", err)
	}
	p, err := h.lane.Park(ctx, "back for ID")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.lane.Resume(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if l := h.lane.Basket().Lines[0]; !l.AgeRestricted || !l.AgeApproved {
		t.Fatalf("resumed line lost its age flags: %+v", l)
	}
	if _, err := h.lane.PayCash(ctx, 5000); err != nil {
		t.Fatalf("pay after the check: %v", err)
	}
	// Refusal by the cashier, twice: one refusal, one void.
	h.scan(rum, coffee)
	for range 2 {
		if err := h.lane.RefuseAge(ctx, 1, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(h.events(pos.EventAgeChecked)); n != 2 {
		t.Errorf("%d age checks journalled, want 2", n)
	}
	if _, err := h.lane.PayCash(ctx, 500); err != nil {
		t.Fatalf("pay for the coffee: %v", err)
	}
}

// TestBasketLinesCarryAgeFlag: however a restricted product is added
// (by code, at an embedded price, weighed) its line says so, and a line
// added after an approval in the same basket is approved with it.
func TestBasketLinesCarryAgeFlag(t *testing.T) {
	b := pos.NewBasket(pos.EUR)
	rum := pos.Product{SKU: "RON", Name: "Ron", Price: 1450, Currency: "EUR", TaxRate: 2100, AgeRestricted: true}
	cheese := pos.Product{SKU: "QSO", Name: "Queso curado al whisky", Price: 2400, Currency: "EUR", TaxRate: 1000, ByWeight: true, AgeRestricted: true}
	l1, err := b.Add(rum, "8410001000046", 1)
	if err != nil {
		t.Fatal(err)
	}
	l2, err := b.AddPriced(rum, "2100001014509", 1450)
	if err != nil {
		t.Fatal(err)
	}
	l3, err := b.AddWeighed(cheese, "4321", 250)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []pos.Line{l1, l2, l3} {
		if !l.AgeRestricted || l.AgeApproved {
			t.Errorf("line %d: restricted %v, approved %v", l.No, l.AgeRestricted, l.AgeApproved)
		}
	}
	b.Lines[0].AgeApproved = true // as Lane.ApproveAge does
	if l, _ := b.Add(rum, "8410001000046", 1); !l.AgeApproved {
		t.Error("a bottle added after the approval is not approved")
	}
	if l, _ := b.Add(pos.Product{SKU: "CAF", Name: "Café", Price: 349, Currency: "EUR"}, "1", 1); l.AgeRestricted || l.AgeApproved {
		t.Errorf("coffee flagged: %+v", l)
	}
}
