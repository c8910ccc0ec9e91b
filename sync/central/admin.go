package central

import (
	"net/http"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// PathAdminProducts accepts POST of a ProductChange.
const PathAdminProducts = "/v1/admin/products"

// ProductChange adds or replaces products and removes SKUs in one request.
type ProductChange struct {
	// Products to add or replace.
	Products []pos.Product `json:"products,omitempty"`
	// Removed SKUs.
	Removed []string `json:"removed,omitempty"`
}

// ProductChangeResult is the feed cursor after a ProductChange.
type ProductChangeResult struct {
	// Cursor is the feed position that includes the change.
	Cursor int64 `json:"cursor"`
}

func (s *Server) adminProducts(w http.ResponseWriter, r *http.Request) {
	var c ProductChange
	if err := protocol.DecodeJSON(r.Body, protocol.MaxBatchBytes, &c); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, p := range c.Products {
		if err := p.Validate(); err != nil {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "%v", err))
			return
		}
	}
	var res ProductChangeResult
	var err error
	if len(c.Products) > 0 {
		if res.Cursor, err = s.st.UpsertProducts(r.Context(), c.Products); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if len(c.Removed) > 0 {
		if res.Cursor, err = s.st.RemoveProducts(r.Context(), c.Removed); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.CatalogChanged()
	s.reply(w, r, res)
}
