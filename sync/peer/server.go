package peer

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// Source is what a Server serves from: the lane's own journal and sales.
// *sqlite.DB implements it.
type Source interface {
	// EventsAfter returns up to limit entries with seq > after, in order.
	EventsAfter(ctx context.Context, after int64, limit int) ([]pos.Event, error)
	// LastEvent returns the last entry, or ENOTFOUND on an empty journal.
	LastEvent(ctx context.Context) (pos.Event, error)
	// SaleByReceipt returns a sale rung at this lane by its receipt code.
	SaleByReceipt(ctx context.Context, code string) (pos.Sale, error)
}

// ServerConfig says who the serving lane is.
type ServerConfig struct {
	// DeviceID of this lane.
	DeviceID string
	// StoreID of this lane's store.
	StoreID string
	// Token, when set, is the bearer token every request must carry.
	Token string
}

// Server is the lane-side peer HTTP handler: it serves this lane's journal
// and sales to the other lanes of the store.
type Server struct {
	cfg ServerConfig
	src Source
	log *slog.Logger
	mux *http.ServeMux
}

// NewServer returns a handler serving src as the lane cfg names.
func NewServer(cfg ServerConfig, src Source, log *slog.Logger) *Server {
	s := &Server{cfg: cfg, src: src, log: log, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET "+PathHello, s.hello)
	s.mux.HandleFunc("GET "+PathJournal, s.journal)
	s.mux.HandleFunc("GET "+PathSale, s.sale)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, protocol.Errorf(protocol.CodeNotFound, "no such path %s %s", r.Method, r.URL.Path))
	})
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Token != "" {
		got := r.Header.Get("Authorization")
		if subtle.ConstantTimeCompare([]byte(got), []byte("Bearer "+s.cfg.Token)) != 1 {
			s.fail(w, r, protocol.Errorf(protocol.CodeUnauthorized, "peer token missing or wrong"))
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		s.log.Error("peer request failed", "path", r.URL.Path, "remote", r.RemoteAddr, "err", err)
		pe = protocol.Errorf(protocol.CodeInternal, "lane failed; retry later")
	} else {
		s.log.Debug("peer request rejected", "path", r.URL.Path, "remote", r.RemoteAddr, "code", pe.Code, "err", pe.Message)
	}
	_ = protocol.WriteError(w, pe)
}

func (s *Server) reply(w http.ResponseWriter, r *http.Request, v any) {
	if err := protocol.WriteJSON(w, http.StatusOK, v); err != nil {
		s.log.Debug("peer answer not delivered", "path", r.URL.Path, "remote", r.RemoteAddr, "err", err)
	}
}

func (s *Server) head(ctx context.Context) (int64, error) {
	last, err := s.src.LastEvent(ctx)
	if pos.ErrorCode(err) == pos.ENOTFOUND {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return last.Seq, nil
}

func (s *Server) hello(w http.ResponseWriter, r *http.Request) {
	head, err := s.head(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, r, Hello{DeviceID: s.cfg.DeviceID, StoreID: s.cfg.StoreID, Version: WireVersion, HeadSeq: head})
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

func (s *Server) journal(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	after, err := intParam(r, "after", 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := intParam(r, "limit", MaxPageEntries)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit = max(1, min(limit, MaxPageEntries))
	head, err := s.head(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	evs, err := s.src.EventsAfter(ctx, after, int(limit))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := JournalPage{DeviceID: s.cfg.DeviceID, StoreID: s.cfg.StoreID, HeadSeq: head, Entries: evs}
	if page.Entries == nil {
		page.Entries = []pos.Event{}
	}
	if n := len(evs); n > 0 {
		page.HeadSeq = max(head, evs[n-1].Seq)
		page.More = evs[n-1].Seq < page.HeadSeq
	}
	s.reply(w, r, page)
}

func (s *Server) sale(w http.ResponseWriter, r *http.Request) {
	sale, err := s.src.SaleByReceipt(r.Context(), r.PathValue("code"))
	switch pos.ErrorCode(err) {
	case "":
		s.reply(w, r, sale)
	case pos.ENOTFOUND:
		s.fail(w, r, protocol.Errorf(protocol.CodeNotFound, "%s", err.Error()))
	case pos.EINVALID:
		s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "%s", err.Error()))
	default:
		s.fail(w, r, err)
	}
}
