package pos

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"golang.org/x/crypto/bcrypt"
)

// Journal event types of operators and overrides.
const (
	EventOperatorAdded       = "operator.added"
	EventOperatorSignedIn    = "operator.signed_in"
	EventOperatorSignedOut   = "operator.signed_out"
	EventOperatorSignInFail  = "operator.sign_in_failed"
	EventOperatorLocked      = "operator.locked"
	EventOperatorUnlocked    = "operator.unlocked"
	EventOperatorPINReset    = "operator.pin_reset"
	EventOperatorActivated   = "operator.activated"
	EventOperatorDeactivated = "operator.deactivated"
	EventOverrideGranted     = "override.granted"
)

// SystemOperator is the operator id journalled for actions done by tools run
// by whoever holds the device's database, with nobody signed in.
const SystemOperator = "system"

const (
	defaultMaxFailures     = 5
	defaultLockout         = 15 * time.Minute
	defaultIdle            = 5 * time.Minute
	defaultOverrideTTL     = 2 * time.Minute
	defaultDiscountLimitBP = 1000
	lockedForever          = "9999-12-31T23:59:59Z"
	minPINLength           = 4
	maxPINLen              = 8
	signOutManual          = "manual"
	signOutIdle            = "idle"
)

// Operator is a member of staff who signs in at a device.
type Operator struct {
	// ID is the operator's code, typed on the keypad before the PIN.
	ID string `json:"id"`
	// Name as shown and printed.
	Name string `json:"name"`
	// Role decides what the operator may do.
	Role Role `json:"role"`
	// Active operators may sign in; deactivated ones may not.
	Active bool `json:"active"`
}

// OperatorRecord is an operator as stored: credentials as hashes and the
// lock-out state, which survives a restart.
type OperatorRecord struct {
	Operator
	// PINHash is the bcrypt hash of the PIN. The PIN itself is never stored.
	PINHash string
	// BadgeHash is the hex SHA-256 of the badge code ("" for no badge).
	BadgeHash string
	// Failures counts consecutive failed sign-ins.
	Failures int
	// LockedUntil is when a lock-out ends (zero: not locked).
	LockedUntil time.Time
}

// NewOperator is what it takes to create an operator.
type NewOperator struct {
	// ID is the operator's code (letters, digits, '-', '_'; up to 32).
	ID string
	// Name as shown and printed.
	Name string
	// Role of the operator.
	Role Role
	// PIN of 4 to 8 digits.
	PIN string
	// Badge is the code printed on the operator's badge ("" for none).
	Badge string
}

// AccessPolicy tunes sign-in, lock-out, idle sign-out and overrides. Zero
// fields take the defaults.
type AccessPolicy struct {
	// MaxFailures is how many wrong PINs in a row lock an operator (default 5).
	MaxFailures int
	// LockoutFor is how long a lock-out lasts (default 15 minutes); negative
	// means until a manager unlocks the operator.
	LockoutFor time.Duration
	// IdleSignOut signs the operator out after this long without activity
	// (default 5 minutes); negative disables it (kiosks).
	IdleSignOut time.Duration
	// OverrideTTL is how long a granted override may wait to be used
	// (default 2 minutes).
	OverrideTTL time.Duration
	// DiscountLimitBP is the largest manual discount, in basis points, an
	// operator may give without PermDiscountAboveLimit (default 1000 = 10 %).
	DiscountLimitBP int
	// BcryptCost of new PIN hashes (default bcrypt.DefaultCost).
	BcryptCost int
	// Matrix maps roles to permissions (default DefaultPermissions).
	Matrix PermissionMatrix
}

func (p AccessPolicy) withDefaults() AccessPolicy {
	if p.MaxFailures <= 0 {
		p.MaxFailures = defaultMaxFailures
	}
	if p.LockoutFor == 0 {
		p.LockoutFor = defaultLockout
	}
	if p.IdleSignOut == 0 {
		p.IdleSignOut = defaultIdle
	}
	if p.OverrideTTL <= 0 {
		p.OverrideTTL = defaultOverrideTTL
	}
	if p.DiscountLimitBP <= 0 {
		p.DiscountLimitBP = defaultDiscountLimitBP
	}
	if p.BcryptCost == 0 {
		p.BcryptCost = bcrypt.DefaultCost
	}
	if p.Matrix == nil {
		p.Matrix = DefaultPermissions()
	}
	return p
}

// Audit is what a store write carries besides its state: the journal events
// to append in the same transaction, in order, and the override the action
// consumes, if any (recorded once; a second use is an ECONFLICT).
type Audit struct {
	// Events to append, in order.
	Events []Event
	// Override consumed by the action, or nil.
	Override *Override
}

