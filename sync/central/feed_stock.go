package central

import (
	"context"
	"net/http"

	"github.com/omnilane/omnilane/sync/protocol"
)

// StockFeed is a Storage that carries stock snapshots in the store feed:
// levels changed since a position, read together with the journal heads
// they include, so a lane can add the movements central has not counted.
type StockFeed interface {
	// StockChanges returns, from one consistent read, up to q.Limit of the
	// store's levels changed after (q.Moves, q.Counts) — all of them when
	// both are 0 — with SKUs after q.After, the position after them, and
	// the head seq of each device in q.Devices.
	StockChanges(ctx context.Context, storeID string, q protocol.StockQuery) (protocol.StockPage, error)
}

func (s *Server) stockFeed(w http.ResponseWriter, r *http.Request) {
	sf, ok := backend[StockFeed](s, w, r, "stock feed")
	if !ok {
		return
	}
	store := r.PathValue("store")
	if e := mayReadStore(r, store); e != nil {
		s.fail(w, r, e)
		return
	}
	moves, err := intParam(r, "moves", 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts, err := intParam(r, "counts", 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	devices := r.URL.Query()["device"]
	if len(devices) > protocol.MaxStockDevices {
		s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "at most %d devices per stock request", protocol.MaxStockDevices))
		return
	}
	for _, d := range devices {
		if d == "" {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "an empty device= parameter"))
			return
		}
	}
	limit, err := limitParam(r, protocol.DefaultStockPage, protocol.MaxStockPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := protocol.StockQuery{Moves: moves, Counts: counts, After: r.URL.Query().Get("after"),
		Limit: limit, Devices: devices}
	page, err := sf.StockChanges(r.Context(), store, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyMaybeGzip(w, r, page)
}
