package pos_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// stepClock is a clock tests move by hand.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *stepClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClock() *stepClock { return &stepClock{t: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)} }

var storeInfo = pos.StoreInfo{ID: "s1", Name: "Tienda Centro", Lang: "es", Currency: pos.EUR, Location: time.UTC}

// till is a lane on a real SQLite file with the demo operators.
type till struct {
	t     *testing.T
	path  string
	db    *sqlite.DB
	lane  *pos.Lane
	clock *stepClock
	base  int // events of the type under test before the action
}

const (
	coffee = "8410001000015" // 3,49 € at 10 %
	wine   = "8410001000039" // 8,99 € at 21 %
	rum    = "8410001000046" // 14,50 € at 21 %, age-restricted
)

// openTill opens (or reopens) the lane database at path.
func openTill(t *testing.T, path string, clock *stepClock) *till {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, "lane-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	g := func(c string) string { s, _ := pos.NormalizeGTIN(c); return s }
	if c, _ := db.CatalogCursor(ctx); c == 0 {
		if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: []pos.Product{
			{SKU: "CAF", Name: "Café molido 250 g", Barcodes: []string{g(coffee)}, Price: 349, Currency: "EUR", TaxRate: 1000},
			{SKU: "VIN", Name: "Vino tinto", Barcodes: []string{g(wine)}, Price: 899, Currency: "EUR", TaxRate: 2100},
			{SKU: "RON", Name: "Ron añejo", Barcodes: []string{g(rum)}, Price: 1450, Currency: "EUR", TaxRate: 2100, AgeRestricted: true},
		}}); err != nil {
			t.Fatal(err)
		}
	}
	lane := pos.NewLane(pos.LaneConfig{DeviceID: "lane-1", Store: storeInfo, Access: pos.AccessPolicy{BcryptCost: 4}}, db, clock, nil, quiet)
	if err := lane.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.Access().SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	return &till{t: t, path: path, db: db, lane: lane, clock: clock}
}

func newTill(t *testing.T) *till {
	return openTill(t, filepath.Join(t.TempDir(), "lane.db"), newClock())
}

// reopen closes the database and opens it again, as after a restart.
func (h *till) reopen() *till {
	h.db.Close()
	return openTill(h.t, h.path, h.clock)
}

var demoPIN = map[pos.Role]struct{ id, pin string }{
	pos.RoleCashier: {"1001", "1234"}, pos.RoleSupervisor: {"2001", "9999"}, pos.RoleManager: {"3001", "5555"},
	pos.RoleKiosk: {"8001", "8001"}, pos.RoleAdmin: {"9001", "0000"},
}

func (h *till) signIn(r pos.Role) {
	h.t.Helper()
	d := demoPIN[r]
	if _, err := h.lane.Access().SignIn(context.Background(), d.id, d.pin); err != nil {
		h.t.Fatalf("sign in %s: %v", r, err)
	}
}

// openShift opens a shift as the manager with a 100 € float, then signs r in.
func (h *till) openShift(r pos.Role) {
	h.t.Helper()
	h.signIn(pos.RoleManager)
	if _, err := h.lane.Till().Open(context.Background(), pos.CashCount{Denominations: []pos.Denomination{{Value: 5000, Count: 2}}}, nil); err != nil {
		h.t.Fatal(err)
	}
	h.signIn(r)
}

func (h *till) scan(codes ...string) {
	h.t.Helper()
	for _, c := range codes {
		if _, err := h.lane.Scan(context.Background(), c); err != nil {
			h.t.Fatalf("scan %s: %v", c, err)
		}
	}
}

