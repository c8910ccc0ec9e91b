// Command screenshots renders every Omnilane screen in Spanish and English
// at 1024×768 and 1920×1080 to PNG files, without a display:
//
//	go run ./ui/cmd/screenshots -out screenshots/out
//
// With -curated it renders only the small set the README shows (lane,
// kiosk, desk and manager, 1024×768, ui.CuratedScreens) into ui/screenshots:
//
//	go run ./ui/cmd/screenshots -curated
//
// Each scene runs on a fresh lane backed by a temporary SQLite store loaded
// with the sample catalog, on a fixed clock (and in UTC), so the pictures
// hold no current date or time and re-running gives the same files. The
// temporary files are removed at the end.
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
	out := flag.String("out", "", "folder the PNG files are written to (default screenshots/out, or ui/screenshots with -curated)")
	curated := flag.Bool("curated", false, "render only the README's curated set (ui.CuratedScreens, 1024×768)")
	flag.Parse()
	if *out == "" {
		*out = "screenshots/out"
		if *curated {
			*out = "ui/screenshots"
		}
	}
	if err := run(*out, *curated); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

// shotTime is the clock of every scene: pictures never show today's date.
var shotTime = time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC)

// maxCuratedSize is the most a curated picture may weigh in the repository.
const maxCuratedSize = 100 << 10

func run(out string, curated bool) error {
	time.Local = time.UTC // dates on screen do not depend on where this runs
	tmp, err := os.MkdirTemp("", "omnilane-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	log := slog.New(slog.DiscardHandler)
	products, err := samplecatalog.Generate(60)
	if err != nil {
		return err
	}
	var codes []string
	var adult, weighed string
	for _, p := range products {
		switch {
		case p.ByWeight && len(p.Barcodes) > 0:
			if weighed == "" {
				weighed = p.Barcodes[0]
			}
		case p.ByWeight || len(p.Barcodes) == 0:
		case p.AgeRestricted:
			if adult == "" {
				adult = p.Barcodes[0]
			}
		case len(codes) < 8:
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
		clock := pos.ClockFunc(func() time.Time { return shotTime })
		lane := pos.NewLane(cfg, db, clock, nil, log)
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
	setup := ui.ScreenshotSetup{NewLane: newLane, Barcodes: codes, AgeRestricted: adult, Weighed: weighed, Catalog: dbs[0]}
	render := ui.RenderScreenshots
	if curated {
		render = ui.RenderCurated
	}
	files, err := render(app, out, setup)
	for _, f := range files {
		fmt.Println(f)
	}
	if err != nil || !curated {
		return err
	}
	for _, f := range files {
		if st, err := os.Stat(f); err != nil {
			return err
		} else if st.Size() > maxCuratedSize {
			return fmt.Errorf("%s weighs %d KB, over the %d KB a curated picture may", f, st.Size()>>10, maxCuratedSize>>10)
		}
	}
	return nil
}
