// Command omnilane-central is Omnilane's central server: it ingests the
// lanes' journals exactly once and serves each store its catalog feed, over
// HTTP, from its own SQLite database — or from a PostgreSQL database that
// several central processes share, when -db is a postgres:// URL.
//
//	omnilane-central -listen 127.0.0.1:8080 -db central.db -store store-1 -sample 1000
//	omnilane-central -listen :8080 -db 'postgres://central@db.internal/omnilane' -tls -tls-dir /etc/omnilane/tls
//
// On start it prints one line, "listening on HOST:PORT", to stdout.
package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/catalogimport"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/pgstore"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
	"github.com/omnilane/omnilane/sync/customerimport"
	"github.com/omnilane/omnilane/sync/tlscert"
)

// options are the command's flags.
type options struct {
	listen string
	db     string
	store  string
	sample int
	imp    []string
	tls    bool
	tlsDir string
	hosts  string
	auth   bool
	admin  string
	issue  string
	ttl    time.Duration
}

func parseFlags(args []string, errOut io.Writer) (options, error) {
	fs := flag.NewFlagSet("omnilane-central", flag.ContinueOnError)
	fs.SetOutput(errOut)
	var o options
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8080", "address to listen on (port 0 picks a free port)")
	fs.StringVar(&o.db, "db", "central.db", "path of central's SQLite database, or a postgres:// URL (env PGPASSWORD etc. honoured) for a PostgreSQL database several central processes share")
	fs.StringVar(&o.store, "store", "store-1", "id of the store to serve (created if new)")
	fs.IntVar(&o.sample, "sample", 0, "seed this many sample products when the catalog is empty")
	fs.Func("import", "import a catalog or customers CSV or NDJSON file at start, told apart by its columns (sku: catalog, id: customers); may be repeated (see sync/IMPORT.md)", func(s string) error {
		o.imp = append(o.imp, s)
		return nil
	})
	fs.BoolVar(&o.tls, "tls", false, "serve HTTPS with a self-signed certificate generated on first start")
	fs.StringVar(&o.tlsDir, "tls-dir", "", "folder of the TLS certificate and key (default: DB path + \".tls\")")
	fs.StringVar(&o.hosts, "tls-hosts", "", "extra host names or IPs for the certificate, comma-separated")
	fs.BoolVar(&o.auth, "require-auth", false, "require enrolled device credentials on device endpoints")
	fs.StringVar(&o.admin, "admin-token", os.Getenv("OMNILANE_ADMIN_TOKEN"), "token required by the admin API (env OMNILANE_ADMIN_TOKEN)")
	fs.StringVar(&o.issue, "issue-token", "", "print a one-time enrollment token (JSON) for this store and exit")
	fs.DurationVar(&o.ttl, "token-ttl", 24*time.Hour, "validity of an issued enrollment token")
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
	db, err := openStorage(ctx, o, clock, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.EnsureStore(ctx, o.store); err != nil {
		return err
	}
	cfg := central.Config{RequireAuth: o.auth, AdminToken: o.admin}
	var cert *tls.Certificate
	if o.tls {
		dir := o.tlsDir
		if dir == "" {
			dir = o.db + ".tls"
		}
		c, err := tlscert.LoadOrCreate(dir, splitHosts(o.hosts), clock.Now())
		if err != nil {
			return err
		}
		cert, cfg.Fingerprint = &c, tlscert.CertFingerprint(c)
		log.Info("TLS certificate", "dir", dir, "fingerprint", cfg.Fingerprint)
	}
	if o.issue != "" {
		return issueToken(ctx, db, cfg, o, out, log)
	}
	if err := seed(ctx, db, o, log); err != nil {
		return err
	}
	srv := central.NewServer(db, cfg, clock, log)
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen %s: %w", o.listen, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	if cert != nil {
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"h2", "http/1.1"}})
	}
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

func splitHosts(s string) []string {
	var out []string
	for _, h := range strings.Split(s, ",") {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// isPostgres reports whether -db names a PostgreSQL database.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// openStorage opens central's database: PostgreSQL for a postgres:// URL
// (migrations applied on start, safely when several instances start at
// once), SQLite otherwise.
func openStorage(ctx context.Context, o options, clock pos.Clock, log *slog.Logger) (central.Storage, error) {
	if !isPostgres(o.db) {
		return sqlitestore.Open(ctx, o.db, clock, log)
	}
	if o.tls && o.tlsDir == "" {
		return nil, errors.New("-tls with a PostgreSQL -db needs -tls-dir: every instance must serve the same certificate, whose fingerprint devices pin")
	}
	return pgstore.Open(ctx, o.db, clock, log)
}

// issueToken prints a one-time enrollment token for o.issue as JSON.
func issueToken(ctx context.Context, db central.Storage, cfg central.Config, o options, out io.Writer, log *slog.Logger) error {
	srv := central.NewServer(db, cfg, pos.SystemClock{}, log)
	tok, err := srv.IssueToken(ctx, o.issue, o.ttl)
	if err != nil {
		return fmt.Errorf("issue token: %w", err)
	}
	return json.NewEncoder(out).Encode(tok)
}

// seed fills an empty catalog with sample products and imports a file.
func seed(ctx context.Context, db central.Storage, o options, log *slog.Logger) error {
	if o.sample > 0 {
		n, err := db.ProductCount(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			if err := seedSample(ctx, db, o.sample); err != nil {
				return err
			}
			if err := seedSampleStock(ctx, db, o.store, o.sample, time.Now()); err != nil {
				return err
			}
			log.Info("sample catalog seeded", "products", o.sample)
		}
	}
	for _, path := range o.imp {
		if err := importFile(ctx, db, path, log); err != nil {
			return err
		}
	}
	return nil
}

// importFile imports a CSV or NDJSON catalog or customers file (see
// importKind); any rejected row is logged with its line, field and reason,
// nothing is imported and start-up fails.
func importFile(ctx context.Context, db central.Storage, path string, log *slog.Logger) error {
	f, err := catalogimport.FormatOf(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer file.Close()
	kind, err := importKind(bufio.NewReaderSize(file, sniffBytes), f)
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	var rep *catalogimport.Report
	if kind == kindCustomers {
		rep, err = importCustomers(ctx, db, file, f)
	} else {
		rep, err = catalogimport.Import(ctx, file, f, db)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	if !rep.OK() {
		for _, e := range rep.Errors {
			log.Error("import: row rejected", "file", path, "kind", kind, "line", e.Line, "field", e.Field, "reason", e.Reason)
		}
		return fmt.Errorf("import %s: %w", path, rep)
	}
	log.Info(kind+" imported", "file", path, "rows", rep.Rows, "cursor", rep.Cursor)
	return nil
}

// importCustomers checks every customer summary in r and, when all are
// good, stores them in one call (as the admin API's customers import does).
func importCustomers(ctx context.Context, db central.Storage, r io.Reader, f catalogimport.Format) (*catalogimport.Report, error) {
	cs, ok := db.(central.CustomerStorage)
	if !ok {
		return nil, errors.New("this storage backend keeps no customers")
	}
	customers, rep, err := customerimport.Parse(r, f)
	if err != nil || !rep.OK() || len(customers) == 0 {
		return rep, err
	}
	if rep.Cursor, err = cs.UpsertCustomers(ctx, customers); err != nil {
		return nil, fmt.Errorf("store customers: %w", err)
	}
	rep.Imported = len(customers)
	return rep, nil
}

// seedSample upserts sample products in chunks so a million never sit in memory.
func seedSample(ctx context.Context, db central.Storage, n int) error {
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
