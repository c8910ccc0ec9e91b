package central

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// Config tunes a Server.
type Config struct {
	// PollInterval is how often a long-polling feed request re-reads the
	// database for changes made by other processes (default 500 ms).
	PollInterval time.Duration
	// DefaultFeedLimit is the page size when a client names none (default 1000).
	DefaultFeedLimit int
	// RequireAuth makes every device endpoint demand an enrolled device's
	// credential (or the admin token); health and enrollment stay open.
	RequireAuth bool
	// AdminToken, when set, is required by the admin endpoints (and
	// accepted on device endpoints). With RequireAuth and no AdminToken the
	// admin API is closed.
	AdminToken string
	// Fingerprint of central's TLS certificate, handed out with tokens.
	Fingerprint string
	// TokenTTL is how long an enrollment token stays valid (default 24 h).
	TokenTTL time.Duration
}

// Server serves the v1 sync protocol from a Storage.
type Server struct {
	st      Storage
	auth    AuthStorage
	cfg     Config
	clock   pos.Clock
	log     *slog.Logger
	changes *notifier
	mux     *http.ServeMux
}

// NewServer returns a server over st.
func NewServer(st Storage, cfg Config, clock pos.Clock, log *slog.Logger) *Server {
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = 24 * time.Hour
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 500 * time.Millisecond
	}
	if cfg.DefaultFeedLimit <= 0 {
		cfg.DefaultFeedLimit = 1000
	}
	auth, _ := st.(AuthStorage)
	s := &Server{st: st, auth: auth, cfg: cfg, clock: clock, log: log, changes: newNotifier(), mux: http.NewServeMux()}
	dev := func(h http.HandlerFunc) http.HandlerFunc { return s.authenticate(h, false) }
	admin := func(h http.HandlerFunc) http.HandlerFunc { return s.authenticate(h, true) }
	s.mux.HandleFunc("GET "+protocol.PathHealth, s.health)
	s.mux.HandleFunc("POST "+protocol.PathEnroll, s.enroll)
	s.mux.HandleFunc("POST "+protocol.PathJournal, dev(s.journal))
	s.mux.HandleFunc("GET "+protocol.PathCatalog, dev(s.catalog))
	s.mux.HandleFunc("GET "+protocol.PathCatalogStream, dev(s.catalogStream))
	s.mux.HandleFunc("GET "+protocol.PathDevice, dev(s.device))
	s.mux.HandleFunc("POST "+PathAdminProducts, admin(s.adminProducts))
	s.mux.HandleFunc("POST "+PathAdminImport, admin(s.adminImport))
	s.mux.HandleFunc("POST "+PathAdminTokens, admin(s.adminTokens))
	s.mux.HandleFunc("POST "+PathAdminRevoke, admin(s.adminRevoke))
	s.mux.HandleFunc("GET "+protocol.PathOrders, dev(s.orders))
	s.mux.HandleFunc("GET "+protocol.PathStock, dev(s.stock))
	s.mux.HandleFunc("GET "+protocol.PathStockFeed, dev(s.stockFeed))
	s.mux.HandleFunc("GET "+protocol.PathLedgerFeed, dev(s.ledgerFeed))
	s.mux.HandleFunc("GET "+protocol.PathCustomers, dev(s.customers))
	s.mux.HandleFunc("POST "+PathAdminCustomers, admin(s.adminCustomers))
	s.mux.HandleFunc("POST "+PathAdminCustomersImport, admin(s.adminCustomersImport))
	s.mux.HandleFunc("GET "+protocol.PathSaleLookup, dev(s.saleLookup))
	s.mux.HandleFunc("POST "+PathAdminOrders, admin(s.adminOrders))
	s.mux.HandleFunc("POST "+PathAdminStock, admin(s.adminStock))
	s.mux.HandleFunc("GET "+PathAdminExceptions, admin(s.adminExceptions))
	s.mux.HandleFunc("POST "+PathAdminPricing, admin(s.adminPricing))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, protocol.Errorf(protocol.CodeNotFound, "no such path %s %s", r.Method, r.URL.Path))
	})
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// CatalogChanged wakes long-polling feed requests; the admin handlers and
// importers call it after changing the catalog.
func (s *Server) CatalogChanged() { s.changes.notify() }

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		pe = protocol.Errorf(protocol.CodeInternal, "central failed; retry later")
	} else if pe.Code == protocol.CodeInternal {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		s.log.Warn("request rejected", "method", r.Method, "path", r.URL.Path, "code", pe.Code, "err", pe.Message)
	}
	_ = protocol.WriteError(w, pe)
}

func (s *Server) reply(w http.ResponseWriter, r *http.Request, v any) {
	if err := protocol.WriteJSON(w, http.StatusOK, v); err != nil {
		s.log.Warn("reply not delivered", "path", r.URL.Path, "err", err)
	}
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if err := s.st.Ping(r.Context()); err != nil {
		s.fail(w, r, &protocol.Error{Code: protocol.CodeUnavailable, Message: "database unreachable: " + err.Error()})
		return
	}
	s.reply(w, r, protocol.Health{Status: "ok", Version: protocol.Version, Time: s.clock.Now().UTC()})
}

