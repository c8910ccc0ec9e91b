package pos

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Journal event types of shifts and cash.
const (
	EventShiftOpened     = "shift.opened"
	EventCashIn          = "cash.in"
	EventCashOut         = "cash.out"
	EventSafeDrop        = "cash.safe_drop"
	EventNoSale          = "drawer.no_sale"
	EventXReport         = "report.x"
	EventShiftClosed     = "shift.closed"
	EventReportReprinted = "report.reprinted"
	EventLineVoided      = "line.voided"
	EventBasketVoided    = "basket.voided"
	EventPriceOverridden = "line.price_overridden"
	EventReceiptReprint  = "receipt.reprinted"
)

// Cash movement kinds.
const (
	CashKindIn   = "in"
	CashKindOut  = "out"
	CashKindDrop = "drop"
)

// Denomination is a note or coin value in minor units and how many there are.
type Denomination struct {
	// Value of one note or coin in minor units (5000 = a 50 € note).
	Value Money `json:"value"`
	// Count of them.
	Count int64 `json:"count"`
}

// CashCount is cash counted by denomination.
type CashCount struct {
	// Denominations counted; order does not matter.
	Denominations []Denomination `json:"denominations"`
}

// Total is the counted amount.
func (c CashCount) Total() Money {
	var t Money
	for _, d := range c.Denominations {
		t += d.Value * Money(d.Count)
	}
	return t
}

// Validate rejects negative counts and non-positive values.
func (c CashCount) Validate() error {
	for _, d := range c.Denominations {
		if d.Value <= 0 || d.Count < 0 {
			return Errorf(EINVALID, "a count of %d × %d is not a count", d.Count, d.Value)
		}
	}
	return nil
}

// normalized merges repeated values and sorts the largest first.
func (c CashCount) normalized() CashCount {
	by := map[Money]int64{}
	for _, d := range c.Denominations {
		by[d.Value] += d.Count
	}
	out := CashCount{Denominations: []Denomination{}}
	for v, n := range by {
		out.Denominations = append(out.Denominations, Denomination{Value: v, Count: n})
	}
	sort.Slice(out.Denominations, func(i, j int) bool { return out.Denominations[i].Value > out.Denominations[j].Value })
	return out
}

// Denominations returns the notes and coins of a currency, largest first,
// for the count screen (nil for a currency it does not know).
func Denominations(c Currency) []Money {
	switch c.Code {
	case "EUR":
		return []Money{50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1}
	case "USD":
		return []Money{10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5, 1}
	case "MXN":
		return []Money{100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50}
	}
	return nil
}

// Shift is a till session at one device: from a counted float to a Z report.
type Shift struct {
	// ID of the shift (UUIDv7).
	ID string `json:"id"`
	// DeviceID of the till.
	DeviceID string `json:"device_id"`
	// Currency of the amounts.
	Currency string `json:"currency"`
	// OpenedAt is when the float was counted in.
	OpenedAt time.Time `json:"opened_at"`
	// OpenedBy is the operator who opened it.
	OpenedBy string `json:"opened_by"`
	// Float is the cash the drawer started with.
	Float Money `json:"float"`
	// FloatCount is the float by denomination.
	FloatCount CashCount `json:"float_count"`
	// FirstSaleNumber is the first receipt number that belongs to the shift;
	// every sale of the device numbered from it until the close belongs to it.
	FirstSaleNumber int64 `json:"first_sale_number"`
	// ClosedAt is when the Z report closed it (zero while open).
	ClosedAt time.Time `json:"closed_at,omitzero"`
	// ClosedBy is who closed it.
	ClosedBy string `json:"closed_by,omitempty"`
	// ZNumber of the report that closed it.
	ZNumber int64 `json:"z_number,omitempty"`
}

// CashMovement is cash put into or taken out of the drawer during a shift.
type CashMovement struct {
	// ID of the movement (UUIDv7).
	ID string `json:"id"`
	// ShiftID it belongs to.
	ShiftID string `json:"shift_id"`
	// Kind is CashKindIn, CashKindOut or CashKindDrop.
	Kind string `json:"kind"`
	// Amount moved, always positive.
	Amount Money `json:"amount"`
	// Count by denomination, when counted (safe drops).
	Count *CashCount `json:"count,omitempty"`
	// Reason in the operator's words (a safe drop's bag number).
	Reason string `json:"reason"`
	// Operator who moved it.
	Operator string `json:"operator"`
	// At is when.
	At time.Time `json:"at"`
	// OverrideID of the override that allowed it, if any.
	OverrideID string `json:"override_id,omitempty"`
}

