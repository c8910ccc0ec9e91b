package pos

import "sort"

// Error codes of operators, permissions and shifts. Like the codes in
// errors.go, a cashier-facing message is chosen from the code (see
// StaffMessage); the error text is for logs and staff.
const (
	// ENOOPERATOR: nobody is signed in at this device (or they were signed
	// out after being idle).
	ENOOPERATOR = "no_operator"
	// ENOSHIFT: the till has no open shift, so the lane does not sell.
	ENOSHIFT = "no_shift"
	// EBADCREDENTIAL: wrong PIN, unknown operator or unknown badge.
	EBADCREDENTIAL = "bad_credential"
	// ELOCKED: the operator is locked out after repeated failures.
	ELOCKED = "operator_locked"
	// EOVERRIDE: the signed-in operator may not do this alone; a supervisor
	// must approve it (see Access.GrantOverride).
	EOVERRIDE = "override_required"
)

// Role is an operator's role; the permission matrix maps roles to what they
// may do.
type Role string

// Roles.
const (
	// RoleCashier rings sales at a lane.
	RoleCashier Role = "cashier"
	// RoleSupervisor approves voids, refunds, overrides and cash movements.
	RoleSupervisor Role = "supervisor"
	// RoleManager runs the store: everything a supervisor does, plus
	// returns without receipt and staff management.
	RoleManager Role = "manager"
	// RoleKiosk is the identity a self-service kiosk sells under; it may do
	// nothing else without a supervisor.
	RoleKiosk Role = "kiosk"
	// RoleAdmin may do everything, including changing device settings.
	RoleAdmin Role = "admin"
)

// Roles lists every role, least to most powerful.
func Roles() []Role {
	return []Role{RoleKiosk, RoleCashier, RoleSupervisor, RoleManager, RoleAdmin}
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, k := range Roles() {
		if r == k {
			return true
		}
	}
	return false
}

// Permission is something an operator may or may not do alone.
type Permission string

// Permissions gated by role.
const (
	// PermVoidLine voids a line of the open basket.
	PermVoidLine Permission = "void_line"
	// PermVoidSale voids the whole open basket.
	PermVoidSale Permission = "void_sale"
	// PermDiscountAboveLimit gives a manual discount above the policy limit.
	PermDiscountAboveLimit Permission = "discount_above_limit"
	// PermPriceOverride changes the price of a line.
	PermPriceOverride Permission = "price_override"
	// PermRefund pays money back to a customer.
	PermRefund Permission = "refund"
	// PermRefundOtherTender refunds to another tender than the one that
	// paid (cash for a card, gift card or store credit sale). An override of
	// it approves the refund as well.
	PermRefundOtherTender Permission = "refund_other_tender"
	// PermReturnWithoutReceipt takes a return with no receipt to find the sale by.
	PermReturnWithoutReceipt Permission = "return_without_receipt"
	// PermNoSale opens the cash drawer with no sale.
	PermNoSale Permission = "no_sale"
	// PermCashInOut puts cash into or takes it out of the drawer, safe drops included.
	PermCashInOut Permission = "cash_in_out"
	// PermOpenShift opens a till with a counted float.
	PermOpenShift Permission = "open_shift"
	// PermCloseShift closes a till: blind count and Z report.
	PermCloseShift Permission = "close_shift"
	// PermReprint reprints a receipt or report (marked as a copy).
	PermReprint Permission = "reprint"
	// PermChangeSettings changes the device's settings.
	PermChangeSettings Permission = "change_settings"
	// PermManageOperators adds operators, resets PINs and unlocks operators.
	PermManageOperators Permission = "manage_operators"
	// PermAgeCheck confirms (or refuses) that a customer is old enough for
	// an age-restricted item: any member of staff, never a kiosk.
	PermAgeCheck Permission = "age_check"
)

// AllPermissions lists every permission in a stable order.
func AllPermissions() []Permission {
	return []Permission{PermVoidLine, PermVoidSale, PermDiscountAboveLimit, PermPriceOverride, PermRefund,
		PermRefundOtherTender, PermReturnWithoutReceipt, PermNoSale, PermCashInOut, PermOpenShift, PermCloseShift, PermReprint,
		PermChangeSettings, PermManageOperators, PermAgeCheck}
}

