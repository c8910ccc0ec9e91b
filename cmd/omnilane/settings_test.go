package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
	"golang.org/x/crypto/bcrypt"
)

// Settings saved on the manager screen replace the flags when the lane
// starts next: the receipt header, the language, the printer, the idle time.
func TestSavedSettingsReplaceFlags(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	fs := newFlagSet()
	var cfg config
	cfg.bind(fs)
	if err := fs.Parse([]string{"-db", filepath.Join(t.TempDir(), "lane.db"), "-device", "lane-7", "-lang", "es", "-store-name", "Flag Store", "-printer", "10.0.0.9:9100"}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := cfg.savedSettings(ctx, log); err != nil || ok {
		t.Fatalf("fresh database: ok %v err %v", ok, err)
	}
	db, err := sqlite.Open(ctx, cfg.DB, cfg.Device, log)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := cfg.storeInfo()
	lane := pos.NewLane(pos.LaneConfig{DeviceID: cfg.Device, Store: info, Access: pos.AccessPolicy{BcryptCost: bcrypt.MinCost}}, db, pos.SystemClock{}, nil, log)
	if err := lane.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.Access().SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.Access().SignIn(ctx, "9001", "0000"); err != nil { // the demo admin
		t.Fatal(err)
	}
	saved := pos.Settings{Lang: "en", StoreName: "Omnilane Sol", Address: []string{"Puerta del Sol 3", "28013 Madrid"}, TaxID: "NIF B1",
		IdleSignOut: 10 * time.Minute, Printer: "192.168.1.50:9100"}
	if err := lane.SaveSettings(ctx, db, saved, nil); err != nil {
		t.Fatal(err)
	}
	if err := lane.SaveSettings(ctx, db, pos.Settings{Lang: "fr", StoreName: "x"}, nil); pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("French accepted: %v", err)
	}
	db.Close()

	got, ok, err := cfg.savedSettings(ctx, log)
	if err != nil || !ok {
		t.Fatalf("saved settings not found: %v", err)
	}
	c := cfg.withSettings(got)
	info, err = c.storeInfo()
	if err != nil {
		t.Fatal(err)
	}
	if info.Lang != "en" || info.Name != "Omnilane Sol" || len(info.Address) != 2 || info.Address[1] != "28013 Madrid" || info.TaxID != "NIF B1" ||
		c.Printer != "192.168.1.50:9100" || c.IdleSignOut != 10*time.Minute || c.Device != "lane-7" {
		t.Errorf("config after settings: %+v, store %+v", c, info)
	}
}
