package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/omnilane/omnilane/pos"
)

// settingsKey is the row holding the device's settings.
const settingsKey = "device"

// LoadSettings returns the saved settings; ok is false when none were saved.
func (d *DB) LoadSettings(ctx context.Context) (pos.Settings, bool, error) {
	var v string
	err := d.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingsKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Settings{}, false, nil
	}
	if err != nil {
		return pos.Settings{}, false, fmt.Errorf("load settings: %w", err)
	}
	var s pos.Settings
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return pos.Settings{}, false, fmt.Errorf("decode settings: %w", err)
	}
	return s, true, nil
}

// SaveSettings stores s and journals a in one transaction.
func (d *DB) SaveSettings(ctx context.Context, s pos.Settings, a pos.Audit) error {
	body, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
			settingsKey, string(body)); err != nil {
			return fmt.Errorf("save settings: %w", err)
		}
		_, err := d.applyAudit(ctx, tx, a)
		return err
	})
}