// PermissionMatrix says which permissions each role has.
type PermissionMatrix map[Role][]Permission

// DefaultPermissions is the matrix a store gets unless it configures its own:
//
//	permission              kiosk cashier supervisor manager admin
//	void_line                 -      x        x         x      x
//	void_sale                 -      -        x         x      x
//	discount_above_limit      -      -        x         x      x
//	price_override            -      -        x         x      x
//	refund                    -      -        x         x      x
//	refund_other_tender       -      -        x         x      x
//	return_without_receipt    -      -        -         x      x
//	no_sale                   -      -        x         x      x
//	cash_in_out               -      -        x         x      x
//	open_shift                -      x        x         x      x
//	close_shift               -      -        x         x      x
//	reprint                   -      x        x         x      x
//	change_settings           -      -        -         -      x
//	manage_operators          -      -        -         x      x
//	age_check                 -      x        x         x      x
func DefaultPermissions() PermissionMatrix {
	cashier := []Permission{PermVoidLine, PermOpenShift, PermReprint, PermAgeCheck}
	supervisor := append(append([]Permission(nil), cashier...), PermVoidSale, PermDiscountAboveLimit,
		PermPriceOverride, PermRefund, PermRefundOtherTender, PermNoSale, PermCashInOut, PermCloseShift)
	manager := append(append([]Permission(nil), supervisor...), PermReturnWithoutReceipt, PermManageOperators)
	return PermissionMatrix{
		RoleKiosk:      nil,
		RoleCashier:    cashier,
		RoleSupervisor: supervisor,
		RoleManager:    manager,
		RoleAdmin:      AllPermissions(),
	}
}

// Allows reports whether role r has permission p.
func (m PermissionMatrix) Allows(r Role, p Permission) bool {
	for _, q := range m[r] {
		if q == p {
			return true
		}
	}
	return false
}

// RolesWith lists the roles that have p, least powerful first.
func (m PermissionMatrix) RolesWith(p Permission) []Role {
	var out []Role
	for _, r := range Roles() {
		if m.Allows(r, p) {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return roleRank(out[i]) < roleRank(out[j]) })
	return out
}

func roleRank(r Role) int {
	for i, k := range Roles() {
		if k == r {
			return i
		}
	}
	return len(Roles())
}

var staffMessages = map[string]map[string]string{
	"es": {
		ENOOPERATOR:    "Nadie ha iniciado sesión. Introduzca su código y PIN o pase su tarjeta.",
		ENOSHIFT:       "La caja no está abierta. Abra un turno contando el fondo de caja.",
		EBADCREDENTIAL: "Código, PIN o tarjeta incorrectos.",
		ELOCKED:        "Operador bloqueado por demasiados intentos. Avise a un encargado.",
		EOVERRIDE:      "Esta acción necesita la autorización de un supervisor.",
		EFORBIDDEN:     "No tiene permiso para esta acción.",
		EJOURNAL:       "El diario electrónico no supera la verificación. No venda en esta caja y avise a informática.",
	},
	"en": {
		ENOOPERATOR:    "Nobody is signed in. Enter your code and PIN or scan your badge.",
		ENOSHIFT:       "The till is not open. Open a shift by counting the float.",
		EBADCREDENTIAL: "Wrong code, PIN or badge.",
		ELOCKED:        "Operator locked after too many attempts. Call a manager.",
		EOVERRIDE:      "This needs a supervisor's approval.",
		EFORBIDDEN:     "You are not allowed to do this.",
		EJOURNAL:       "The electronic journal failed verification. Do not sell on this lane; call IT.",
	},
}

// StaffMessage returns the cashier-facing message for an operator, shift
// or journal error code in lang ("es" or "en"), or "" for other codes.
func StaffMessage(code, lang string) string {
	m := staffMessages["es"]
	if lang == "en" {
		m = staffMessages["en"]
	}
	return m[code]
}
