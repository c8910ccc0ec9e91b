// Command omnilane-central is Omnilane's central server: it ingests the
// lanes' journals exactly once and serves each store its catalog feed, over
// HTTP, from its own SQLite database.
//
//	omnilane-central -listen 127.0.0.1:8080 -db central.db -store store-1 -sample 1000
//
// On start it prints one line, "listening on HOST:PORT", to stdout.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/catalogimport"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
)

// options are the command's flags.
type options struct {
	listen string
	db     string
	store  string
	sample int
	imp    string
}

func parseFlags(args []string, errOut io.Writer) (options, error) {
	fs := flag.NewFlagSet("omnilane-central", flag.ContinueOnError)
	fs.SetOutput(errOut)
	var o options
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8080", "address to listen on (port 0 picks a free port)")
	fs.StringVar(&o.db, "db", "central.db", "path of central's SQLite database")
	fs.StringVar(&o.store, "store", "store-1", "id of the store to serve (created if new)")
	fs.IntVar(&o.sample, "sample", 0, "seed this many sample products when the catalog is empty")
	fs.StringVar(&o.imp, "import", "", "import a catalog CSV or NDJSON file at start")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	return o, nil
}

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	o, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stdout, log); err != nil {
		log.Error("central stopped", "err", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, o options, out io.Writer, log *slog.Logger) error {
	clock := pos.SystemClock{}
	db, err := sqlitestore.Open(ctx, o.db, clock, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.EnsureStore(ctx, o.store); err != nil {
		return err
	}
	if err := seed(ctx, db, o, log); err != nil {
		return err
	}
	srv := central.NewServer(db, central.Config{}, clock, log)
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen %s: %w", o.listen, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(out, "listening on %s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// seed fills an empty catalog with sample products and imports a file.
func seed(ctx context.Context, db *sqlitestore.DB, o options, log *slog.Logger) error {
	if o.sample > 0 {
		n, err := db.ProductCount(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			if err := seedSample(ctx, db, o.sample); err != nil {
				return err
			}
			log.Info("sample catalog seeded", "products", o.sample)
		}
	}
	if o.imp != "" {
		return importFile(ctx, db, o.imp, log)
	}
	return nil
}

// importFile imports a CSV or NDJSON catalog; any rejected row is logged
// with its line, field and reason, nothing is imported and start-up fails.
func importFile(ctx context.Context, db *sqlitestore.DB, path string, log *slog.Logger) error {
	f, err := catalogimport.FormatOf(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer file.Close()
	rep, err := catalogimport.Import(ctx, file, f, db)
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	if !rep.OK() {
		for _, e := range rep.Errors {
			log.Error("import: row rejected", "file", path, "line", e.Line, "field", e.Field, "reason", e.Reason)
		}
		return fmt.Errorf("import %s: %w", path, rep)
	}
	log.Info("catalog imported", "file", path, "rows", rep.Rows, "cursor", rep.Cursor)
	return nil
}

// seedSample upserts sample products in chunks so a million never sit in memory.
func seedSample(ctx context.Context, db *sqlitestore.DB, n int) error {
	const chunk = 5000
	buf := make([]pos.Product, 0, chunk)
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		if _, err := db.UpsertProducts(ctx, buf); err != nil {
			return fmt.Errorf("seed sample catalog: %w", err)
		}
		buf = buf[:0]
		return nil
	}
	err := samplecatalog.Each(n, func(p pos.Product) error {
		buf = append(buf, p)
		if len(buf) == chunk {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}
