// Command screenshots renders every Omnilane screen in Spanish and English
// at 1024×768 and 1920×1080 to PNG files, without a display:
//
//	go run ./ui/cmd/screenshots -out screenshots/out
//
// Each scene runs on a fresh lane backed by a temporary SQLite store loaded
// with the sample catalog; the temporary files are removed at the end.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/pos/sqlite"
	"github.com/omnilane/omnilane/ui"
	"golang.org/x/crypto/bcrypt"
)

func main() {
	out := flag.String("out", "screenshots/out", "folder the PNG files are written to")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	tmp, err := os.MkdirTemp("", "omnilane-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	log := slog.New(slog.DiscardHandler)
	products, err := samplecatalog.Generate(12)
	if err != nil {
		return err
	}
	var codes []string
	for _, p := range products {
		if !p.ByWeight && len(p.Barcodes) > 0 && len(codes) < 8 {
			codes = append(codes, p.Barcodes[0])
		}
	}
	var dbs []*sqlite.DB
	defer func() {
		for _, db := range dbs {
			db.Close()
		}
	}()
	newLane := func() (*pos.Lane, ui.JournalVerifier, error) {
		ctx := context.Background()
		db, err := sqlite.Open(ctx, filepath.Join(tmp, fmt.Sprintf("lane-%d.db", len(dbs))), "lane-1", log)
		if err != nil {
			return nil, nil, err
		}
		dbs = append(dbs, db)
		if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: products}); err != nil {
			return nil, nil, err
		}
		info := pos.StoreInfo{ID: "s1", Name: "Tienda Centro", Lang: "es", Currency: pos.EUR, Location: time.UTC}
		cfg := pos.LaneConfig{DeviceID: "lane-1", Store: info, Access: pos.AccessPolicy{BcryptCost: bcrypt.MinCost}}
		lane := pos.NewLane(cfg, db, pos.SystemClock{}, nil, log)
		if err := lane.Start(ctx); err != nil {
			return nil, nil, err
		}
		return lane, db, lane.ReadyForDemo(ctx)
	}
	app := test.NewApp()
	app.Settings().SetTheme(ui.Theme())
	if _, _, err := newLane(); err != nil { // the first store doubles as the searched catalog
		return err
	}
	files, err := ui.RenderScreenshots(app, out, ui.ScreenshotSetup{NewLane: newLane, Barcodes: codes, Catalog: dbs[0]})
	for _, f := range files {
		fmt.Println(f)
	}
	return err
}
