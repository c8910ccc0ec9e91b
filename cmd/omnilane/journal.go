package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// runJournal verifies the lane's journal: `omnilane journal verify`.
func runJournal(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, "usage: omnilane journal verify [-db FILE -device ID]")
		return 2
	}
	var cfg config
	fs := flag.NewFlagSet("omnilane journal verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.bind(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	db, err := sqlite.Open(ctx, cfg.DB, cfg.Device, newLogger(stderr, cfg.LogLevel))
	if err != nil {
		fmt.Fprintln(stderr, "journal verify:", err)
		return 1
	}
	defer db.Close()
	n, err := db.VerifyJournal(ctx)
	var ce *pos.ChainError
	if errors.As(err, &ce) {
		fmt.Fprintf(stdout, "BROKEN after %d good entries: %v\n", n, ce)
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "journal verify:", err)
		return 1
	}
	fmt.Fprintf(stdout, "OK: %d entries, chain and sequence whole\n", n)
	return 0
}
