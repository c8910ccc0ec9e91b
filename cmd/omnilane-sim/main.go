// Command omnilane-sim runs device simulators that speak the real bytes:
//
//	omnilane-sim printer -listen 127.0.0.1:0 -out DIR [-profile NAME] [-mode MODE] [-state-file FILE]
//	omnilane-sim scanner [-codes A,B] [-suffix CR] [-no-aim]   (codes also from stdin)
//	omnilane-sim display [-profile epson-dm-d110] [-out FILE]
//	omnilane-sim terminal -listen 127.0.0.1:0 [-ledger FILE] [-scenario NAME]
//	omnilane-sim scale [-profile datalogic-magellan-9800i] [-listen ADDR] [-grams N]   (weights on stdin)
//
// Each simulator prints exactly one line "listening on HOST:PORT" (or the
// pty path for serial simulators) to stdout once it is ready, logs to
// stderr, and runs until interrupted (SIGINT/SIGTERM), then exits 0.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// subcommand is one simulator.
type subcommand struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func subcommands() []subcommand {
	return []subcommand{
		{"printer", "virtual ESC/POS receipt printer on TCP", runPrinter},
		{"scanner", "virtual serial barcode scanner on a pseudo-terminal", runScanner},
		{"display", "virtual 2x20 customer pole display on a pseudo-terminal", runDisplay},
		{"terminal", "virtual nexo card payment terminal on TCP", runTerminal},
		{"scale", "virtual checkout scale (Toledo 8213 or NCI) on a pseudo-terminal or TCP", runScale},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, sc := range subcommands() {
		if sc.name == args[0] {
			err := sc.run(ctx, args[1:], stdout, stderr)
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			default:
				fmt.Fprintf(stderr, "omnilane-sim %s: %v\n", sc.name, err)
				return 1
			}
		}
	}
	fmt.Fprintf(stderr, "omnilane-sim: unknown simulator %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: omnilane-sim SIMULATOR [flags]   (omnilane-sim SIMULATOR -h for its flags)")
	fmt.Fprintln(w, "simulators:")
	for _, sc := range subcommands() {
		fmt.Fprintf(w, "  %-10s %s\n", sc.name, sc.summary)
	}
}
