package central

import (
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/omnilane/omnilane/sync/catalogimport"

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

// PathAdminImport accepts POST of a whole catalog file, CSV (text/csv) or
// NDJSON (application/x-ndjson), and answers a catalogimport.Report: 200
// when imported, 422 when any row was rejected (nothing imported).
const PathAdminImport = "/v1/admin/catalog/import"

// maxImportBytes bounds an uploaded catalog file.
const maxImportBytes = 4 << 30

func (s *Server) adminImport(w http.ResponseWriter, r *http.Request) {
	f, err := catalogimport.FormatOf(r.Header.Get("Content-Type"))
	if err != nil {
		s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "%v", err))
		return
	}
	tmp, err := os.CreateTemp("", "omnilane-import-*")
	if err != nil {
		s.fail(w, r, fmt.Errorf("spool import: %w", err))
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	n, err := io.Copy(tmp, io.LimitReader(r.Body, maxImportBytes+1))
	if err != nil {
		s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "read upload: %v", err))
		return
	}
	if n > maxImportBytes {
		s.fail(w, r, protocol.Errorf(protocol.CodeTooLarge, "catalog file over %d bytes", maxImportBytes))
		return
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		s.fail(w, r, fmt.Errorf("rewind import: %w", err))
		return
	}
	rep, err := catalogimport.Import(r.Context(), tmp, f, s.st)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if !rep.OK() {
		status = http.StatusUnprocessableEntity
	} else {
		s.CatalogChanged()
	}
	s.log.Info("catalog import", "rows", rep.Rows, "imported", rep.Imported, "rejected", rep.Rejected)
	if err := protocol.WriteJSON(w, status, rep); err != nil {
		s.log.Warn("reply not delivered", "path", r.URL.Path, "err", err)
	}
}
