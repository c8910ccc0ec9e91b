// Package operatorcli implements `omnilane operator add|list|unlock|deactivate|activate|seed-demo`:
// managing a lane's operators from the shell of the device that holds its
// database, e.g. to create the first admin. cmd/omnilane calls Run with the
// arguments after "operator". Every change is journalled as done by
// pos.SystemOperator.
package operatorcli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// Exit codes of Run.
const (
	// ExitOK: done.
	ExitOK = 0
	// ExitFailed: the store refused (duplicate code, unknown operator, weak PIN…).
	ExitFailed = 1
	// ExitUsage: bad arguments, or the database could not be opened.
	ExitUsage = 2
)

const usage = `usage:
  omnilane operator add -id CODE -name NAME -role ROLE [-badge CODE] [-db FILE] [-device ID]
        (the PIN, 4-8 digits, is read from the first line of stdin or $OMNILANE_PIN)
  omnilane operator list [-db FILE] [-device ID]
  omnilane operator unlock -id CODE [-db FILE] [-device ID]
  omnilane operator deactivate|activate -id CODE [-db FILE] [-device ID]
  omnilane operator seed-demo [-db FILE] [-device ID]
roles: kiosk, cashier, supervisor, manager, admin
`

// Run runs `omnilane operator` with args (the arguments after "operator")
// and returns the exit code. A PIN is never taken from the command line,
// where other users could see it: it comes from stdin or OMNILANE_PIN.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, log *slog.Logger) int {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if len(args) > 0 && args[0] == "operator" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	cmd := args[0]
	fs := flag.NewFlagSet("omnilane operator "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", envOr("OMNILANE_DB", "omnilane.db"), "lane database file (OMNILANE_DB)")
	device := fs.String("device", envOr("OMNILANE_DEVICE", "lane-1"), "this lane's device id (OMNILANE_DEVICE)")
	id := fs.String("id", "", "operator code")
	name := fs.String("name", "", "operator name")
	role := fs.String("role", "", "role")
	badge := fs.String("badge", "", "badge code (optional)")
	switch cmd {
	case "add", "list", "unlock", "seed-demo", "deactivate", "activate":
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	default:
		fmt.Fprintf(stderr, "omnilane operator: unknown command %q\n%s", cmd, usage)
		return ExitUsage
	}
	if err := fs.Parse(args[1:]); err != nil {
		return ExitUsage
	}
	db, err := sqlite.Open(ctx, *dbPath, *device, log)
	if err != nil {
		fmt.Fprintf(stderr, "omnilane operator %s: %v\n", cmd, err)
		return ExitUsage
	}
	defer db.Close()
	access := pos.NewAccess(*device, db, pos.SystemClock{}, nil, pos.AccessPolicy{}, log)
	fail := func(err error) int {
		fmt.Fprintf(stderr, "omnilane operator %s: %v\n", cmd, err)
		return ExitFailed
	}
	switch cmd {
	case "add":
		pin := os.Getenv("OMNILANE_PIN")
		if pin == "" {
			line, err := bufio.NewReader(stdin).ReadString('\n')
			if err != nil && line == "" {
				fmt.Fprintln(stderr, "omnilane operator add: give the PIN on stdin or in OMNILANE_PIN")
				return ExitUsage
			}
			pin = strings.TrimSpace(line)
		}
		op, err := access.Provision(ctx, pos.NewOperator{ID: *id, Name: *name, Role: pos.Role(*role), PIN: pin, Badge: *badge})
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "added operator %s (%s, %s)\n", op.ID, op.Name, op.Role)
	case "list":
		ops, err := access.Operators(ctx)
		if err != nil {
			return fail(err)
		}
		for _, op := range ops {
			state := "active"
			if !op.Active {
				state = "inactive"
			}
			fmt.Fprintf(stdout, "%-10s %-12s %-8s %s\n", op.ID, op.Role, state, op.Name)
		}
	case "unlock":
		if err := access.UnlockUnattended(ctx, *id); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "unlocked operator %s\n", *id)
	case "deactivate", "activate":
		if err := access.SetActiveUnattended(ctx, *id, cmd == "activate"); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "%sd operator %s\n", cmd, *id)
	case "seed-demo":
		n, err := access.SeedDemo(ctx)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "created %d demo operators (for demos and training only)\n", n)
		for _, d := range pos.DemoOperators() {
			fmt.Fprintf(stdout, "  %s  %-22s %-10s PIN %s\n", d.ID, d.Name, d.Role, d.PIN)
		}
	}
	return ExitOK
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
