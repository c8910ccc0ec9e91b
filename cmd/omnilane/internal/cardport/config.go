package cardport

import (
	"flag"
	"log/slog"
	"strconv"
	"time"

	"github.com/omnilane/omnilane/devices/terminal/nexo"
	"github.com/omnilane/omnilane/pos"
)

// Config is a lane's card terminal configuration.
type Config struct {
	// Addr is the terminal's host:port; empty means no card terminal.
	Addr string
	// POIID is the terminal's id as configured on it.
	POIID string
	// PayTimeout bounds one payment, customer included.
	PayTimeout time.Duration
	// Offline is the store-and-forward policy.
	Offline pos.OfflinePolicy
	// Profile is the terminal model in firmware-profiles/terminals.
	Profile string
}

// Bind registers the terminal flags on fs; env gives each flag's default
// from the environment (OMNILANE_<NAME>), as the lane's other flags do.
func (c *Config) Bind(fs *flag.FlagSet, env func(name, def string) string) {
	fs.StringVar(&c.Addr, "terminal", env("TERMINAL", ""), "card terminal address host:port (nexo JSON over TCP); empty: no card payments (OMNILANE_TERMINAL)")
	fs.StringVar(&c.Profile, "terminal-profile", env("TERMINAL_PROFILE", "nexo-tcp"), "terminal model, a file name in firmware-profiles/terminals (OMNILANE_TERMINAL_PROFILE)")
	fs.StringVar(&c.POIID, "terminal-poi", env("TERMINAL_POI", "SIM-POI-1"), "the terminal's POIID (OMNILANE_TERMINAL_POI)")
	fs.DurationVar(&c.PayTimeout, "terminal-timeout", envDuration(env, "TERMINAL_TIMEOUT", 180*time.Second), "longest a card payment may take, customer included (OMNILANE_TERMINAL_TIMEOUT)")
	fs.BoolVar(&c.Offline.Supported, "terminal-store-and-forward", env("TERMINAL_STORE_AND_FORWARD", "") == "true", "the terminal model supports offline store-and-forward (OMNILANE_TERMINAL_STORE_AND_FORWARD)")
	fs.BoolVar(&c.Offline.Enabled, "card-offline", env("CARD_OFFLINE", "") == "true", "the retailer allows offline card payments (OMNILANE_CARD_OFFLINE)")
	fs.Int64Var((*int64)(&c.Offline.MaxPerPayment), "card-offline-max", envInt(env, "CARD_OFFLINE_MAX", 5000), "largest offline card payment, minor units (OMNILANE_CARD_OFFLINE_MAX)")
	fs.Int64Var((*int64)(&c.Offline.MaxTotal), "card-offline-total", envInt(env, "CARD_OFFLINE_TOTAL", 50000), "most the lane may hold in unreconciled offline card payments, minor units (OMNILANE_CARD_OFFLINE_TOTAL)")
}

func envDuration(env func(string, string) string, name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(env(name, "")); err == nil {
		return d
	}
	return def
}

func envInt(env func(string, string) string, name string, def int64) int64 {
	if n, err := strconv.ParseInt(env(name, ""), 10, 64); err == nil {
		return n
	}
	return def
}

// Enabled reports whether a terminal is configured.
func (c Config) Enabled() bool { return c.Addr != "" }

// Service returns the card payment service of the configured terminal for
// the lane saleID (its device id), recording in store.
func (c Config) Service(saleID string, store pos.CardPaymentStore, clock pos.Clock, log *slog.Logger) *pos.CardPayments {
	term := New(&nexo.Client{Addr: c.Addr, SaleID: saleID, POIID: c.POIID})
	return pos.NewCardPayments(term, store, clock, log, pos.CardPayConfig{PayTimeout: c.PayTimeout, Offline: c.Offline})
}