func (h *till) events(typ string) []pos.Event {
	h.t.Helper()
	evs, err := h.db.EventsAfter(context.Background(), 0, 100000)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []pos.Event
	for _, e := range evs {
		if typ == "" || e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

func (h *till) grant(p pos.Permission, by pos.Role, reason string) (*pos.Override, error) {
	d := demoPIN[by]
	return h.lane.Access().GrantOverride(context.Background(), pos.OverrideRequest{Permission: p, Reason: reason,
		Credential: pos.Credential{OperatorID: d.id, PIN: d.pin}})
}

// Every permission gate: allowed by role, denied without an override, and
// granted by a supervisor's (or manager's, or admin's) override for one
// action, journalled as who asked, who granted, what and why.
func TestPermissionGates(t *testing.T) {
	ctx := context.Background()
	generic := func(p pos.Permission) func(h *till, ov *pos.Override) error {
		return func(h *till, ov *pos.Override) error {
			auth, err := h.lane.Access().Authorize(ctx, p, ov)
			if err != nil {
				return err
			}
			return h.lane.Access().Record(ctx, auth, "test."+string(p), map[string]string{"what": string(p)})
		}
	}
	cases := []struct {
		perm    pos.Permission
		noShift bool
		prep    func(h *till)
		act     func(h *till, ov *pos.Override) error
		event   string
	}{
		{perm: pos.PermVoidLine, prep: func(h *till) { h.scan(coffee, wine) }, event: pos.EventLineVoided,
			act: func(h *till, ov *pos.Override) error { return h.lane.VoidLineWith(ctx, 2, ov) }},
		{perm: pos.PermVoidSale, prep: func(h *till) { h.scan(coffee) }, event: pos.EventBasketVoided,
			act: func(h *till, ov *pos.Override) error { return h.lane.VoidSale(ctx, "customer left", ov) }},
		{perm: pos.PermPriceOverride, prep: func(h *till) { h.scan(coffee) }, event: pos.EventPriceOverridden,
			act: func(h *till, ov *pos.Override) error {
				_, err := h.lane.OverridePrice(ctx, 1, 299, "shelf price", ov)
				return err
			}},
		{perm: pos.PermDiscountAboveLimit, event: "discount",
			act: func(h *till, ov *pos.Override) error {
				if _, err := h.lane.Access().AuthorizeDiscount(ctx, 500, nil); err != nil {
					return err // within the limit anyone signed in may discount
				}
				auth, err := h.lane.Access().AuthorizeDiscount(ctx, 2500, ov)
				if err != nil {
					return err
				}
				return h.lane.Access().Record(ctx, auth, "discount", map[string]int{"bp": 2500})
			}},
		{perm: pos.PermRefund, act: generic(pos.PermRefund), event: "test.refund"},
		{perm: pos.PermRefundOtherTender, event: pos.EventReturnCompleted,
			act: func(h *till, ov *pos.Override) error {
				// Cash for what a gift card paid (at another lane, found through a peer).
				gift := pos.Sale{ID: "gift-sale", DeviceID: "lane-9", Number: 4, Currency: "EUR",
					Lines:   []pos.Line{{No: 1, SKU: "CAF", Name: "Café", Qty: 9, UnitPrice: 349, Amount: 3141, TaxRate: 1000}},
					Tenders: []pos.Tender{{Method: pos.TenderGiftCard, Amount: 3141, Ref: "6001234567"}}}
				gift.Totals = pos.ComputeTotals(gift.Lines)
				_, err := h.lane.Return(ctx, pos.ReturnRequest{Original: gift, Lines: []pos.ReturnLine{{LineNo: 1, Qty: 1}}, Reason: "x",
					RefundMethod: pos.TenderCash, Override: ov})
				return err
			}},
		{perm: pos.PermReturnWithoutReceipt, act: generic(pos.PermReturnWithoutReceipt), event: "test.return_without_receipt"},
		{perm: pos.PermNoSale, event: pos.EventNoSale,
			act: func(h *till, ov *pos.Override) error { return h.lane.Till().NoSale(ctx, "change for customer", ov) }},
		{perm: pos.PermCashInOut, event: pos.EventCashOut,
			act: func(h *till, ov *pos.Override) error {
				_, err := h.lane.Till().CashOut(ctx, 1500, "window cleaner", ov)
				return err
			}},
		{perm: pos.PermOpenShift, noShift: true, event: pos.EventShiftOpened,
			act: func(h *till, ov *pos.Override) error {
				_, err := h.lane.Till().Open(ctx, pos.CashCount{Denominations: []pos.Denomination{{Value: 1000, Count: 5}}}, ov)
				return err
			}},
		{perm: pos.PermCloseShift, event: pos.EventShiftClosed,
			act: func(h *till, ov *pos.Override) error {
				_, err := h.lane.Till().Close(ctx, pos.ClosingCount{Cash: pos.CashCount{Denominations: []pos.Denomination{{Value: 5000, Count: 2}}}}, ov)
				return err
			}},
		{perm: pos.PermReprint, event: pos.EventReportReprinted,
			prep: func(h *till) {
				if _, err := h.lane.Till().XReport(ctx); err != nil {
					h.t.Fatal(err)
				}
			},
			act: func(h *till, ov *pos.Override) error {
				r, err := h.lane.Till().Reprint(ctx, pos.ReportX, 1, ov)
				if err == nil && (!r.Copy || !strings.Contains(r.Title, "COPIA")) {
					h.t.Errorf("reprinted X report not marked as a copy: %q", r.Title)
				}
				return err
			}},
		{perm: pos.PermChangeSettings, act: generic(pos.PermChangeSettings), event: "test.change_settings"},
		{perm: pos.PermAgeCheck, prep: func(h *till) { h.scan(rum) }, event: pos.EventAgeChecked,
			act: func(h *till, ov *pos.Override) error { return h.lane.ApproveAge(ctx, 1, ov) }},
		{perm: pos.PermManageOperators, event: pos.EventOperatorAdded,
			act: func(h *till, ov *pos.Override) error {
				_, err := h.lane.Access().AddOperator(ctx, pos.NewOperator{ID: "1002", Name: "Luis", Role: pos.RoleCashier, PIN: "4321"}, ov)
				return err
			}},
	}
	matrix := pos.DefaultPermissions()
	covered := map[pos.Permission]bool{}
	for _, tc := range cases {
		covered[tc.perm] = true
		allowed := matrix.RolesWith(tc.perm)
		denied := pos.RoleCashier
		if matrix.Allows(denied, tc.perm) {
			denied = pos.RoleKiosk
		}
		granter := allowed[0]
		if granter == pos.RoleCashier {
			granter = pos.RoleSupervisor
		}
		setup := func(t *testing.T, r pos.Role) *till {
			h := newTill(t)
			if tc.noShift {
				h.signIn(r)
			} else {
				h.openShift(r)
			}
			if tc.prep != nil {
				tc.prep(h)
			}
			h.base = len(h.events(tc.event))
			return h
		}
		t.Run(string(tc.perm)+"/allowed_"+string(allowed[0]), func(t *testing.T) {
			h := setup(t, allowed[0])
			if err := tc.act(h, nil); err != nil {
				t.Fatalf("%s may %s: %v", allowed[0], tc.perm, err)
			}
			if len(h.events(tc.event))-h.base != 1 || len(h.events(pos.EventOverrideGranted)) != 0 {
				t.Errorf("journal: %d new %s events, %d overrides", len(h.events(tc.event))-h.base, tc.event, len(h.events(pos.EventOverrideGranted)))
			}
		})
		t.Run(string(tc.perm)+"/denied_"+string(denied), func(t *testing.T) {
			h := setup(t, denied)
			err := tc.act(h, nil)
			if pos.ErrorCode(err) != pos.EOVERRIDE {
				t.Fatalf("%s doing %s: %v, want %s", denied, tc.perm, err, pos.EOVERRIDE)
			}
			if pos.StaffMessage(pos.ErrorCode(err), "es") == "" {
				t.Error("no cashier message for the code")
			}
			if len(h.events(tc.event)) != h.base {
				t.Errorf("a denied %s was journalled", tc.perm)
			}
		})
		t.Run(string(tc.perm)+"/override_by_"+string(granter), func(t *testing.T) {
			h := setup(t, denied)
			asker := demoPIN[denied].id
			// Nobody may approve their own action, nor approve what they may not do.
			if _, err := h.lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: tc.perm, Reason: "x",
				Credential: pos.Credential{OperatorID: asker, PIN: demoPIN[denied].pin}}); pos.ErrorCode(err) != pos.EFORBIDDEN {
				t.Errorf("self-approval: %v", err)
			}
			if _, err := h.grant(tc.perm, granter, ""); pos.ErrorCode(err) != pos.EINVALID {
				t.Errorf("override without a reason: %v", err)
			}
			if _, err := h.lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: tc.perm, Reason: "x",
				Credential: pos.Credential{OperatorID: demoPIN[granter].id, PIN: "1111"}}); pos.ErrorCode(err) != pos.EBADCREDENTIAL {
				t.Errorf("override with a wrong PIN: %v", err)
			}
			ov, err := h.grant(tc.perm, granter, "customer complaint #42")
			if err != nil {
				t.Fatal(err)
			}
			if tc.perm != pos.PermVoidLine {
				// An override for another permission does not open this gate.
				other, err := h.grant(pos.PermVoidLine, pos.RoleSupervisor, "wrong one")
				if err != nil {
					t.Fatal(err)
				}
				if err := tc.act(h, other); pos.ErrorCode(err) != pos.EFORBIDDEN && pos.ErrorCode(err) != pos.EOVERRIDE {
					t.Errorf("override for void_line used for %s: %v", tc.perm, err)
				}
			}
			if err := tc.act(h, ov); err != nil {
				t.Fatalf("%s with %s's override: %v", tc.perm, granter, err)
			}
			ovs := h.events(pos.EventOverrideGranted)
			acts := h.events(tc.event)[h.base:]
			if len(ovs) != 1 || len(acts) != 1 {
				t.Fatalf("journal: %d overrides, %d %s", len(ovs), len(acts), tc.event)
			}
			var got struct {
				ID, AskedBy, GrantedBy, Reason, Action string
				Permission                             pos.Permission
			}
			if err := json.Unmarshal(ovs[0].Payload, &struct {
				ID         *string         `json:"id"`
				AskedBy    *string         `json:"asked_by"`
				GrantedBy  *string         `json:"granted_by"`
				Reason     *string         `json:"reason"`
				Action     *string         `json:"action"`
				Permission *pos.Permission `json:"permission"`
			}{&got.ID, &got.AskedBy, &got.GrantedBy, &got.Reason, &got.Action, &got.Permission}); err != nil {
				t.Fatal(err)
			}
			if got.AskedBy != asker || got.GrantedBy != demoPIN[granter].id || got.Permission != tc.perm ||
				got.Reason != "customer complaint #42" || got.Action != tc.event || got.ID != ov.ID {
				t.Errorf("override journalled as %+v", got)
			}
			if ovs[0].Seq != acts[0].Seq-1 || acts[0].Operator != asker {
				t.Errorf("override at seq %d, action at %d by %q: want adjacent, by the asker", ovs[0].Seq, acts[0].Seq, acts[0].Operator)
			}
			// One override, one action.
			if tc.prep != nil {
				tc.prep(h)
			}
			if err := tc.act(h, ov); err == nil {
				t.Errorf("an override authorised %s twice", tc.perm)
			}
			if n, err := h.db.VerifyJournal(ctx); err != nil {
				t.Fatalf("journal after %d entries: %v", n, err)
			}
		})
	}
	for _, p := range pos.AllPermissions() {
		if !covered[p] {
			t.Errorf("permission %s has no gate test", p)
		}
	}
}

