package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/omnilane/omnilane/cmd/omnilane/internal/cardport"
	"github.com/omnilane/omnilane/cmd/omnilane/internal/peerwire"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// config is the lane's configuration: flags, each with an OMNILANE_*
// environment variable as its default.
type config struct {
	DB             string
	Device         string
	Store          string
	StoreName      string
	StoreAddress   string
	TaxID          string
	Lang           string
	Currency       string
	Timezone       string
	Central        string
	Printer        string
	PrinterProfile string
	LogLevel       string
	Devices        string
	Credentials    string
	EmbeddedRules  string
	WedgeSuffix    string
	WedgeGap       time.Duration
	IdleSignOut    time.Duration
	Card           cardport.Config
	Peers          peerwire.Config
}

func env(name, def string) string {
	if v, ok := os.LookupEnv("OMNILANE_" + name); ok {
		return v
	}
	return def
}

// bind registers the flags of c on fs.
func (c *config) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", env("DB", "omnilane.db"), "lane database file (OMNILANE_DB)")
	fs.StringVar(&c.Device, "device", env("DEVICE", "lane-1"), "this lane's device id, unique in the chain (OMNILANE_DEVICE)")
	fs.StringVar(&c.Store, "store", env("STORE", "store-1"), "store id (OMNILANE_STORE)")
	fs.StringVar(&c.StoreName, "store-name", env("STORE_NAME", "Omnilane Tienda Centro"), "store name printed on receipts (OMNILANE_STORE_NAME)")
	fs.StringVar(&c.StoreAddress, "store-address", env("STORE_ADDRESS", "Calle Mayor 1, Madrid"), "address lines printed on receipts, separated by | (OMNILANE_STORE_ADDRESS)")
	fs.StringVar(&c.TaxID, "tax-id", env("TAX_ID", "NIF B00000000"), "retailer tax id printed on receipts (OMNILANE_TAX_ID)")
	fs.StringVar(&c.Lang, "lang", env("LANG_UI", "es"), "language of screens and receipts: es or en (OMNILANE_LANG_UI)")
	fs.StringVar(&c.Currency, "currency", env("CURRENCY", "EUR"), "ISO 4217 currency the store sells in (OMNILANE_CURRENCY)")
	fs.StringVar(&c.Timezone, "tz", env("TZ_STORE", "Europe/Madrid"), "store time zone for printed times (OMNILANE_TZ_STORE)")
	fs.StringVar(&c.Central, "central", env("CENTRAL", ""), "central server URL, e.g. http://127.0.0.1:8080; empty runs standalone (OMNILANE_CENTRAL)")
	fs.StringVar(&c.Printer, "printer", env("PRINTER", ""), "receipt printer address host:port (TCP, port 9100 style); empty: no printer (OMNILANE_PRINTER)")
	fs.StringVar(&c.PrinterProfile, "printer-profile", env("PRINTER_PROFILE", "TM-T20III"), "printer model, a file name in firmware-profiles/printers (OMNILANE_PRINTER_PROFILE)")
	fs.StringVar(&c.LogLevel, "log-level", env("LOG_LEVEL", "info"), "debug, info, warn or error (OMNILANE_LOG_LEVEL)")
	fs.StringVar(&c.Devices, "devices", env("DEVICES", ""), "JSON file listing the lane's devices: scanners, displays, printers, scales (OMNILANE_DEVICES)")
	fs.StringVar(&c.Credentials, "credentials", env("CREDENTIALS", ""), "file holding this lane's enrollment (default: the database path + .credentials.json) (OMNILANE_CREDENTIALS)")
	fs.StringVar(&c.EmbeddedRules, "embedded-rules", env("EMBEDDED_RULES", ""), "price/weight-embedded EAN-13 rules, e.g. 21:price:5:5,22:weight:5:5 (prefix:kind:item digits:value digits); empty: 2x codes are plain in-store GTINs (OMNILANE_EMBEDDED_RULES)")
	fs.StringVar(&c.WedgeSuffix, "wedge-suffix", env("WEDGE_SUFFIX", "enter"), "key a keyboard-wedge scanner ends each scan with: enter, one character, or off to treat every key as typing (OMNILANE_WEDGE_SUFFIX)")
	fs.DurationVar(&c.WedgeGap, "wedge-gap", envDuration("WEDGE_GAP", 30*time.Millisecond), "longest pause between a keyboard-wedge scanner's keys; slower keys are typing (OMNILANE_WEDGE_GAP)")
	fs.DurationVar(&c.IdleSignOut, "idle-sign-out", envDuration("IDLE_SIGN_OUT", 0), "sign staff out after this long without activity; 0 keeps the default 5m (OMNILANE_IDLE_SIGN_OUT)")
	c.Card.Bind(fs, env)
	c.Peers.Bind(fs, env)
}

// storeInfo turns the configuration into what receipts say about the store.
func (c *config) storeInfo() (pos.StoreInfo, error) {
	cur, err := pos.CurrencyByCode(c.Currency)
	if err != nil {
		return pos.StoreInfo{}, err
	}
	if c.Lang != "es" && c.Lang != "en" {
		return pos.StoreInfo{}, fmt.Errorf("-lang %q: use es or en", c.Lang)
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return pos.StoreInfo{}, fmt.Errorf("-tz %q: %w", c.Timezone, err)
	}
	var addr []string
	for _, a := range strings.Split(c.StoreAddress, "|") {
		if a = strings.TrimSpace(a); a != "" {
			addr = append(addr, a)
		}
	}
	return pos.StoreInfo{ID: c.Store, Name: c.StoreName, Address: addr, TaxID: c.TaxID, Lang: c.Lang, Currency: cur, Location: loc}, nil
}

// withSettings returns c with the settings saved from the manager screen
// (pos.Settings, in the device's database) in place of its flags: they win
// over flags and environment.
func (c config) withSettings(s pos.Settings) config {
	c.Lang, c.StoreName, c.TaxID, c.Printer = s.Lang, s.StoreName, s.TaxID, s.Printer
	c.StoreAddress = strings.Join(s.Address, "|")
	if s.IdleSignOut > 0 {
		c.IdleSignOut = s.IdleSignOut
	}
	return c
}

// savedSettings reads the settings saved in the device's database, if any.
func (c config) savedSettings(ctx context.Context, log *slog.Logger) (pos.Settings, bool, error) {
	db, err := sqlite.Open(ctx, c.DB, c.Device, log)
	if err != nil {
		return pos.Settings{}, false, err
	}
	defer db.Close()
	return db.LoadSettings(ctx)
}

func newFlagSet() *flag.FlagSet { return flag.NewFlagSet("omnilane", flag.ContinueOnError) }

// embeddedRules parses -embedded-rules: comma-separated
// prefix:kind:itemDigits:valueDigits, kind price or weight.
func (c *config) embeddedRules() ([]pos.EmbeddedRule, error) {
	var out []pos.EmbeddedRule
	for _, spec := range strings.Split(c.EmbeddedRules, ",") {
		if spec = strings.TrimSpace(spec); spec == "" {
			continue
		}
		f := strings.Split(spec, ":")
		if len(f) != 4 {
			return nil, fmt.Errorf("-embedded-rules %q: want prefix:kind:item digits:value digits", spec)
		}
		item, err1 := strconv.Atoi(f[2])
		value, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("-embedded-rules %q: digits must be numbers", spec)
		}
		out = append(out, pos.EmbeddedRule{Prefix: f[0], Kind: f[1], ItemDigits: item, ValueDigits: value})
	}
	return out, nil
}