// OperatorStore keeps operators. Implemented by the local store.
type OperatorStore interface {
	// AddOperator stores a new operator; ECONFLICT if the id or badge is taken.
	AddOperator(ctx context.Context, rec OperatorRecord, a Audit) error
	// UpdateOperator writes rec's name, role, active flag, hashes and
	// lock-out state, together with a.
	UpdateOperator(ctx context.Context, rec OperatorRecord, a Audit) error
	// OperatorByID returns an operator, or ENOTFOUND.
	OperatorByID(ctx context.Context, id string) (OperatorRecord, error)
	// OperatorByBadge returns the operator with a badge hash, or ENOTFOUND.
	OperatorByBadge(ctx context.Context, badgeHash string) (OperatorRecord, error)
	// Operators lists every operator by id.
	Operators(ctx context.Context) ([]Operator, error)
	// RecordAudit appends a's events (and records its override) on their own.
	RecordAudit(ctx context.Context, a Audit) error
}

// Override is one supervisor's approval of one action for the operator who
// asked. Only Access.GrantOverride makes a valid one; it is used at most once
// and expires after AccessPolicy.OverrideTTL.
type Override struct {
	// ID of the override (UUIDv7).
	ID string `json:"id"`
	// Permission it grants.
	Permission Permission `json:"permission"`
	// AskedBy is the signed-in operator who needed it.
	AskedBy string `json:"asked_by"`
	// GrantedBy is the supervisor who approved it.
	GrantedBy string `json:"granted_by"`
	// GrantedByRole is the approver's role.
	GrantedByRole Role `json:"granted_by_role"`
	// Reason the approver accepted, in their words.
	Reason string `json:"reason"`
	// GrantedAt is when it was approved.
	GrantedAt time.Time `json:"granted_at"`
	// ExpiresAt is when it stops being usable.
	ExpiresAt time.Time `json:"expires_at"`
}

// OverrideRequest asks a supervisor to approve an action at the point of
// need: they enter their operator code and PIN, or scan their badge.
type OverrideRequest struct {
	// Permission wanted.
	Permission Permission
	// Reason for the action (required).
	Reason string
	// Credential of the approver.
	Credential Credential
}

// Credential identifies an operator: OperatorID and PIN, or Badge.
type Credential struct {
	// OperatorID typed on the keypad.
	OperatorID string
	// PIN typed on the keypad.
	PIN string
	// Badge scanned (takes precedence when set).
	Badge string
}

// Authorization is the answer to "may the signed-in operator do this?":
// who does it, and the override that lets them, if they needed one.
type Authorization struct {
	// Operator doing the action.
	Operator Operator
	// Permission checked.
	Permission Permission
	// Override that granted it, or nil when the operator's role allows it.
	Override *Override
}

// Access is a device's access control: operators, who is signed in, idle
// sign-out, lock-out, permissions and overrides. It is safe for concurrent
// use.
type Access struct {
	deviceID string
	store    OperatorStore
	clock    Clock
	hlc      *HLC
	policy   AccessPolicy
	log      *slog.Logger

	credMu sync.Mutex // serialises credential checks so lock-out counts are exact

	mu       sync.Mutex
	current  *Operator
	lastSeen time.Time
	issued   map[string]*Override
}

// NewAccess returns the access control of device deviceID. hlc may be nil
// (a new clock is made); a lane shares its own.
func NewAccess(deviceID string, store OperatorStore, clock Clock, hlc *HLC, policy AccessPolicy, log *slog.Logger) *Access {
	if hlc == nil {
		hlc = NewHLC(clock)
	}
	return &Access{deviceID: deviceID, store: store, clock: clock, hlc: hlc, policy: policy.withDefaults(), log: log, issued: map[string]*Override{}}
}

// Policy returns the policy in force, defaults filled in.
func (a *Access) Policy() AccessPolicy { return a.policy }

// Can reports whether a role has a permission under the policy's matrix.
func (a *Access) Can(r Role, p Permission) bool { return a.policy.Matrix.Allows(r, p) }

// HashBadge returns the form a badge code is stored and looked up in.
func HashBadge(badge string) string {
	if badge == "" {
		return ""
	}
	h := sha256.Sum256([]byte(strings.TrimSpace(badge)))
	return hex.EncodeToString(h[:])
}

