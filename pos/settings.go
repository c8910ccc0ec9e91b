package pos

import (
	"context"
	"strings"
	"time"
)

// EventSettingsChanged is journalled when staff change a device's settings.
const EventSettingsChanged = "settings.changed"

// Settings are what staff may change on a device from the manager screen.
// They override the device's flags and environment and apply when the lane
// starts next (the screens, receipts and devices are built at start).
type Settings struct {
	// Lang of screens and receipts: "es" or "en".
	Lang string `json:"lang"`
	// StoreName, Address lines and TaxID head every receipt.
	StoreName string   `json:"store_name"`
	Address   []string `json:"address,omitempty"`
	TaxID     string   `json:"tax_id,omitempty"`
	// IdleSignOut signs staff out after this long without activity; 0
	// keeps the access policy's default.
	IdleSignOut time.Duration `json:"idle_sign_out,omitempty"`
	// Printer is the receipt printer's host:port ("" for none).
	Printer string `json:"printer,omitempty"`
}

// Validate reports the first setting a device could not start with.
func (s Settings) Validate() error {
	switch {
	case s.Lang != "es" && s.Lang != "en":
		return Errorf(EINVALID, "language %q: use es or en", s.Lang)
	case strings.TrimSpace(s.StoreName) == "":
		return Errorf(EINVALID, "the store name is empty")
	case s.IdleSignOut < 0 || (s.IdleSignOut > 0 && s.IdleSignOut < time.Minute) || s.IdleSignOut > 8*time.Hour:
		return Errorf(EINVALID, "idle sign-out %s: between 1 minute and 8 hours", s.IdleSignOut)
	case s.Printer != "" && (strings.ContainsAny(s.Printer, " \t") || !strings.Contains(s.Printer, ":")):
		return Errorf(EINVALID, "printer %q: give host:port", s.Printer)
	}
	for _, a := range s.Address {
		if strings.TrimSpace(a) == "" {
			return Errorf(EINVALID, "an empty address line")
		}
	}
	return nil
}

// SettingsStore keeps a device's settings. Implemented by the local store.
type SettingsStore interface {
	// LoadSettings returns the saved settings; ok is false when none were saved.
	LoadSettings(ctx context.Context) (s Settings, ok bool, err error)
	// SaveSettings stores s and journals a in one transaction.
	SaveSettings(ctx context.Context, s Settings, a Audit) error
}

// SaveSettings checks and stores the device's settings in st, journalled
// as settings.changed. It needs PermChangeSettings, from the operator's
// role or the override ov.
func (l *Lane) SaveSettings(ctx context.Context, st SettingsStore, s Settings, ov *Override) error {
	if err := s.Validate(); err != nil {
		return err
	}
	auth, err := l.access.Authorize(ctx, PermChangeSettings, ov)
	if err != nil {
		return err
	}
	a, err := l.access.audit(auth, EventSettingsChanged, s)
	if err != nil {
		return err
	}
	return st.SaveSettings(ctx, s, a)
}