func TestOverrideExpiresAndDiesWithSignOut(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	h.openShift(pos.RoleCashier)
	ov, err := h.grant(pos.PermNoSale, pos.RoleSupervisor, "give change")
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(3 * time.Minute)
	if err := h.lane.Till().NoSale(ctx, "give change", ov); pos.ErrorCode(err) != pos.EFORBIDDEN {
		t.Errorf("expired override: %v", err)
	}
	ov, _ = h.grant(pos.PermNoSale, pos.RoleSupervisor, "give change")
	h.signIn(pos.RoleKiosk)
	if err := h.lane.Till().NoSale(ctx, "give change", ov); pos.ErrorCode(err) != pos.EFORBIDDEN {
		t.Errorf("override of a signed-out operator: %v", err)
	}
	forged := &pos.Override{ID: "forged", Permission: pos.PermNoSale, AskedBy: "8001", GrantedBy: "2001", ExpiresAt: h.clock.Now().Add(time.Hour)}
	if err := h.lane.Till().NoSale(ctx, "x", forged); pos.ErrorCode(err) != pos.EFORBIDDEN {
		t.Errorf("forged override: %v", err)
	}
}

func TestLaneRefusesWithoutOperatorOrShift(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	if _, err := h.lane.Scan(ctx, coffee); pos.ErrorCode(err) != pos.ENOOPERATOR {
		t.Fatalf("scan with nobody signed in: %v", err)
	}
	h.signIn(pos.RoleCashier)
	if _, err := h.lane.Scan(ctx, coffee); pos.ErrorCode(err) != pos.ENOSHIFT {
		t.Fatalf("scan with no shift: %v", err)
	}
	if msg := pos.StaffMessage(pos.ENOSHIFT, "en"); !strings.Contains(msg, "not open") {
		t.Errorf("message for no shift: %q", msg)
	}
	if _, err := h.lane.Till().Open(ctx, pos.CashCount{Denominations: []pos.Denomination{{Value: 2000, Count: 5}}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := h.lane.Till().Open(ctx, pos.CashCount{}, nil); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Errorf("second open shift: %v", err)
	}
	h.scan(coffee)
	s, err := h.lane.PayCash(ctx, 500)
	if err != nil {
		t.Fatal(err)
	}
	if s.Operator != "1001" {
		t.Errorf("sale operator %q, want 1001", s.Operator)
	}
	if ev := h.events(pos.EventSaleCompleted); len(ev) != 1 || ev[0].Operator != "1001" {
		t.Errorf("sale event: %+v", ev)
	}
	if err := h.lane.Access().SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := h.lane.Scan(ctx, coffee); pos.ErrorCode(err) != pos.ENOOPERATOR {
		t.Fatalf("scan after sign-out: %v", err)
	}
}

func TestIdleSignOut(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	h.openShift(pos.RoleCashier)
	h.clock.Advance(4 * time.Minute)
	h.scan(coffee) // activity resets the idle timer
	h.clock.Advance(4 * time.Minute)
	if out, err := h.lane.Access().CheckIdle(ctx); out || err != nil {
		t.Fatalf("check after 4 idle minutes = %v, %v", out, err)
	}
	h.clock.Advance(time.Minute)
	if out, err := h.lane.Access().CheckIdle(ctx); !out || err != nil {
		t.Fatalf("check after 5 idle minutes = %v, %v; want a sign-out", out, err)
	}
	if _, err := h.lane.Scan(ctx, coffee); pos.ErrorCode(err) != pos.ENOOPERATOR {
		t.Fatalf("scan after idling out: %v", err)
	}
	outs := h.events(pos.EventOperatorSignedOut)
	if len(outs) == 0 || !strings.Contains(string(outs[len(outs)-1].Payload), `"reason":"idle"`) || outs[len(outs)-1].Operator != "1001" {
		t.Errorf("idle sign-out not journalled: %+v", outs)
	}
	// The basket survives for the next operator; selling resumes after sign-in.
	h.signIn(pos.RoleCashier)
	if n := len(h.lane.Basket().Lines); n != 1 {
		t.Errorf("basket has %d lines after re-sign-in", n)
	}
	h.scan(coffee)
}

func TestLockoutSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	for i := 1; i <= 4; i++ {
		if _, err := h.lane.Access().SignIn(ctx, "1001", "0001"); pos.ErrorCode(err) != pos.EBADCREDENTIAL {
			t.Fatalf("wrong PIN %d: %v", i, err)
		}
	}
	if _, err := h.lane.Access().SignIn(ctx, "1001", "0001"); pos.ErrorCode(err) != pos.ELOCKED {
		t.Fatalf("fifth wrong PIN: %v", err)
	}
	h = h.reopen()
	if _, err := h.lane.Access().SignIn(ctx, "1001", "1234"); pos.ErrorCode(err) != pos.ELOCKED {
		t.Fatalf("right PIN while locked, after a restart: %v", err)
	}
	if _, err := h.lane.Access().SignInBadge(ctx, "DEMO-1001"); pos.ErrorCode(err) != pos.ELOCKED {
		t.Fatalf("badge while locked: %v", err)
	}
	if len(h.events(pos.EventOperatorLocked)) != 1 || len(h.events(pos.EventOperatorSignInFail)) != 7 {
		t.Errorf("journal: %d locks, %d failures", len(h.events(pos.EventOperatorLocked)), len(h.events(pos.EventOperatorSignInFail)))
	}
	// The lock-out runs out after 15 minutes...
	h.clock.Advance(15 * time.Minute)
	if _, err := h.lane.Access().SignIn(ctx, "1001", "1234"); err != nil {
		t.Fatalf("sign in after the lock-out ran out: %v", err)
	}
	// ...or a manager lifts it.
	for range 5 {
		h.lane.Access().SignIn(ctx, "2001", "0000")
	}
	h = h.reopen()
	h.signIn(pos.RoleCashier)
	if err := h.lane.Access().Unlock(ctx, "2001", nil); pos.ErrorCode(err) != pos.EOVERRIDE {
		t.Errorf("cashier unlocking: %v", err)
	}
	h.signIn(pos.RoleManager)
	if err := h.lane.Access().Unlock(ctx, "2001", nil); err != nil {
		t.Fatal(err)
	}
	h.signIn(pos.RoleSupervisor)
	if n, err := h.db.VerifyJournal(ctx); err != nil {
		t.Fatalf("journal after %d: %v", n, err)
	}
}

