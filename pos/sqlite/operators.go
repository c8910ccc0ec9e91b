package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/omnilane/omnilane/pos"
)

var _ pos.OperatorStore = (*DB)(nil)

// applyAudit appends a's events after the journal's last entry and records
// its override as used, inside tx. A second use of an override is ECONFLICT.
func (d *DB) applyAudit(ctx context.Context, tx *sql.Tx, a pos.Audit) ([]pos.Event, error) {
	out := make([]pos.Event, 0, len(a.Events))
	for _, ev := range a.Events {
		sealed, err := d.appendEvent(ctx, tx, ev)
		if err != nil {
			return nil, err
		}
		out = append(out, sealed)
	}
	if ov := a.Override; ov != nil {
		var seq int64
		if len(out) > 0 {
			seq = out[0].Seq
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM overrides WHERE id = ?`, ov.ID).Scan(&n); err != nil {
			return nil, fmt.Errorf("check override %s: %w", ov.ID, err)
		}
		if n > 0 {
			return nil, pos.Errorf(pos.ECONFLICT, "override %s was already used", ov.ID)
		}
		usedAt := ov.GrantedAt
		if len(out) > 0 {
			usedAt = out[len(out)-1].At
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO overrides(id, permission, asked_by, granted_by, reason, granted_at, used_at, journal_seq) VALUES (?,?,?,?,?,?,?,?)`,
			ov.ID, string(ov.Permission), ov.AskedBy, ov.GrantedBy, ov.Reason, formatTime(ov.GrantedAt), formatTime(usedAt), seq); err != nil {
			return nil, fmt.Errorf("record override %s: %w", ov.ID, err)
		}
	}
	return out, nil
}

// RecordAudit appends a's events (and records its override) in one transaction.
func (d *DB) RecordAudit(ctx context.Context, a pos.Audit) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		_, err := d.applyAudit(ctx, tx, a)
		return err
	})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func lockText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// AddOperator stores a new operator with a's events; ECONFLICT if its id
// or badge is taken.
func (d *DB) AddOperator(ctx context.Context, rec pos.OperatorRecord, a pos.Audit) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM operators WHERE id = ? OR (badge_hash IS NOT NULL AND badge_hash = ?)`,
			rec.ID, rec.BadgeHash).Scan(&n); err != nil {
			return fmt.Errorf("check operator %s: %w", rec.ID, err)
		}
		if n > 0 {
			return pos.Errorf(pos.ECONFLICT, "operator code %s or its badge is already in use", rec.ID)
		}
		now := formatTime(time.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO operators(id, name, role, pin_hash, badge_hash, active, failures, locked_until, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, rec.ID, rec.Name, string(rec.Role), rec.PINHash, nullable(rec.BadgeHash), b2i(rec.Active),
			rec.Failures, lockText(rec.LockedUntil), now, now); err != nil {
			return fmt.Errorf("insert operator %s: %w", rec.ID, err)
		}
		_, err := d.applyAudit(ctx, tx, a)
		return err
	})
}

// UpdateOperator writes rec's name, role, active flag, hashes and lock-out
// state together with a's events.
func (d *DB) UpdateOperator(ctx context.Context, rec pos.OperatorRecord, a pos.Audit) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE operators SET name = ?, role = ?, pin_hash = ?, badge_hash = ?, active = ?, failures = ?, locked_until = ?, updated_at = ? WHERE id = ?`,
			rec.Name, string(rec.Role), rec.PINHash, nullable(rec.BadgeHash), b2i(rec.Active), rec.Failures, lockText(rec.LockedUntil), formatTime(time.Now()), rec.ID)
		if err != nil {
			return fmt.Errorf("update operator %s: %w", rec.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return pos.Errorf(pos.ENOTFOUND, "no operator %s", rec.ID)
		}
		_, err = d.applyAudit(ctx, tx, a)
		return err
	})
}

const operatorCols = `id, name, role, pin_hash, coalesce(badge_hash, ''), active, failures, locked_until`

func scanOperator(r scanner) (pos.OperatorRecord, error) {
	var rec pos.OperatorRecord
	var role, locked string
	var active int
	if err := r.Scan(&rec.ID, &rec.Name, &role, &rec.PINHash, &rec.BadgeHash, &active, &rec.Failures, &locked); err != nil {
		return pos.OperatorRecord{}, err
	}
	rec.Role, rec.Active = pos.Role(role), active != 0
	if locked != "" {
		t, err := time.Parse(time.RFC3339, locked)
		if err != nil {
			return pos.OperatorRecord{}, fmt.Errorf("operator %s: bad locked_until %q: %w", rec.ID, locked, err)
		}
		rec.LockedUntil = t
	}
	return rec, nil
}

func (d *DB) operatorWhere(ctx context.Context, where string, arg any, what string) (pos.OperatorRecord, error) {
	rec, err := scanOperator(d.db.QueryRowContext(ctx, `SELECT `+operatorCols+` FROM operators WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return pos.OperatorRecord{}, pos.Errorf(pos.ENOTFOUND, "no operator with %s", what)
	}
	if err != nil {
		return pos.OperatorRecord{}, fmt.Errorf("operator by %s: %w", what, err)
	}
	return rec, nil
}

// OperatorByID returns an operator, or ENOTFOUND.
func (d *DB) OperatorByID(ctx context.Context, id string) (pos.OperatorRecord, error) {
	return d.operatorWhere(ctx, `id = ?`, id, "code "+id)
}

// OperatorByBadge returns the operator with a badge hash, or ENOTFOUND.
func (d *DB) OperatorByBadge(ctx context.Context, badgeHash string) (pos.OperatorRecord, error) {
	if badgeHash == "" {
		return pos.OperatorRecord{}, pos.Errorf(pos.ENOTFOUND, "no operator with that badge")
	}
	return d.operatorWhere(ctx, `badge_hash = ?`, badgeHash, "that badge")
}

// Operators lists every operator by id.
func (d *DB) Operators(ctx context.Context) ([]pos.Operator, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+operatorCols+` FROM operators ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list operators: %w", err)
	}
	defer rows.Close()
	var out []pos.Operator
	for rows.Next() {
		rec, err := scanOperator(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rec.Operator)
	}
	return out, rows.Err()
}
