package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"fyne.io/fyne/v2/app"

	"github.com/omnilane/omnilane/ui"
)

// runGUI opens the lane window.
func runGUI(ctx context.Context, args []string, stderr io.Writer) int {
	var cfg config
	fs := flag.NewFlagSet("omnilane run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.bind(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := newLogger(stderr, cfg.LogLevel)
	sys, err := startSystem(ctx, cfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "omnilane:", err)
		return 1
	}
	defer sys.close()
	a := app.NewWithID("com.omnilane.lane")
	a.Settings().SetTheme(ui.Theme())
	opts := ui.LaneOptions{Lang: cfg.Lang, Log: log}
	if sys.agent != nil {
		opts.Sync = sys.agent
	}
	if sys.queue != nil {
		opts.Printer = ui.PrinterFromQueue(sys.queue)
	}
	screen := ui.NewLaneScreen(a, sys.lane, opts)
	uictx, cancel := context.WithCancel(ctx)
	defer cancel()
	screen.Start(uictx)
	go func() {
		<-ctx.Done()
		a.Quit()
	}()
	screen.Window().ShowAndRun()
	return 0
}
