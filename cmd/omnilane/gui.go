package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/omnilane/omnilane/devices/scan"
	"github.com/omnilane/omnilane/ui"
)

// runGUI opens the window of the device's mode: lane, kiosk, desk or manager.
func runGUI(ctx context.Context, args []string, stderr io.Writer) int {
	var cfg config
	fs := flag.NewFlagSet("omnilane run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.bind(fs)
	mode := fs.String("mode", env("MODE", "lane"), "what this device is: lane, kiosk, desk or manager (OMNILANE_MODE)")
	kioskOperator := fs.String("kiosk-operator", env("KIOSK_OPERATOR", "8001"), "the kiosk's own operator code (role kiosk); its PIN comes from $OMNILANE_PIN (OMNILANE_KIOSK_OPERATOR)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := newLogger(stderr, cfg.LogLevel)
	if saved, ok, err := cfg.savedSettings(ctx, log); err != nil {
		fmt.Fprintln(stderr, "omnilane:", err)
		return 1
	} else if ok {
		cfg = cfg.withSettings(saved)
		log.Info("settings saved on the manager screen apply", "lang", saved.Lang, "printer", saved.Printer)
	}
	sys, err := startSystem(ctx, cfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "omnilane:", err)
		return 1
	}
	defer sys.close()
	wedge, err := cfg.newWedge(scan.Options{CurrencyDigits: sys.info.Currency.Digits}, log)
	if err != nil {
		fmt.Fprintln(stderr, "omnilane:", err)
		return 2
	}
	a := app.NewWithID("com.omnilane." + *mode)
	a.Settings().SetTheme(ui.Theme())
	uictx, cancel := context.WithCancel(ctx)
	defer cancel()
	var w fyne.Window
	switch *mode {
	case "lane":
		s := ui.NewLaneScreen(a, sys.lane, ui.LaneOptions{Lang: cfg.Lang, Log: log, Sync: sys.syncStatus(), Printer: sys.printerStatus(), Catalog: sys.db, Cards: sys.cards, Wedge: wedge, Scale: sys.scale})
		s.Start(uictx)
		sys.forwardScans(uictx, s.Scanned)
		sys.mirrorOnDisplay(uictx, 300*time.Millisecond)
		w = s.Window()
	case "kiosk":
		// A kiosk sells as its own operator (role kiosk), cashless, so it
		// signs itself in and opens its shift with an empty float.
		if err := signInAndOpen(ctx, sys.lane, *kioskOperator, os.Getenv("OMNILANE_PIN"), true); err != nil {
			fmt.Fprintln(stderr, "omnilane kiosk:", err)
			return 1
		}
		s := ui.NewKioskScreen(a, sys.lane, ui.KioskOptions{Cards: sys.cards, Catalog: sys.db, Log: log, Wedge: wedge, Scale: sys.scale, CallHelp: func() {
			log.Warn("a customer at the kiosk asks for help", "device", cfg.Device)
		}})
		s.Start(uictx)
		w = s.Window()
		w.SetFullScreen(true)
	case "desk":
		s := ui.NewDeskScreen(a, sys.lane, ui.DeskOptions{Lang: cfg.Lang, Log: log, FindSale: sys.findSale, Cards: sys.cards})
		s.Start(uictx)
		w = s.Window()
	case "manager":
		s := ui.NewManagerScreen(a, sys.lane, ui.ManagerOptions{Lang: cfg.Lang, Log: log, Journal: sys.db, Sync: sys.syncStatus(),
			Devices: sys.devices, TestPrint: sys.testPrint, Settings: sys.db, PrinterAddress: cfg.Printer})
		s.Start(uictx)
		w = s.Window()
	default:
		fmt.Fprintf(stderr, "omnilane: -mode %q: use lane, kiosk, desk or manager\n", *mode)
		return 2
	}
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	return 0
}
