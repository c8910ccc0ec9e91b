package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/omnilane/omnilane/sync/central"
)

// CreateEnrollToken records a one-time token by its hash.
func (d *DB) CreateEnrollToken(ctx context.Context, storeID, tokenHash string, expires time.Time) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO enroll_tokens (token_hash, store_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, storeID, d.now(), expires.UTC().Format(timeLayout)); err != nil {
			return fmt.Errorf("create enrollment token: %w", err)
		}
		return nil
	})
}

// Enroll uses a token once and records the device's credential hash.
func (d *DB) Enroll(ctx context.Context, tokenHash, deviceID, credentialHash string, now time.Time) (string, error) {
	var store string
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var expires string
		var used sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT store_id, expires_at, used_at FROM enroll_tokens WHERE token_hash = ?`, tokenHash).Scan(&store, &expires, &used)
		if errors.Is(err, sql.ErrNoRows) {
			return central.ErrTokenInvalid
		}
		if err != nil {
			return fmt.Errorf("read enrollment token: %w", err)
		}
		at := now.UTC().Format(timeLayout)
		if used.Valid || expires <= at {
			return central.ErrTokenInvalid
		}
		var revoked sql.NullString
		err = tx.QueryRowContext(ctx, `SELECT revoked_at FROM devices WHERE id = ?`, deviceID).Scan(&revoked)
		switch {
		case err == nil && !revoked.Valid:
			return central.ErrDeviceEnrolled
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("read device: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enroll_tokens SET used_at = ?, used_by = ? WHERE token_hash = ?`, at, deviceID, tokenHash); err != nil {
			return fmt.Errorf("use enrollment token: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO devices (id, store_id, credential_hash, enrolled_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET store_id = excluded.store_id, credential_hash = excluded.credential_hash, enrolled_at = excluded.enrolled_at, revoked_at = NULL`,
			deviceID, store, credentialHash, at); err != nil {
			return fmt.Errorf("record device: %w", err)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return store, nil
}

// DeviceByCredential finds the device of a credential hash.
func (d *DB) DeviceByCredential(ctx context.Context, credentialHash string) (central.DeviceAuth, bool, error) {
	var a central.DeviceAuth
	var revoked sql.NullString
	err := d.r.QueryRowContext(ctx, `SELECT id, store_id, revoked_at FROM devices WHERE credential_hash = ?`, credentialHash).Scan(&a.DeviceID, &a.StoreID, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return central.DeviceAuth{}, false, nil
	}
	if err != nil {
		return central.DeviceAuth{}, false, fmt.Errorf("read device credential: %w", err)
	}
	a.Revoked = revoked.Valid
	return a, true, nil
}

// RevokeDevice revokes a device's credential.
func (d *DB) RevokeDevice(ctx context.Context, deviceID string, at time.Time) (bool, error) {
	var n int64
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`, at.UTC().Format(timeLayout), deviceID)
		if err != nil {
			return fmt.Errorf("revoke %s: %w", deviceID, err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n > 0, err
}
