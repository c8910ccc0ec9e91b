package pos

import (
	"context"
	"fmt"
)

// EAGECHECK: the basket has an age-restricted line no member of staff has
// checked the customer's age for (see Lane.ApproveAge), so it cannot be
// paid yet.
const EAGECHECK = "age_check_required"

// EventAgeChecked is the journal entry of a member of staff checking a
// customer's age for an age-restricted line: approved, or refused (the line
// is voided with it, journalled as line.voided in the same transaction).
const EventAgeChecked = "sale.age_checked"

// ageCheckEvent is the journalled detail of an age check.
type ageCheckEvent struct {
	Line       int    `json:"line"`
	SKU        string `json:"sku"`
	Name       string `json:"name"`
	Approved   bool   `json:"approved"`
	Approver   string `json:"approver"`
	OverrideID string `json:"override_id,omitempty"`
}

// ApproveAge records that staff checked the customer's age for the
// age-restricted line no of the open basket and the customer may buy it.
// The approval holds for the whole basket: its other restricted lines, and
// those rung after, are approved with it. It needs PermAgeCheck, held by
// every staff role but not by a kiosk: at a kiosk ov is an override granted
// by the member of staff who checked. Journalled as sale.age_checked (with
// the override). Approving a line already approved does nothing.
func (l *Lane) ApproveAge(ctx context.Context, no int, ov *Override) error {
	if _, err := l.sellableCtx(ctx); err != nil {
		return err
	}
	auth, err := l.access.Authorize(ctx, PermAgeCheck, ov)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ln, err := l.restrictedLineLocked(no)
	if err != nil {
		return err
	}
	if ln.Voided {
		return Errorf(ECONFLICT, "line %d is voided", no)
	}
	if ln.AgeApproved {
		return nil
	}
	if err := l.access.Record(ctx, auth, EventAgeChecked, ageCheckEvent{Line: no, SKU: ln.SKU, Name: ln.Name, Approved: true,
		Approver: approver(auth), OverrideID: overrideID(auth)}); err != nil {
		return err
	}
	for i := range l.basket.Lines {
		if l.basket.Lines[i].AgeRestricted {
			l.basket.Lines[i].AgeApproved = true
		}
	}
	l.log.Info("age checked", "line", no, "sku", ln.SKU, "approver", approver(auth))
	return nil
}

// RefuseAge records that staff refused the age-restricted line no of the
// open basket (the customer is not old enough, or showed no ID) and voids
// it. Any approval of the basket is withdrawn: a restricted line still in
// it, or rung later, needs a new check. Needs PermAgeCheck or ov, as
// ApproveAge; journalled as sale.age_checked (approved false) and
// line.voided in one transaction. Refusing a line already voided does
// nothing.
func (l *Lane) RefuseAge(ctx context.Context, no int, ov *Override) error {
	if _, err := l.sellableCtx(ctx); err != nil {
		return err
	}
	auth, err := l.access.Authorize(ctx, PermAgeCheck, ov)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ln, err := l.restrictedLineLocked(no)
	if err != nil || ln.Voided {
		return err
	}
	au, err := l.access.audit(auth, EventAgeChecked, ageCheckEvent{Line: no, SKU: ln.SKU, Name: ln.Name,
		Approver: approver(auth), OverrideID: overrideID(auth)})
	if err != nil {
		return err
	}
	void, err := l.access.event(EventLineVoided, auth.Operator.ID, lineEvent{Line: no, SKU: ln.SKU, Name: ln.Name, Qty: ln.Qty,
		Grams: ln.Grams, Amount: ln.Amount, Reason: "age check refused", OverrideID: overrideID(auth)})
	if err != nil {
		return err
	}
	au.Events = append(au.Events, void)
	if err := l.store.RecordAudit(ctx, au); err != nil {
		return fmt.Errorf("record age refusal: %w", err)
	}
	if err := l.basket.Void(no); err != nil {
		return err
	}
	for i := range l.basket.Lines {
		l.basket.Lines[i].AgeApproved = false
	}
	l.log.Info("age check refused", "line", no, "sku", ln.SKU, "approver", approver(auth))
	return l.priceLocked(ctx)
}

// restrictedLineLocked returns line no, which must be age-restricted.
// l.mu is held.
func (l *Lane) restrictedLineLocked(no int) (Line, error) {
	if no < 1 || no > len(l.basket.Lines) {
		return Line{}, Errorf(ENOTFOUND, "there is no line %d", no)
	}
	ln := l.basket.Lines[no-1]
	if !ln.AgeRestricted {
		return Line{}, Errorf(EINVALID, "%s (line %d) is not age-restricted", ln.Name, no)
	}
	return ln, nil
}

// approver is who checked the customer: the staff member who granted the
// override, or the operator acting alone.
func approver(auth Authorization) string {
	if auth.Override != nil {
		return auth.Override.GrantedBy
	}
	return auth.Operator.ID
}

// refuseUncheckedAgeLocked refuses a tender while a live age-restricted
// line is not approved and the lane must check ages: always under
// LaneConfig.AgeCheck, else when the signed-in operator may not check ages
// (a kiosk). l.mu is held.
func (l *Lane) refuseUncheckedAgeLocked(ctx context.Context) error {
	for _, ln := range l.basket.Lines {
		if ln.Voided || !ln.AgeRestricted || ln.AgeApproved {
			continue
		}
		if !l.cfg.AgeCheck {
			op, err := l.access.Active(ctx)
			if err != nil {
				return err
			}
			if l.access.Can(op.Role, PermAgeCheck) {
				return nil
			}
		}
		return &Error{Code: EAGECHECK, Message: fmt.Sprintf("staff must check the customer's age for %s (line %d)", ln.Name, ln.No)}
	}
	return nil
}
