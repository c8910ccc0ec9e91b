package central

import (
	"context"
	"net/http"

	"github.com/omnilane/omnilane/sync/protocol"
)

// LedgerFeed is a Storage that carries the chain's gift card and store
// credit balances: those changed since a position, read together with the
// journal heads they include, so a lane can add the movements central has
// not counted.
type LedgerFeed interface {
	// LedgerChanges returns, from one consistent read, up to q.Limit of the
	// chain's balances changed after q.Since — all of them when it is 0 —
	// with (kind, account) after the cursor, the position after them, and
	// the head seq of each device in q.Devices.
	LedgerChanges(ctx context.Context, q protocol.LedgerQuery) (protocol.LedgerPage, error)
}

// ledgerFeed serves the chain-wide ledgers to any enrolled device (the
// authentication refuses revoked and unknown devices).
func (s *Server) ledgerFeed(w http.ResponseWriter, r *http.Request) {
	lf, ok := backend[LedgerFeed](s, w, r, "ledger feed")
	if !ok {
		return
	}
	since, err := intParam(r, "since", 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	devices := r.URL.Query()["device"]
	if len(devices) > protocol.MaxLedgerDevices {
		s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "at most %d devices per ledger request", protocol.MaxLedgerDevices))
		return
	}
	for _, d := range devices {
		if d == "" {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "an empty device= parameter"))
			return
		}
	}
	limit, err := limitParam(r, protocol.DefaultLedgerPage, protocol.MaxLedgerPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	qs := r.URL.Query()
	q := protocol.LedgerQuery{Since: since, AfterKind: qs.Get("after_kind"), AfterAccount: qs.Get("after_account"),
		Limit: limit, Devices: devices}
	page, err := lf.LedgerChanges(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyMaybeGzip(w, r, page)
}