// ShiftFigures is what the store knows of a shift so far, for X and Z
// reports.
type ShiftFigures struct {
	// Sales counts completed sales.
	Sales int64
	// Gross is the sum of sale totals, tax included.
	Gross Money
	// Tax included in Gross.
	Tax Money
	// Bands sums tax per rate.
	Bands []TaxBand
	// Tenders sums tender amounts per method.
	Tenders map[string]Money
	// Refunds sums money paid back per method (card refunds so far).
	Refunds map[string]Money
	// CashIn, CashOut and SafeDrops sum the cash movements.
	CashIn, CashOut, SafeDrops Money
	// Events counts the shift's journal events by type.
	Events map[string]int64
	// LastSaleNumber is the last receipt number of the shift so far.
	LastSaleNumber int64
	// UpToSeq is the journal seq the figures are current to.
	UpToSeq int64
}

// ShiftStore keeps shifts, cash movements and reports. Implemented by the
// local store. Every write appends its Audit in the same transaction.
type ShiftStore interface {
	// OpenShift stores a new open shift and sets sh.FirstSaleNumber;
	// ECONFLICT if a shift is already open.
	OpenShift(ctx context.Context, sh *Shift, a Audit) error
	// CurrentShift returns the open shift, or ENOSHIFT.
	CurrentShift(ctx context.Context) (Shift, error)
	// AddCashMovement stores a movement of the open shift.
	AddCashMovement(ctx context.Context, m CashMovement, a Audit) error
	// ShiftFigures sums the shift's sales, tenders, movements and events.
	ShiftFigures(ctx context.Context, sh Shift) (ShiftFigures, error)
	// SaveReport assigns r.Number (consecutive per device and kind, never
	// reused), stores r and sets the payload of the last event of a to r.
	// A Z report also closes its shift; it fails with ECONFLICT if the
	// journal moved past r.UpToSeq since the figures were read.
	SaveReport(ctx context.Context, r *Report, a Audit) error
	// ReportByNumber returns a stored report, or ENOTFOUND.
	ReportByNumber(ctx context.Context, kind string, number int64) (Report, error)
}

// CashDrawer opens the cash drawer. cmd adapts a printer's drawer kick.
type CashDrawer interface {
	// OpenDrawer kicks the drawer open.
	OpenDrawer(ctx context.Context) error
}

// TillConfig is what a till knows besides its store.
type TillConfig struct {
	// DeviceID of the till.
	DeviceID string
	// Store is printed on reports.
	Store StoreInfo
	// Printer prints reports; nil leaves printing to the caller.
	Printer ReceiptPrinter
	// Drawer opens for cash movements and no-sales; nil for none.
	Drawer CashDrawer
}

// Till runs a device's shifts: opening float, cash in/out, safe drops,
// no-sale, X reports and the blind close with its Z report. Every action
// is authorised through Access and journalled with the state it changes.
type Till struct {
	cfg    TillConfig
	store  ShiftStore
	access *Access
	clock  Clock
	log    *slog.Logger

	mu      sync.Mutex
	current *Shift // cache of the open shift; nil = unknown or none
	known   bool
}

// NewTill returns the till of cfg.DeviceID.
func NewTill(cfg TillConfig, store ShiftStore, access *Access, clock Clock, log *slog.Logger) *Till {
	return &Till{cfg: cfg, store: store, access: access, clock: clock, log: log}
}

// Current returns the open shift, or ENOSHIFT.
func (t *Till) Current(ctx context.Context) (Shift, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.known {
		if t.current == nil {
			return Shift{}, Errorf(ENOSHIFT, "no shift is open at %s", t.cfg.DeviceID)
		}
		return *t.current, nil
	}
	sh, err := t.store.CurrentShift(ctx)
	switch {
	case err == nil:
		t.current, t.known = &sh, true
		return sh, nil
	case ErrorCode(err) == ENOSHIFT:
		t.current, t.known = nil, true
	}
	return Shift{}, err
}

func (t *Till) setCurrent(sh *Shift) {
	t.mu.Lock()
	t.current, t.known = sh, true
	t.mu.Unlock()
}

func (t *Till) currency() Currency {
	if t.cfg.Store.Currency.Code == "" {
		return EUR
	}
	return t.cfg.Store.Currency
}

func newID() (string, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("new id: %w", err)
	}
	return id.String(), nil
}

func overrideID(auth Authorization) string {
	if auth.Override == nil {
		return ""
	}
	return auth.Override.ID
}

