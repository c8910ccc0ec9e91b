package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"

	"github.com/omnilane/omnilane/devices/escpos"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/sim/printersim"
	"github.com/omnilane/omnilane/devices/sim/simpty"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

const printerHelp = `Runs a virtual ESC/POS printer on TCP (or, with -pty, on a pseudo-terminal
as a serial printer). Every receipt (split at each cut)
is written to OUT/receipt-NNNN.txt (decoded UTF-8), OUT/receipt-NNNN.bin
(the raw bytes) and OUT/receipt-NNNN.png (the text drawn in Go Mono). It answers DLE EOT real-time status.

Fault switching: write a mode name (ready, paper-low, paper-out, cover-open,
dead) into the state file, e.g. "echo paper-out > OUT/state"; it is read on
every status request and every cut. Delete it or write "ready" to recover.
`

func runPrinter(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("printer", flag.ContinueOnError)
	fl.SetOutput(stderr)
	listen := fl.String("listen", "127.0.0.1:9100", "TCP address to listen on (port 0 picks a free port)")
	out := fl.String("out", "receipts", "folder for receipt-NNNN.txt, .bin and .png")
	profID := fl.String("profile", "default", "printer profile id from firmware-profiles/printers (e.g. TM-T88V)")
	profDir := fl.String("profiles", "", "firmware-profiles folder to load instead of the built-in copy")
	mode := fl.String("mode", "ready", "starting mode: ready, paper-low, paper-out, cover-open or dead")
	stateFile := fl.String("state-file", "", "file holding the mode to switch to (default OUT/state)")
	pngOut := fl.Bool("png", true, "also render each receipt as OUT/receipt-NNNN.png")
	usePTY := fl.Bool("pty", false, "be a serial printer on a pseudo-terminal instead of TCP (prints \"listening on /dev/pts/N\")")
	verbose := fl.Bool("v", false, "log debug detail")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: omnilane-sim printer [flags]\n\n%s\nflags:\n", printerHelp)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fl.Args())
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	var cat *profile.Catalog
	var err error
	if *profDir != "" {
		cat, err = profile.LoadDir(*profDir)
	} else {
		cat, err = profile.Load(firmwareprofiles.FS())
	}
	if err != nil {
		return fmt.Errorf("load profiles: %w", err)
	}
	prof, err := cat.Printer(*profID)
	if err != nil {
		return err
	}
	m, err := printersim.ParseMode(*mode)
	if err != nil {
		return err
	}
	if *stateFile == "" {
		// The default state file lives in OUT; one left by an earlier run
		// must not start this printer out of paper.
		*stateFile = filepath.Join(*out, "state")
		if err := os.Remove(*stateFile); err == nil {
			log.Info("removed stale state file", "file", *stateFile)
		}
	}
	var render func(string) ([]byte, error)
	if *pngOut {
		r, err := newPNGRenderer(escpos.LineWidth(prof))
		if err != nil {
			return err
		}
		render = r.Render
	}
	sim, err := printersim.New(printersim.Config{Profile: prof, Dir: *out, Mode: m, StateFile: *stateFile, Log: log, Render: render})
	if err != nil {
		return err
	}
	if *usePTY {
		p, err := simpty.Open()
		if err != nil {
			return err
		}
		defer p.Close()
		stop := context.AfterFunc(ctx, func() { _ = p.Close() })
		defer stop()
		log.Info("printer simulator", "profile", prof.ID, "out", *out, "state_file", *stateFile, "mode", m, "pty", p.Path())
		if _, err := fmt.Fprintf(stdout, "listening on %s\n", p.Path()); err != nil {
			return err
		}
		return sim.ServeConn(ctx, p)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	log.Info("printer simulator", "profile", prof.ID, "out", *out, "state_file", *stateFile, "mode", m)
	if _, err := fmt.Fprintf(stdout, "listening on %s\n", ln.Addr()); err != nil {
		ln.Close()
		return err
	}
	return sim.Serve(ctx, ln)
}