func TestCredentialsStoredOnlyAsHashes(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	h.signIn(pos.RoleAdmin)
	if _, err := h.lane.Access().AddOperator(ctx, pos.NewOperator{ID: "1777", Name: "Eva", Role: pos.RoleCashier, PIN: "58203917", Badge: "BADGE-XK-99317"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := h.lane.Access().AddOperator(ctx, pos.NewOperator{ID: "1777", Name: "Eva", Role: pos.RoleCashier, PIN: "1234"}, nil); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Errorf("duplicate operator: %v", err)
	}
	if _, err := h.lane.Access().AddOperator(ctx, pos.NewOperator{ID: "1778", Name: "Eva", Role: pos.RoleCashier, PIN: "12a4"}, nil); pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("non-digit PIN: %v", err)
	}
	if _, err := h.lane.Access().SignInBadge(ctx, "BADGE-XK-99317"); err != nil {
		t.Fatal(err)
	}
	// A deactivated operator cannot sign in, by PIN or badge.
	h.signIn(pos.RoleAdmin)
	if err := h.lane.Access().SetActive(ctx, "9001", false, nil); pos.ErrorCode(err) != pos.EFORBIDDEN {
		t.Errorf("self-deactivation: %v", err)
	}
	if err := h.lane.Access().SetActive(ctx, "1777", false, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := h.lane.Access().SignInBadge(ctx, "BADGE-XK-99317"); pos.ErrorCode(err) != pos.EBADCREDENTIAL {
		t.Errorf("deactivated operator's badge: %v", err)
	}
	var hash string
	if err := h.db.SQL().QueryRow(`SELECT pin_hash FROM operators WHERE id = '1777'`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$2a$") {
		t.Errorf("PIN stored as %q, want a bcrypt hash", hash)
	}
	h.db.Close()
	for _, f := range []string{h.path, h.path + "-wal"} {
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), "58203917") || strings.Contains(string(b), "BADGE-XK-99317") {
			t.Errorf("%s holds a PIN or badge in clear", filepath.Base(f))
		}
	}
}

// SetOperator, kept for kiosks that sell under a fixed identity, signs the
// operator in (journalled) without a credential.
func TestSetOperatorSignsInTrusted(t *testing.T) {
	ctx := context.Background()
	h := newTill(t)
	h.openShift(pos.RoleSupervisor)
	h.lane.SetOperator("8001")
	op, err := h.lane.Access().Current(ctx)
	if err != nil || op.Role != pos.RoleKiosk {
		t.Fatalf("current after SetOperator = %+v, %v", op, err)
	}
	h.scan(coffee)
	s, err := h.lane.PayCash(ctx, 349)
	if err != nil || s.Operator != "8001" {
		t.Fatalf("kiosk sale = %+v, %v", s.Operator, err)
	}
	if err := h.lane.VoidLine(ctx, 1); pos.ErrorCode(err) != pos.EOVERRIDE && pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Errorf("kiosk void: %v", err)
	}
	h.lane.SetOperator("nobody")
	if op, _ := h.lane.Access().Current(ctx); op.ID != "8001" {
		t.Errorf("an unknown operator replaced the kiosk: %+v", op)
	}
}