// Open opens a shift with a counted float. Needs PermOpenShift.
func (t *Till) Open(ctx context.Context, float CashCount, ov *Override) (Shift, error) {
	auth, err := t.access.Authorize(ctx, PermOpenShift, ov)
	if err != nil {
		return Shift{}, err
	}
	if err := float.Validate(); err != nil {
		return Shift{}, err
	}
	if _, err := t.Current(ctx); err == nil {
		return Shift{}, Reasonf(ECONFLICT, RShiftOpen, "a shift is already open at %s: close it with a Z report first", t.cfg.DeviceID)
	} else if ErrorCode(err) != ENOSHIFT {
		return Shift{}, err
	}
	id, err := newID()
	if err != nil {
		return Shift{}, err
	}
	float = float.normalized()
	sh := Shift{ID: id, DeviceID: t.cfg.DeviceID, Currency: t.currency().Code, OpenedAt: t.clock.Now().UTC().Truncate(time.Millisecond),
		OpenedBy: auth.Operator.ID, Float: float.Total(), FloatCount: float}
	au, err := t.access.audit(auth, EventShiftOpened, struct {
		Shift
		OverrideID string `json:"override_id,omitempty"`
	}{sh, overrideID(auth)})
	if err != nil {
		return Shift{}, err
	}
	if err := t.store.OpenShift(ctx, &sh, au); err != nil {
		t.forget()
		return Shift{}, fmt.Errorf("open shift: %w", err)
	}
	t.setCurrent(&sh)
	t.log.Info("shift opened", "shift", sh.ID, "by", sh.OpenedBy, "float", int64(sh.Float))
	t.openDrawer(ctx)
	return sh, nil
}

func (t *Till) forget() {
	t.mu.Lock()
	t.known = false
	t.mu.Unlock()
}

func (t *Till) openDrawer(ctx context.Context) {
	if t.cfg.Drawer == nil {
		return
	}
	if err := t.cfg.Drawer.OpenDrawer(ctx); err != nil {
		t.log.Warn("cash drawer did not open", "err", err)
	}
}

// CashIn records cash put into the drawer (change from the safe). Needs
// PermCashInOut.
func (t *Till) CashIn(ctx context.Context, amount Money, reason string, ov *Override) (CashMovement, error) {
	return t.move(ctx, CashKindIn, EventCashIn, amount, nil, reason, ov)
}

// CashOut records cash taken out of the drawer (a paid-out). Needs
// PermCashInOut.
func (t *Till) CashOut(ctx context.Context, amount Money, reason string, ov *Override) (CashMovement, error) {
	return t.move(ctx, CashKindOut, EventCashOut, amount, nil, reason, ov)
}

// SafeDrop records counted cash taken from the drawer to the safe; ref is
// the bag or envelope number. Needs PermCashInOut.
func (t *Till) SafeDrop(ctx context.Context, count CashCount, ref string, ov *Override) (CashMovement, error) {
	if err := count.Validate(); err != nil {
		return CashMovement{}, err
	}
	count = count.normalized()
	return t.move(ctx, CashKindDrop, EventSafeDrop, count.Total(), &count, ref, ov)
}

func (t *Till) move(ctx context.Context, kind, typ string, amount Money, count *CashCount, reason string, ov *Override) (CashMovement, error) {
	auth, err := t.access.Authorize(ctx, PermCashInOut, ov)
	if err != nil {
		return CashMovement{}, err
	}
	sh, err := t.Current(ctx)
	if err != nil {
		return CashMovement{}, err
	}
	reason = strings.TrimSpace(reason)
	if amount <= 0 {
		return CashMovement{}, Reasonf(EINVALID, RAmountPositive, "the amount must be more than zero")
	}
	if reason == "" {
		return CashMovement{}, Reasonf(EINVALID, RReasonNeeded, "say why the cash moves")
	}
	id, err := newID()
	if err != nil {
		return CashMovement{}, err
	}
	m := CashMovement{ID: id, ShiftID: sh.ID, Kind: kind, Amount: amount, Count: count, Reason: reason,
		Operator: auth.Operator.ID, At: t.clock.Now().UTC().Truncate(time.Millisecond), OverrideID: overrideID(auth)}
	au, err := t.access.audit(auth, typ, m)
	if err != nil {
		return CashMovement{}, err
	}
	if err := t.store.AddCashMovement(ctx, m, au); err != nil {
		return CashMovement{}, fmt.Errorf("record %s: %w", typ, err)
	}
	t.log.Info("cash movement", "kind", kind, "amount", int64(amount), "by", m.Operator)
	t.openDrawer(ctx)
	return m, nil
}

// NoSale opens the drawer with no sale. Needs PermNoSale.
func (t *Till) NoSale(ctx context.Context, reason string, ov *Override) error {
	auth, err := t.access.Authorize(ctx, PermNoSale, ov)
	if err != nil {
		return err
	}
	sh, err := t.Current(ctx)
	if err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return Reasonf(EINVALID, RReasonNeeded, "say why the drawer opens")
	}
	if err := t.access.Record(ctx, auth, EventNoSale, map[string]string{"shift_id": sh.ID, "reason": strings.TrimSpace(reason), "override_id": overrideID(auth)}); err != nil {
		return err
	}
	if t.cfg.Drawer != nil {
		if err := t.cfg.Drawer.OpenDrawer(ctx); err != nil {
			return fmt.Errorf("no-sale recorded but the drawer did not open: %w", err)
		}
	}
	return nil
}

