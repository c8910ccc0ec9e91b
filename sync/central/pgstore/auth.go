package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/omnilane/omnilane/sync/central"
)

var _ central.AuthStorage = (*DB)(nil)

// CreateEnrollToken records a one-time token by its hash.
func (d *DB) CreateEnrollToken(ctx context.Context, storeID, tokenHash string, expires time.Time) error {
	err := d.withConn(ctx, func(c *pgx.Conn) error {
		_, err := c.Exec(ctx, `INSERT INTO enroll_tokens (token_hash, store_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			tokenHash, storeID, d.now(), expires.UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("create enrollment token: %w", err)
	}
	return nil
}

// Enroll uses a token once and records the device's credential hash. The
// token row is locked (FOR UPDATE) and the device id takes its advisory
// lock, so two processes racing with one token, or two tokens for one
// device, enroll once.
func (d *DB) Enroll(ctx context.Context, tokenHash, deviceID, credentialHash string, now time.Time) (string, error) {
	var store string
	err := d.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockDevice, deviceID); err != nil {
			return fmt.Errorf("lock device %s: %w", deviceID, err)
		}
		var expires time.Time
		var used *time.Time
		err := tx.QueryRow(ctx, `SELECT store_id, expires_at, used_at FROM enroll_tokens WHERE token_hash = $1 FOR UPDATE`, tokenHash).Scan(&store, &expires, &used)
		if errors.Is(err, pgx.ErrNoRows) {
			return central.ErrTokenInvalid
		}
		if err != nil {
			return fmt.Errorf("read enrollment token: %w", err)
		}
		if used != nil || !expires.After(now) {
			return central.ErrTokenInvalid
		}
		var revoked *time.Time
		err = tx.QueryRow(ctx, `SELECT revoked_at FROM devices WHERE id = $1`, deviceID).Scan(&revoked)
		switch {
		case err == nil && revoked == nil:
			return central.ErrDeviceEnrolled
		case err != nil && !errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("read device: %w", err)
		}
		at := now.UTC()
		if _, err := tx.Exec(ctx, `UPDATE enroll_tokens SET used_at = $1, used_by = $2 WHERE token_hash = $3`, at, deviceID, tokenHash); err != nil {
			return fmt.Errorf("use enrollment token: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO devices (id, store_id, credential_hash, enrolled_at) VALUES ($1, $2, $3, $4)
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
	var revoked *time.Time
	err := d.queryRow(ctx, `SELECT id, store_id, revoked_at FROM devices WHERE credential_hash = $1`, []any{credentialHash}, &a.DeviceID, &a.StoreID, &revoked)
	if errors.Is(err, pgx.ErrNoRows) {
		return central.DeviceAuth{}, false, nil
	}
	if err != nil {
		return central.DeviceAuth{}, false, fmt.Errorf("read device credential: %w", err)
	}
	a.Revoked = revoked != nil
	return a, true, nil
}

// RevokeDevice revokes a device's credential; false if no such device.
func (d *DB) RevokeDevice(ctx context.Context, deviceID string, at time.Time) (bool, error) {
	var n int64
	err := d.withConn(ctx, func(c *pgx.Conn) error {
		tag, err := c.Exec(ctx, `UPDATE devices SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2`, at.UTC(), deviceID)
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("revoke %s: %w", deviceID, err)
	}
	return n > 0, nil
}