// body returns the request body, un-gzipped when the client sent it so.
func body(r *http.Request) (io.ReadCloser, error) {
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			return nil, protocol.Errorf(protocol.CodeBadRequest, "gzip body: %v", err)
		}
		return zr, nil
	}
	return r.Body, nil
}

func (s *Server) journal(w http.ResponseWriter, r *http.Request) {
	rc, err := body(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	b, err := protocol.DecodeBatch(rc)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if e := mayWriteJournal(r, b.DeviceID); e != nil {
		s.fail(w, r, e)
		return
	}
	ack, err := Ingest(r.Context(), s.st, b)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, r, ack)
}

func intParam(r *http.Request, name string, def int64) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, protocol.Errorf(protocol.CodeBadRequest, "parameter %s=%q is not a non-negative integer", name, v)
	}
	return n, nil
}

// limitParam reads the page size "limit" (def when absent) and keeps it
// between 1 and most.
func limitParam(r *http.Request, def, most int64) (int, error) {
	n, err := intParam(r, "limit", def)
	if err != nil {
		return 0, err
	}
	return int(min(max(n, 1), most)), nil
}

func (s *Server) device(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	dev := r.PathValue("device")
	if e := mayReadDevice(r, dev); e != nil {
		s.fail(w, r, e)
		return
	}
	after, err := intParam(r, "after", 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := intParam(r, "limit", 1000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit = min(limit, 10000)
	rec := protocol.DeviceRecord{DeviceID: dev, Events: []pos.Event{}, Sales: []pos.Sale{}}
	if last, ok, err := s.st.DeviceHead(ctx, dev); err != nil {
		s.fail(w, r, err)
		return
	} else if ok {
		rec.AckedSeq = last.Seq
	}
	if rec.EventCount, err = s.st.DeviceEventCount(ctx, dev); err != nil {
		s.fail(w, r, err)
		return
	}
	if rec.Events, err = s.st.DeviceEvents(ctx, dev, after, int(limit)); err != nil {
		s.fail(w, r, err)
		return
	}
	if rec.Sales, err = s.st.DeviceSales(ctx, dev, int(limit)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, r, rec)
}

// waitForChange blocks until the catalog moves past cursor, ctx ends or d
// passes, polling the database for changes by other processes.
func (s *Server) waitForChange(ctx context.Context, cursor int64, d time.Duration) error {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(s.cfg.PollInterval)
	defer tick.Stop()
	for {
		changed := s.changes.wait()
		cur, err := s.st.CatalogCursor(ctx)
		if err != nil {
			return err
		}
		if cur > cursor {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-deadline.C:
			return nil
		case <-changed:
			return nil // something changed here (catalog or orders): answer
		case <-tick.C:
		}
	}
}

func (s *Server) catalog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	store := r.PathValue("store")
	if e := mayReadStore(r, store); e != nil {
		s.fail(w, r, e)
		return
	}
	if ok, err := s.st.StoreExists(ctx, store); err != nil {
		s.fail(w, r, err)
		return
	} else if !ok {
		s.fail(w, r, protocol.Errorf(protocol.CodeNotFound, "no store %q", store))
		return
	}
	cursor, err := intParam(r, "cursor", 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := intParam(r, "limit", int64(s.cfg.DefaultFeedLimit))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if limit == 0 || limit > protocol.MaxFeedLimit {
		limit = protocol.MaxFeedLimit
	}
	var wait time.Duration
	if v := r.URL.Query().Get("wait"); v != "" {
		if wait, err = time.ParseDuration(v); err != nil || wait < 0 {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "parameter wait=%q is not a duration such as 25s", v))
			return
		}
		wait = min(wait, protocol.MaxWait)
	}
	if wait > 0 {
		if err := s.waitForChange(ctx, cursor, wait); err != nil {
			if ctx.Err() != nil {
				return // the client went away
			}
			s.fail(w, r, err)
			return
		}
	}
	var page protocol.FeedPage
	if sf, ok := s.st.(StoreFeed); ok {
		page, err = sf.StoreCatalogChanges(ctx, store, cursor, int(limit))
	} else {
		page, err = s.st.CatalogChanges(ctx, cursor, int(limit))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if page.Cursor < cursor {
		page.Cursor = cursor
	}
	s.replyMaybeGzip(w, r, page)
}

// replyMaybeGzip sends v gzipped when the client accepts gzip.
func (s *Server) replyMaybeGzip(w http.ResponseWriter, r *http.Request, v any) {
	if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		s.reply(w, r, v)
		return
	}
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Vary", "Accept-Encoding")
	zw := gzip.NewWriter(w)
	gw := gzipResponse{ResponseWriter: w, w: zw}
	if err := protocol.WriteJSON(gw, http.StatusOK, v); err != nil {
		s.log.Warn("reply not delivered", "path", r.URL.Path, "err", err)
	}
	if err := zw.Close(); err != nil {
		s.log.Warn("reply not delivered", "path", r.URL.Path, "err", err)
	}
}

type gzipResponse struct {
	http.ResponseWriter
	w io.Writer
}

func (g gzipResponse) Write(b []byte) (int, error) { return g.w.Write(b) }
