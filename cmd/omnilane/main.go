// Command omnilane is the lane app: the cashier screen, the local store,
// the devices and the sync agent of one checkout lane.
//
//	omnilane [run] [flags]     the lane window
//	omnilane sell [flags] …    a scripted sale with no window (demo, smoke tests)
//	omnilane enroll -central https://… -token …
//	omnilane journal verify|export
//	omnilane operator add|list|unlock|seed-demo
//
// Run "omnilane help" for the flags.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/omnilane/omnilane/cmd/omnilane/internal/journalcli"
	"github.com/omnilane/omnilane/cmd/omnilane/internal/operatorcli"
)

func main() {
	// Fyne reads the locale from LANG; a bare C locale (containers, CI)
	// makes it complain. Screens choose their language by -lang anyway.
	if l, _, _ := strings.Cut(os.Getenv("LANG"), "."); l == "" || l == "C" || l == "POSIX" {
		os.Setenv("LANG", "en_US.UTF-8")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(dispatch(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "run"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return runGUI(ctx, args, stderr)
	case "sell":
		return runSell(ctx, args, stdout, stderr)
	case "journal":
		return journalcli.Run(ctx, args, stdout, stderr, newLogger(stderr, "warn"))
	case "enroll":
		return runEnroll(ctx, args, stdout, stderr)
	case "operator":
		return operatorcli.Run(ctx, args, os.Stdin, stdout, stderr, newLogger(stderr, "warn"))
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, "usage: omnilane [run|sell|enroll|journal|operator] [flags]; omnilane run -h lists the flags")
		return 0
	}
	fmt.Fprintf(stderr, "omnilane: unknown command %q (run, sell, enroll, journal, operator)\n", cmd)
	return 2
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