func validPIN(pin string) error {
	if len(pin) < minPINLength || len(pin) > maxPINLen {
		return Errorf(EINVALID, "a PIN has %d to %d digits", minPINLength, maxPINLen)
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return Errorf(EINVALID, "a PIN has digits only")
		}
	}
	return nil
}

func validOperatorID(id string) error {
	if id == "" || len(id) > 32 || id == SystemOperator {
		return Errorf(EINVALID, "operator code %q: 1 to 32 letters, digits, '-' or '_' (not %q)", id, SystemOperator)
	}
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			return Errorf(EINVALID, "operator code %q: 1 to 32 letters, digits, '-' or '_'", id)
		}
	}
	return nil
}

// event prepares an unsealed journal event; the store seals it.
func (a *Access) event(typ, operator string, payload any) (Event, error) {
	return makeEvent(a.deviceID, a.hlc, a.clock, typ, operator, payload)
}

func makeEvent(deviceID string, hlc *HLC, clock Clock, typ, operator string, payload any) (Event, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Event{}, fmt.Errorf("event id: %w", err)
	}
	ev := Event{DeviceID: deviceID, ID: id.String(), Type: typ, HLC: hlc.Now(), At: clock.Now(), Operator: operator}
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			return Event{}, fmt.Errorf("event %s payload: %w", typ, err)
		}
		ev.Payload = b
	}
	return ev, nil
}

