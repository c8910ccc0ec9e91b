// Package journalcli implements `omnilane journal verify|export`: checking a
// lane's hash-chained journal and exporting it for auditors. cmd/omnilane
// calls Run with the arguments after "journal".
package journalcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// Exit codes of Run.
const (
	// ExitOK: the journal is whole (and the export, if any, was written).
	ExitOK = 0
	// ExitBroken: the journal failed verification; the first broken or
	// missing entry is named on stdout.
	ExitBroken = 1
	// ExitUsage: bad arguments, or the database or output could not be used.
	ExitUsage = 2
)

const usage = `usage:
  omnilane journal verify [-db FILE] [-device ID]
  omnilane journal export [-db FILE] [-device ID] [-from DATE] [-to DATE] [-tz ZONE] [-format csv|jsonl] [-o FILE]

verify checks every entry's hash, the chain and the sequence (1, 2, 3… with no
gaps) and names the first broken or missing entry; exit 0 whole, 1 broken,
2 usage or I/O error.
export writes the entries whose time is in [from, to] (dates are whole days in
-tz; RFC 3339 times are exact) as CSV or JSON lines, then verifies the chain;
the export is written even when the chain is broken, and the exit is then 1.
`

type options struct {
	db, device, from, to, tz, format, out string
}

func (o *options) bind(fs *flag.FlagSet, export bool) {
	fs.StringVar(&o.db, "db", envOr("OMNILANE_DB", "omnilane.db"), "lane database file (OMNILANE_DB)")
	fs.StringVar(&o.device, "device", os.Getenv("OMNILANE_DEVICE"), "device id whose journal it is; empty: as the journal says (OMNILANE_DEVICE)")
	if export {
		fs.StringVar(&o.from, "from", "", "first day (YYYY-MM-DD) or instant (RFC 3339); empty: from the start")
		fs.StringVar(&o.to, "to", "", "last day (YYYY-MM-DD, inclusive) or instant (RFC 3339, exclusive); empty: to the end")
		fs.StringVar(&o.tz, "tz", envOr("OMNILANE_TZ_STORE", "UTC"), "time zone of -from/-to days (OMNILANE_TZ_STORE)")
		fs.StringVar(&o.format, "format", sqlite.ExportCSV, "csv or jsonl")
		fs.StringVar(&o.out, "o", "-", "output file; - is stdout")
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// Run runs `omnilane journal` with args (the arguments after "journal",
// e.g. ["verify", "-db", "lane.db"]) and returns the process exit code
// (ExitOK, ExitBroken or ExitUsage). Reports go to stdout, errors and logs to
// stderr and log.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, log *slog.Logger) int {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if len(args) > 0 && args[0] == "journal" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	cmd := args[0]
	switch cmd {
	case "verify", "export":
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	default:
		fmt.Fprintf(stderr, "omnilane journal: unknown command %q\n%s", cmd, usage)
		return ExitUsage
	}
	var o options
	fs := flag.NewFlagSet("omnilane journal "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.bind(fs, cmd == "export")
	if err := fs.Parse(args[1:]); err != nil {
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "omnilane journal %s: unexpected arguments %q\n", cmd, fs.Args())
		return ExitUsage
	}
	if _, err := os.Stat(o.db); err != nil {
		fmt.Fprintf(stderr, "omnilane journal %s: %v\n", cmd, err)
		return ExitUsage
	}
	db, err := sqlite.OpenReadOnly(ctx, o.db, o.device, log)
	if err != nil {
		fmt.Fprintf(stderr, "omnilane journal %s: %v\n", cmd, err)
		return ExitUsage
	}
	defer db.Close()
	if cmd == "export" {
		if code := export(ctx, db, o, stdout, stderr); code != ExitOK {
			return code
		}
		// The report of the verification goes to stderr: stdout may be the export.
		return verify(ctx, db, stderr, stderr, log)
	}
	return verify(ctx, db, stdout, stderr, log)
}

// verify checks the chain and sequence, and that central has not
// acknowledged entries the file no longer holds (a cut-off end).
func verify(ctx context.Context, db *sqlite.DB, out, stderr io.Writer, log *slog.Logger) int {
	n, err := db.VerifyJournal(ctx)
	var ce *pos.ChainError
	if err != nil && !errors.As(err, &ce) {
		fmt.Fprintf(stderr, "omnilane journal verify: %v\n", err)
		return ExitUsage
	}
	if ce == nil {
		last, acked, err := db.JournalEnd(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "omnilane journal verify: %v\n", err)
			return ExitUsage
		}
		if acked > last {
			ce = &pos.ChainError{DeviceID: db.DeviceID(), Seq: last + 1,
				Reason: fmt.Sprintf("entries %d to %d are missing from the end (central acknowledged up to %d)", last+1, acked, acked)}
		}
	}
	if ce != nil {
		log.Error("journal broken", "device", ce.DeviceID, "seq", ce.Seq, "reason", ce.Reason)
		fmt.Fprintf(out, "BROKEN: journal of %s, first bad entry seq %d: %s\n", ce.DeviceID, ce.Seq, ce.Reason)
		fmt.Fprintf(out, "%d entries before it are intact.\n", n)
		fmt.Fprintln(out, "What to do: stop selling on this lane, do not edit or delete the database file, keep a copy of it, and call IT / the auditor with this message.")
		return ExitBroken
	}
	fmt.Fprintf(out, "OK: journal of %s, %d entries, hash chain and sequence whole\n", db.DeviceID(), n)
	return ExitOK
}

func export(ctx context.Context, db *sqlite.DB, o options, stdout, stderr io.Writer) int {
	loc, err := time.LoadLocation(o.tz)
	if err != nil {
		fmt.Fprintf(stderr, "omnilane journal export: -tz: %v\n", err)
		return ExitUsage
	}
	from, err := parseBound(o.from, loc, false)
	if err != nil {
		fmt.Fprintf(stderr, "omnilane journal export: -from: %v\n", err)
		return ExitUsage
	}
	to, err := parseBound(o.to, loc, true)
	if err != nil {
		fmt.Fprintf(stderr, "omnilane journal export: -to: %v\n", err)
		return ExitUsage
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		fmt.Fprintln(stderr, "omnilane journal export: -from is not before -to")
		return ExitUsage
	}
	format := strings.ToLower(o.format)
	if format == "json" || format == "jsonlines" || format == "ndjson" {
		format = sqlite.ExportJSONLines
	}
	w := stdout
	var f *os.File
	if o.out != "-" && o.out != "" {
		if f, err = os.Create(o.out); err != nil {
			fmt.Fprintf(stderr, "omnilane journal export: %v\n", err)
			return ExitUsage
		}
		w = f
	}
	n, err := db.ExportJournal(ctx, w, format, from, to)
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "omnilane journal export: %v\n", err)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "exported %d entries of %s (%s)\n", n, db.DeviceID(), format)
	return ExitOK
}

// parseBound reads a day (whole day in loc; an upper bound is the end of
// the day) or an RFC 3339 instant. Empty is the zero time (open).
func parseBound(s string, loc *time.Location, upper bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		if upper {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither YYYY-MM-DD nor an RFC 3339 time", s)
	}
	return t, nil
}
