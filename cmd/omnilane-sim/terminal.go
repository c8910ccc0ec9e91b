package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/omnilane/omnilane/devices/terminal/nexo/nexosim"
)

const terminalHelp = `Runs a virtual card payment terminal speaking nexo JSON over TCP (4-byte
big-endian length, then the SaleToPOIRequest/SaleToPOIResponse JSON; see
devices/terminal/nexo/PROTOCOL.md). Every transaction is recorded in the
ledger file (JSON lines, fsynced), which survives crashes and restarts; the
terminal answers TransactionStatus truthfully from it.

Scenarios: -scenario picks one for every request, or "amount" (the default)
picks it per request from the last two digits of the amount in minor units:
  .91 decline         .92 customer cancels     .93 slow (-slow) then approve
  .94 drop the line before processing          .95 drop the line after approving
  .96 crash after approving, come back after -downtime
  .97 hang until aborted (or -hang passes: cancelled)
  .98 acquirer unreachable: approves offline (store and forward) unless the
      request forces online (TransactionConditions.ForceOnlineFlag): declines
  anything else approves
`

func runTerminal(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("terminal", flag.ContinueOnError)
	fl.SetOutput(stderr)
	listen := fl.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	ledger := fl.String("ledger", "terminal-ledger.jsonl", "ledger file (created if missing, kept across runs)")
	poi := fl.String("poi", "SIM-POI-1", "the terminal's POIID")
	scenario := fl.String("scenario", nexosim.ScenarioByAmount, "scenario for every request: "+strings.Join(nexosim.Scenarios, ", "))
	think := fl.Duration("think", 0, "how long a normal transaction takes (default 50ms)")
	slow := fl.Duration("slow", 0, "how long a slow transaction takes (default 3s)")
	hang := fl.Duration("hang", 0, "how long a hanging transaction waits for an abort (default 60s)")
	downtime := fl.Duration("downtime", 0, "how long a crash keeps the terminal away (default 1s)")
	verbose := fl.Bool("v", false, "log debug detail")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: omnilane-sim terminal [flags]\n\n%s\nflags:\n", terminalHelp)
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
	sim, err := nexosim.New(nexosim.Config{POIID: *poi, Ledger: *ledger, Scenario: *scenario,
		Think: *think, Slow: *slow, Hang: *hang, Downtime: *downtime, Log: log})
	if err != nil {
		return err
	}
	var werr error
	err = sim.Run(ctx, *listen, func(addr string) {
		_, werr = fmt.Fprintf(stdout, "listening on %s\n", addr)
	})
	if werr != nil {
		return werr
	}
	return err
}