type operatorPayload struct {
	ID       string `json:"id"`
	Name     string `json:"name,omitempty"`
	Role     Role   `json:"role,omitempty"`
	Badge    bool   `json:"badge,omitempty"`
	By       string `json:"by,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Until    string `json:"until,omitempty"`
	Failures int    `json:"failures,omitempty"`
	Via      string `json:"via,omitempty"`
	Purpose  string `json:"purpose,omitempty"`
	Override string `json:"override_id,omitempty"`
}

// AddOperator creates an operator. The signed-in operator needs
// PermManageOperators (or an override granting it); only an admin may
// create an admin.
func (a *Access) AddOperator(ctx context.Context, n NewOperator, ov *Override) (Operator, error) {
	auth, err := a.Authorize(ctx, PermManageOperators, ov)
	if err != nil {
		return Operator{}, err
	}
	if n.Role == RoleAdmin && auth.Operator.Role != RoleAdmin && (auth.Override == nil || auth.Override.GrantedByRole != RoleAdmin) {
		return Operator{}, Errorf(EFORBIDDEN, "only an admin may create an admin")
	}
	return a.addOperator(ctx, n, auth)
}

// Provision creates an operator without a signed-in operator, for tools run
// by whoever holds the device's database (`omnilane operator add`, first
// start-up). It is journalled as done by SystemOperator.
func (a *Access) Provision(ctx context.Context, n NewOperator) (Operator, error) {
	return a.addOperator(ctx, n, Authorization{Operator: Operator{ID: SystemOperator}, Permission: PermManageOperators})
}

func (a *Access) addOperator(ctx context.Context, n NewOperator, auth Authorization) (Operator, error) {
	if err := validOperatorID(n.ID); err != nil {
		return Operator{}, err
	}
	if strings.TrimSpace(n.Name) == "" {
		return Operator{}, Errorf(EINVALID, "operator %s needs a name", n.ID)
	}
	if !n.Role.Valid() {
		return Operator{}, Errorf(EINVALID, "unknown role %q", n.Role)
	}
	if err := validPIN(n.PIN); err != nil {
		return Operator{}, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(n.PIN), a.policy.BcryptCost)
	if err != nil {
		return Operator{}, fmt.Errorf("hash PIN of %s: %w", n.ID, err)
	}
	rec := OperatorRecord{
		Operator: Operator{ID: n.ID, Name: strings.TrimSpace(n.Name), Role: n.Role, Active: true},
		PINHash:  string(hash), BadgeHash: HashBadge(n.Badge),
	}
	au, err := a.audit(auth, EventOperatorAdded, operatorPayload{ID: rec.ID, Name: rec.Name, Role: rec.Role, Badge: rec.BadgeHash != "", By: auth.Operator.ID})
	if err != nil {
		return Operator{}, err
	}
	if err := a.store.AddOperator(ctx, rec, au); err != nil {
		return Operator{}, fmt.Errorf("add operator %s: %w", n.ID, err)
	}
	a.log.Info("operator added", "operator", rec.ID, "role", rec.Role, "by", auth.Operator.ID)
	return rec.Operator, nil
}

// DemoOperators are the operators SeedDemo creates, for demos and training
// only: change or deactivate them before a store goes live.
//
//	code  name               role        PIN   badge
//	1001  Ana (cajera)       cashier     1234  DEMO-1001
//	2001  Sergio (super.)    supervisor  9999  DEMO-2001
//	3001  Marta (gerente)    manager     5555  DEMO-3001
//	8001  Kiosco             kiosk       8001  DEMO-8001
//	9001  Admin              admin       0000  —
func DemoOperators() []NewOperator {
	return []NewOperator{
		{ID: "1001", Name: "Ana (cajera)", Role: RoleCashier, PIN: "1234", Badge: "DEMO-1001"},
		{ID: "2001", Name: "Sergio (supervisor)", Role: RoleSupervisor, PIN: "9999", Badge: "DEMO-2001"},
		{ID: "3001", Name: "Marta (gerente)", Role: RoleManager, PIN: "5555", Badge: "DEMO-3001"},
		{ID: "8001", Name: "Kiosco", Role: RoleKiosk, PIN: "8001", Badge: "DEMO-8001"},
		{ID: "9001", Name: "Admin", Role: RoleAdmin, PIN: "0000"},
	}
}

// SeedDemo provisions the DemoOperators that do not exist yet and returns
// how many it created.
func (a *Access) SeedDemo(ctx context.Context) (int, error) {
	n := 0
	for _, d := range DemoOperators() {
		if _, err := a.store.OperatorByID(ctx, d.ID); err == nil {
			continue
		} else if !IsNotFound(err) {
			return n, fmt.Errorf("seed demo operators: %w", err)
		}
		if _, err := a.Provision(ctx, d); err != nil {
			return n, fmt.Errorf("seed demo operators: %w", err)
		}
		n++
	}
	return n, nil
}

// Operators lists the device's operators.
func (a *Access) Operators(ctx context.Context) ([]Operator, error) {
	ops, err := a.store.Operators(ctx)
	if err != nil {
		return nil, fmt.Errorf("list operators: %w", err)
	}
	return ops, nil
}

// SignIn signs an operator in with their code and PIN. Wrong PINs count
// towards a lock-out that survives restarts. Whoever was signed in before is
// signed out.
func (a *Access) SignIn(ctx context.Context, operatorID, pin string) (Operator, error) {
	return a.signIn(ctx, Credential{OperatorID: operatorID, PIN: pin})
}

// SignInBadge signs an operator in by the badge they scanned.
func (a *Access) SignInBadge(ctx context.Context, badge string) (Operator, error) {
	return a.signIn(ctx, Credential{Badge: badge})
}

func (a *Access) signIn(ctx context.Context, c Credential) (Operator, error) {
	rec, err := a.authenticate(ctx, c, "sign_in")
	if err != nil {
		return Operator{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var evs []Event
	if a.current != nil {
		ev, err := a.event(EventOperatorSignedOut, a.current.ID, operatorPayload{ID: a.current.ID, Reason: "replaced", By: rec.ID})
		if err != nil {
			return Operator{}, err
		}
		evs = append(evs, ev)
	}
	via := "pin"
	if c.Badge != "" {
		via = "badge"
	}
	ev, err := a.event(EventOperatorSignedIn, rec.ID, operatorPayload{ID: rec.ID, Role: rec.Role, Via: via})
	if err != nil {
		return Operator{}, err
	}
	rec.Failures, rec.LockedUntil = 0, time.Time{}
	if err := a.store.UpdateOperator(ctx, rec, Audit{Events: append(evs, ev)}); err != nil {
		return Operator{}, fmt.Errorf("sign in %s: %w", rec.ID, err)
	}
	op := rec.Operator
	a.current, a.lastSeen = &op, a.clock.Now()
	a.dropOverrides()
	a.log.Info("operator signed in", "operator", op.ID, "role", op.Role, "via", via)
	return op, nil
}

// authenticate checks a credential, counting failures and locking out.
func (a *Access) authenticate(ctx context.Context, c Credential, purpose string) (OperatorRecord, error) {
	a.credMu.Lock()
	defer a.credMu.Unlock()
	now := a.clock.Now()
	var rec OperatorRecord
	var err error
	if c.Badge != "" {
		rec, err = a.store.OperatorByBadge(ctx, HashBadge(c.Badge))
	} else {
		rec, err = a.store.OperatorByID(ctx, strings.TrimSpace(c.OperatorID))
	}
	if err != nil && !IsNotFound(err) {
		return OperatorRecord{}, fmt.Errorf("look up operator: %w", err)
	}
	fail := func(id, reason string) error {
		if e := a.recordFailure(ctx, nil, id, c.Badge != "", reason, purpose); e != nil {
			return e
		}
		return Errorf(EBADCREDENTIAL, "wrong operator code, PIN or badge")
	}
	if err != nil {
		if c.Badge == "" {
			// Spend the time a real check takes, so codes cannot be probed by timing.
			_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(c.PIN))
		}
		return OperatorRecord{}, fail(c.OperatorID, "unknown")
	}
	if !rec.Active {
		return OperatorRecord{}, fail(rec.ID, "inactive")
	}
	if !rec.LockedUntil.IsZero() {
		if now.Before(rec.LockedUntil) {
			if e := a.recordFailure(ctx, nil, rec.ID, c.Badge != "", "locked", purpose); e != nil {
				return OperatorRecord{}, e
			}
			return OperatorRecord{}, a.lockedError(rec)
		}
		rec.Failures, rec.LockedUntil = 0, time.Time{} // the lock-out has run out
	}
	if c.Badge == "" {
		if bcrypt.CompareHashAndPassword([]byte(rec.PINHash), []byte(c.PIN)) != nil {
			rec.Failures++
			locked := rec.Failures >= a.policy.MaxFailures
			if locked {
				if a.policy.LockoutFor < 0 {
					rec.LockedUntil, _ = time.Parse(time.RFC3339, lockedForever)
				} else {
					rec.LockedUntil = now.Add(a.policy.LockoutFor)
				}
			}
			if e := a.recordFailure(ctx, &rec, rec.ID, false, "wrong_pin", purpose); e != nil {
				return OperatorRecord{}, e
			}
			if locked {
				a.log.Warn("operator locked out", "operator", rec.ID, "failures", rec.Failures)
				return OperatorRecord{}, a.lockedError(rec)
			}
			return OperatorRecord{}, Errorf(EBADCREDENTIAL, "wrong operator code or PIN (%d of %d attempts)", rec.Failures, a.policy.MaxFailures)
		}
	}
	return rec, nil
}

var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not-a-pin"), bcrypt.MinCost)

func (a *Access) lockedError(rec OperatorRecord) error {
	if rec.LockedUntil.Year() >= 9999 {
		return Errorf(ELOCKED, "operator %s is locked until a manager unlocks them", rec.ID)
	}
	return Errorf(ELOCKED, "operator %s is locked until %s", rec.ID, rec.LockedUntil.Format("15:04"))
}

// recordFailure journals a failed credential; with rec it also stores the
// new failure count and lock-out, in the same transaction.
func (a *Access) recordFailure(ctx context.Context, rec *OperatorRecord, id string, badge bool, reason, purpose string) error {
	cur := a.currentID()
	ev, err := a.event(EventOperatorSignInFail, cur, operatorPayload{ID: id, Badge: badge, Reason: reason, Purpose: purpose, Failures: failures(rec)})
	if err != nil {
		return err
	}
	au := Audit{Events: []Event{ev}}
	if rec == nil {
		if err := a.store.RecordAudit(ctx, au); err != nil {
			return fmt.Errorf("record failed sign-in: %w", err)
		}
		return nil
	}
	if !rec.LockedUntil.IsZero() {
		lev, err := a.event(EventOperatorLocked, cur, operatorPayload{ID: id, Failures: rec.Failures, Until: rec.LockedUntil.UTC().Format(time.RFC3339)})
		if err != nil {
			return err
		}
		au.Events = append(au.Events, lev)
	}
	if err := a.store.UpdateOperator(ctx, *rec, au); err != nil {
		return fmt.Errorf("record failed sign-in: %w", err)
	}
	return nil
}

func failures(rec *OperatorRecord) int {
	if rec == nil {
		return 0
	}
	return rec.Failures
}

func (a *Access) currentID() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.current == nil {
		return ""
	}
	return a.current.ID
}

// SignOut signs the current operator out.
func (a *Access) SignOut(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.signOutLocked(ctx, signOutManual)
}

func (a *Access) signOutLocked(ctx context.Context, reason string) error {
	if a.current == nil {
		return nil
	}
	ev, err := a.event(EventOperatorSignedOut, a.current.ID, operatorPayload{ID: a.current.ID, Reason: reason})
	if err != nil {
		return err
	}
	if err := a.store.RecordAudit(ctx, Audit{Events: []Event{ev}}); err != nil {
		return fmt.Errorf("sign out %s: %w", a.current.ID, err)
	}
	a.log.Info("operator signed out", "operator", a.current.ID, "reason", reason)
	a.current = nil
	a.dropOverrides()
	return nil
}

// Current returns the signed-in operator without counting as activity. If
// they have been idle longer than the policy allows they are signed out
// (journalled) and ENOOPERATOR is returned.
func (a *Access) Current(ctx context.Context) (Operator, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	op, _, err := a.currentLocked(ctx)
	return op, err
}

// currentLocked returns the signed-in operator, signing them out first if
// they idled out (reported by idled).
func (a *Access) currentLocked(ctx context.Context) (op Operator, idled bool, err error) {
	if a.current == nil {
		return Operator{}, false, Errorf(ENOOPERATOR, "nobody is signed in")
	}
	if idle := a.policy.IdleSignOut; idle > 0 && a.clock.Now().Sub(a.lastSeen) >= idle {
		id := a.current.ID
		if err := a.signOutLocked(ctx, signOutIdle); err != nil {
			return Operator{}, false, err
		}
		return Operator{}, true, Errorf(ENOOPERATOR, "%s was signed out after %s without activity", id, idle)
	}
	return *a.current, false, nil
}

// Active returns the signed-in operator and counts as activity (resetting
// the idle timer); ENOOPERATOR if nobody is signed in or they idled out.
func (a *Access) Active(ctx context.Context) (Operator, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	op, _, err := a.currentLocked(ctx)
	if err != nil {
		return Operator{}, err
	}
	a.lastSeen = a.clock.Now()
	return op, nil
}

// Touch records activity (a key press on the screen) for the idle timer.
func (a *Access) Touch() {
	a.mu.Lock()
	a.lastSeen = a.clock.Now()
	a.mu.Unlock()
}

// CheckIdle signs the operator out if they have been idle too long; the UI
// calls it on a timer. It reports whether it signed someone out.
func (a *Access) CheckIdle(ctx context.Context) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, idled, err := a.currentLocked(ctx)
	if ErrorCode(err) == ENOOPERATOR {
		return idled, nil
	}
	return false, err
}

// Authorize checks that the signed-in operator may do p: by their role, or
// by ov, an override granted for p to them and not used yet. Without either
// it returns EOVERRIDE, telling the UI to ask for a supervisor. Pass the
// result to the store write (see Audit) so the override is journalled with
// the action.
func (a *Access) Authorize(ctx context.Context, p Permission, ov *Override) (Authorization, error) {
	op, err := a.Active(ctx)
	if err != nil {
		return Authorization{}, err
	}
	if a.Can(op.Role, p) {
		return Authorization{Operator: op, Permission: p}, nil
	}
	if ov == nil {
		return Authorization{}, Errorf(EOVERRIDE, "%s (%s) may not %s without a supervisor's approval", op.ID, op.Role, p)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	switch issued := a.issued[ov.ID]; {
	case issued == nil || issued != ov:
		return Authorization{}, Errorf(EFORBIDDEN, "override %s is not valid here (already used, or not granted at this device)", ov.ID)
	case ov.Permission != p:
		return Authorization{}, Errorf(EFORBIDDEN, "override %s grants %s, not %s", ov.ID, ov.Permission, p)
	case ov.AskedBy != op.ID:
		return Authorization{}, Errorf(EFORBIDDEN, "override %s was granted to %s, not %s", ov.ID, ov.AskedBy, op.ID)
	case !a.clock.Now().Before(ov.ExpiresAt):
		delete(a.issued, ov.ID)
		return Authorization{}, Errorf(EFORBIDDEN, "override %s has expired", ov.ID)
	}
	return Authorization{Operator: op, Permission: p, Override: ov}, nil
}

// AuthorizeDiscount checks a manual discount of bp basis points: up to the
// policy's limit any signed-in operator may give it; above, it needs
// PermDiscountAboveLimit or an override.
func (a *Access) AuthorizeDiscount(ctx context.Context, bp int, ov *Override) (Authorization, error) {
	if bp < 0 || bp > 10000 {
		return Authorization{}, Errorf(EINVALID, "a discount is between 0 and 100 %%")
	}
	if bp <= a.policy.DiscountLimitBP {
		op, err := a.Active(ctx)
		if err != nil {
			return Authorization{}, err
		}
		return Authorization{Operator: op, Permission: PermDiscountAboveLimit}, nil
	}
	return a.Authorize(ctx, PermDiscountAboveLimit, ov)
}

// GrantOverride asks the approver named by req.Credential to authorise one
// action of permission req.Permission for the signed-in operator. The
// approver's PIN failures count towards their lock-out. The override is
// journalled (who asked, who granted, what, why) with the action that uses it.
func (a *Access) GrantOverride(ctx context.Context, req OverrideRequest) (*Override, error) {
	asker, err := a.Active(ctx)
	if err != nil {
		return nil, err
	}
	reason := strings.TrimSpace(req.Reason)
	if reason == "" {
		return nil, Reasonf(EINVALID, RReasonNeeded, "an override needs a reason")
	}
	known := false
	for _, p := range AllPermissions() {
		known = known || p == req.Permission
	}
	if !known {
		return nil, Errorf(EINVALID, "unknown permission %q", req.Permission)
	}
	rec, err := a.authenticate(ctx, req.Credential, "override")
	if err != nil {
		return nil, err
	}
	if rec.Failures > 0 {
		rec.Failures = 0
		if err := a.store.UpdateOperator(ctx, rec, Audit{}); err != nil {
			return nil, fmt.Errorf("reset failures of %s: %w", rec.ID, err)
		}
	}
	if rec.ID == asker.ID {
		return nil, Errorf(EFORBIDDEN, "%s cannot approve their own action", rec.ID)
	}
	if !a.Can(rec.Role, req.Permission) {
		return nil, Errorf(EFORBIDDEN, "%s (%s) may not approve %s", rec.ID, rec.Role, req.Permission)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, fmt.Errorf("override id: %w", err)
	}
	now := a.clock.Now()
	ov := &Override{ID: id.String(), Permission: req.Permission, AskedBy: asker.ID, GrantedBy: rec.ID, GrantedByRole: rec.Role,
		Reason: reason, GrantedAt: now.UTC(), ExpiresAt: now.Add(a.policy.OverrideTTL).UTC()}
	a.mu.Lock()
	a.issued[ov.ID] = ov
	a.mu.Unlock()
	a.log.Info("override granted", "override", ov.ID, "permission", ov.Permission, "asked_by", ov.AskedBy, "granted_by", ov.GrantedBy)
	return ov, nil
}

func (a *Access) dropOverrides() { clear(a.issued) }

// audit builds the journal entries of an authorised action: the override
// (if any) first, then the action itself. It spends the override: a failed
// write means the supervisor approves again.
func (a *Access) audit(auth Authorization, typ string, payload any) (Audit, error) {
	var au Audit
	if ov := auth.Override; ov != nil {
		a.mu.Lock()
		if a.issued[ov.ID] != ov {
			a.mu.Unlock()
			return Audit{}, Errorf(EFORBIDDEN, "override %s was already used", ov.ID)
		}
		delete(a.issued, ov.ID)
		a.mu.Unlock()
		ev, err := a.event(EventOverrideGranted, auth.Operator.ID, struct {
			*Override
			Action string `json:"action"`
		}{ov, typ})
		if err != nil {
			return Audit{}, err
		}
		au.Events, au.Override = append(au.Events, ev), ov
	}
	ev, err := a.event(typ, auth.Operator.ID, payload)
	if err != nil {
		return Audit{}, err
	}
	au.Events = append(au.Events, ev)
	return au, nil
}

// Record journals an authorised action that has no other state to store
// (a refund screen, a manual discount) as one event of type typ, with the
// override that allowed it, in one transaction. payload should carry the
// action's details; its JSON gains nothing else.
func (a *Access) Record(ctx context.Context, auth Authorization, typ string, payload any) error {
	au, err := a.audit(auth, typ, payload)
	if err != nil {
		return err
	}
	if err := a.store.RecordAudit(ctx, au); err != nil {
		return fmt.Errorf("record %s: %w", typ, err)
	}
	return nil
}

// Unlock lifts an operator's lock-out. Needs PermManageOperators.
func (a *Access) Unlock(ctx context.Context, operatorID string, ov *Override) error {
	auth, err := a.Authorize(ctx, PermManageOperators, ov)
	if err != nil {
		return err
	}
	return a.unlock(ctx, operatorID, auth)
}

// UnlockUnattended lifts a lock-out from a tool run by whoever holds the
// device's database (`omnilane operator unlock`), journalled as SystemOperator.
func (a *Access) UnlockUnattended(ctx context.Context, operatorID string) error {
	return a.unlock(ctx, operatorID, Authorization{Operator: Operator{ID: SystemOperator}, Permission: PermManageOperators})
}

func (a *Access) unlock(ctx context.Context, operatorID string, auth Authorization) error {
	a.credMu.Lock()
	defer a.credMu.Unlock()
	rec, err := a.store.OperatorByID(ctx, operatorID)
	if err != nil {
		return fmt.Errorf("unlock %s: %w", operatorID, err)
	}
	rec.Failures, rec.LockedUntil = 0, time.Time{}
	au, err := a.audit(auth, EventOperatorUnlocked, operatorPayload{ID: rec.ID, By: auth.Operator.ID})
	if err != nil {
		return err
	}
	if err := a.store.UpdateOperator(ctx, rec, au); err != nil {
		return fmt.Errorf("unlock %s: %w", operatorID, err)
	}
	return nil
}

// ResetPIN sets a new PIN for an operator and lifts any lock-out. Needs
// PermManageOperators; operators may not reset their own PIN this way.
func (a *Access) ResetPIN(ctx context.Context, operatorID, pin string, ov *Override) error {
	auth, err := a.Authorize(ctx, PermManageOperators, ov)
	if err != nil {
		return err
	}
	if err := validPIN(pin); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pin), a.policy.BcryptCost)
	if err != nil {
		return fmt.Errorf("hash PIN of %s: %w", operatorID, err)
	}
	a.credMu.Lock()
	defer a.credMu.Unlock()
	rec, err := a.store.OperatorByID(ctx, operatorID)
	if err != nil {
		return fmt.Errorf("reset PIN of %s: %w", operatorID, err)
	}
	rec.PINHash, rec.Failures, rec.LockedUntil = string(hash), 0, time.Time{}
	au, err := a.audit(auth, EventOperatorPINReset, operatorPayload{ID: rec.ID, By: auth.Operator.ID})
	if err != nil {
		return err
	}
	if err := a.store.UpdateOperator(ctx, rec, au); err != nil {
		return fmt.Errorf("reset PIN of %s: %w", operatorID, err)
	}
	return nil
}

// SetActive deactivates an operator (they can no longer sign in; a
// signed-in one is signed out) or reactivates them. Needs
// PermManageOperators; nobody may deactivate themselves.
func (a *Access) SetActive(ctx context.Context, operatorID string, active bool, ov *Override) error {
	auth, err := a.Authorize(ctx, PermManageOperators, ov)
	if err != nil {
		return err
	}
	if !active && auth.Operator.ID == operatorID {
		return Errorf(EFORBIDDEN, "%s cannot deactivate themselves", operatorID)
	}
	return a.setActive(ctx, operatorID, active, auth)
}

// SetActiveUnattended is SetActive from a tool run by whoever holds the
// device's database, journalled as SystemOperator.
func (a *Access) SetActiveUnattended(ctx context.Context, operatorID string, active bool) error {
	return a.setActive(ctx, operatorID, active, Authorization{Operator: Operator{ID: SystemOperator}, Permission: PermManageOperators})
}

func (a *Access) setActive(ctx context.Context, operatorID string, active bool, auth Authorization) error {
	a.credMu.Lock()
	rec, err := a.store.OperatorByID(ctx, operatorID)
	if err != nil {
		a.credMu.Unlock()
		return fmt.Errorf("set %s active: %w", operatorID, err)
	}
	rec.Active = active
	typ := EventOperatorActivated
	if !active {
		typ = EventOperatorDeactivated
	}
	au, err := a.audit(auth, typ, operatorPayload{ID: rec.ID, By: auth.Operator.ID})
	if err == nil {
		err = a.store.UpdateOperator(ctx, rec, au)
	}
	a.credMu.Unlock()
	if err != nil {
		return fmt.Errorf("set %s active: %w", operatorID, err)
	}
	if !active && a.currentID() == operatorID {
		return a.SignOut(ctx)
	}
	return nil
}

// IsCode reports whether err carries domain error code code.
func IsCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// signInTrusted signs an operator in without a credential (see
// Lane.SetOperator).
func (a *Access) signInTrusted(ctx context.Context, id string) (Operator, error) {
	rec, err := a.store.OperatorByID(ctx, id)
	if err != nil {
		return Operator{}, fmt.Errorf("sign in %s: %w", id, err)
	}
	if !rec.Active {
		return Operator{}, Errorf(EBADCREDENTIAL, "operator %s is not active", id)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.current != nil {
		if err := a.signOutLocked(ctx, "replaced"); err != nil {
			return Operator{}, err
		}
	}
	ev, err := a.event(EventOperatorSignedIn, rec.ID, operatorPayload{ID: rec.ID, Role: rec.Role, Via: "trusted"})
	if err != nil {
		return Operator{}, err
	}
	if err := a.store.RecordAudit(ctx, Audit{Events: []Event{ev}}); err != nil {
		return Operator{}, fmt.Errorf("sign in %s: %w", id, err)
	}
	op := rec.Operator
	a.current, a.lastSeen = &op, a.clock.Now()
	return op, nil
}