// ClosingCount is the blind count at the close of a shift: cash by
// denomination and, for other tenders, the totals the operator declares
// (card terminal batch totals). The expected amounts are shown only after.
type ClosingCount struct {
	// Cash counted in the drawer.
	Cash CashCount `json:"cash"`
	// Declared totals of other tenders by method; a method left out is taken
	// as counted equal to expected and marked undeclared.
	Declared map[string]Money `json:"declared,omitempty"`
}

// XReport builds, stores and prints (if a printer is configured) an X
// report of the open shift: the figures so far, nothing closed. Any
// signed-in operator may run it.
func (t *Till) XReport(ctx context.Context) (Report, error) {
	op, err := t.access.Active(ctx)
	if err != nil {
		return Report{}, err
	}
	return t.report(ctx, ReportX, Authorization{Operator: op}, nil)
}

// Close is the blind close: the operator has counted the drawer by
// denomination (and declared other tenders) without seeing the expected
// amounts; Close computes expected against counted per tender, records the
// differences, closes the shift and returns its Z report, numbered
// consecutively per device. Needs PermCloseShift.
func (t *Till) Close(ctx context.Context, count ClosingCount, ov *Override) (Report, error) {
	auth, err := t.access.Authorize(ctx, PermCloseShift, ov)
	if err != nil {
		return Report{}, err
	}
	if err := count.Cash.Validate(); err != nil {
		return Report{}, err
	}
	for m, v := range count.Declared {
		if m == TenderCash || m == "" {
			return Report{}, Errorf(EINVALID, "declared %s total %d is not valid", m, v)
		}
	}
	return t.report(ctx, ReportZ, auth, &count)
}

func (t *Till) report(ctx context.Context, kind string, auth Authorization, count *ClosingCount) (Report, error) {
	sh, err := t.Current(ctx)
	if err != nil {
		return Report{}, err
	}
	f, err := t.store.ShiftFigures(ctx, sh)
	if err != nil {
		return Report{}, fmt.Errorf("%s report: %w", kind, err)
	}
	id, err := newID()
	if err != nil {
		return Report{}, err
	}
	r := buildReport(kind, sh, f, count)
	r.ID, r.StoreID, r.Operator, r.At = id, t.cfg.Store.ID, auth.Operator.ID, t.clock.Now().UTC().Truncate(time.Millisecond)
	if auth.Override != nil {
		r.OverrideID = auth.Override.ID
	}
	typ := EventXReport
	if kind == ReportZ {
		typ = EventShiftClosed
	}
	au, err := t.access.audit(auth, typ, nil)
	if err != nil {
		return Report{}, err
	}
	if err := t.store.SaveReport(ctx, &r, au); err != nil {
		if kind == ReportZ {
			t.forget()
		}
		return Report{}, fmt.Errorf("%s report: %w", kind, err)
	}
	if kind == ReportZ {
		t.setCurrent(nil)
		t.log.Info("shift closed", "shift", sh.ID, "z", r.Number, "cash_difference", int64(r.CashDifference()))
	}
	t.print(ctx, r, false)
	return r, nil
}

func (t *Till) print(ctx context.Context, r Report, copy bool) {
	if t.cfg.Printer == nil {
		return
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := t.cfg.Printer.PrintReceipt(pctx, r.Receipt(t.cfg.Store, copy)); err != nil {
		t.log.Warn("report not printed; reprint it when the printer is back", "kind", r.Kind, "number", r.Number, "err", err)
	}
}

// Reprint returns a stored report laid out as a copy (and prints it if a
// printer is configured), journalling the reprint. Needs PermReprint.
func (t *Till) Reprint(ctx context.Context, kind string, number int64, ov *Override) (Receipt, error) {
	auth, err := t.access.Authorize(ctx, PermReprint, ov)
	if err != nil {
		return Receipt{}, err
	}
	r, err := t.store.ReportByNumber(ctx, kind, number)
	if err != nil {
		return Receipt{}, err
	}
	if err := t.access.Record(ctx, auth, EventReportReprinted, map[string]any{"kind": kind, "number": number, "report_id": r.ID, "override_id": overrideID(auth)}); err != nil {
		return Receipt{}, err
	}
	t.print(ctx, r, true)
	return r.Receipt(t.cfg.Store, true), nil
}

// Report returns a stored report.
func (t *Till) Report(ctx context.Context, kind string, number int64) (Report, error) {
	return t.store.ReportByNumber(ctx, kind, number)
}
