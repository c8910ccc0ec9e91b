package central

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/catalogimport"
	"github.com/omnilane/omnilane/sync/customerimport"
	"github.com/omnilane/omnilane/sync/protocol"
)

// PathAdminCustomers accepts POST of a CustomersChange (CRM or e-commerce).
const PathAdminCustomers = "/v1/admin/customers"

// CustomersChange adds or replaces customer summaries and erases others.
type CustomersChange struct {
	// Customers in full.
	Customers []pos.Customer `json:"customers,omitempty"`
	// Removed ids: the summaries are erased at central and at the lanes.
	Removed []string `json:"removed,omitempty"`
}

// CustomerStorage is a Storage that carries customer summaries in the
// store feed: each summary goes to the lanes of its home store, or of every
// store when it has none.
type CustomerStorage interface {
	// UpsertCustomers adds or replaces summaries (an unchanged one is not a
	// change) and returns the customers feed cursor after them.
	UpsertCustomers(ctx context.Context, cs []pos.Customer) (int64, error)
	// RemoveCustomers erases summaries, keeping only their id as a removal
	// in the feed, and returns the cursor after them.
	RemoveCustomers(ctx context.Context, ids []string) (int64, error)
	// CustomerChanges returns up to limit changes seen by a store after cursor.
	CustomerChanges(ctx context.Context, storeID string, after int64, limit int) (protocol.CustomersPage, error)
}

func (s *Server) customerStorage(w http.ResponseWriter, r *http.Request) (CustomerStorage, bool) {
	return backend[CustomerStorage](s, w, r, "customers")
}

func (s *Server) adminCustomers(w http.ResponseWriter, r *http.Request) {
	cs, ok := s.customerStorage(w, r)
	if !ok {
		return
	}
	var c CustomersChange
	if err := protocol.DecodeJSON(r.Body, protocol.MaxBatchBytes, &c); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, cu := range c.Customers {
		if err := cu.Validate(); err != nil {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "%v", err))
			return
		}
	}
	var res ProductChangeResult
	var err error
	if len(c.Customers) > 0 {
		if res.Cursor, err = cs.UpsertCustomers(r.Context(), c.Customers); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if len(c.Removed) > 0 {
		if res.Cursor, err = cs.RemoveCustomers(r.Context(), c.Removed); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.CatalogChanged()
	s.reply(w, r, res)
}

func (s *Server) customers(w http.ResponseWriter, r *http.Request) {
	cs, ok := s.customerStorage(w, r)
	if !ok {
		return
	}
	store := r.PathValue("store")
	if e := mayReadStore(r, store); e != nil {
		s.fail(w, r, e)
		return
	}
	cursor, err := intParam(r, "cursor", 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := limitParam(r, 1000, protocol.MaxFeedLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := cs.CustomerChanges(r.Context(), store, cursor, limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyMaybeGzip(w, r, page)
}

// AddCustomerChange adds one stored customer change to a store's page: in
// full when the customer's home is that store or every store, as a removal
// otherwise (or when erased). Storage backends share it.
func AddCustomerChange(page *protocol.CustomersPage, storeID, id, home string, body []byte, removed bool) error {
	if removed || (home != "" && home != storeID) {
		page.Removed = append(page.Removed, id)
		return nil
	}
	var c pos.Customer
	if err := json.Unmarshal(body, &c); err != nil {
		return fmt.Errorf("customer %s: %w", id, err)
	}
	page.Customers = append(page.Customers, c)
	return nil
}

// PathAdminCustomersImport accepts POST of a whole customers file, CSV
// (text/csv) or NDJSON (application/x-ndjson), and answers a
// catalogimport.Report: 200 when imported, 422 when any row was rejected
// (nothing imported). See sync/IMPORT.md.
const PathAdminCustomersImport = "/v1/admin/customers/import"

// maxCustomersImportBytes bounds an uploaded customers file.
const maxCustomersImportBytes = 1 << 30

func (s *Server) adminCustomersImport(w http.ResponseWriter, r *http.Request) {
	cs, ok := s.customerStorage(w, r)
	if !ok {
		return
	}
	f, err := catalogimport.FormatOf(r.Header.Get("Content-Type"))
	if err != nil {
		s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "%v", err))
		return
	}
	rc, err := body(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: maxCustomersImportBytes + 1}
	customers, rep, err := customerimport.Parse(lr, f)
	if err != nil {
		s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "read customers file: %v", err))
		return
	}
	if lr.N <= 0 {
		s.fail(w, r, protocol.Errorf(protocol.CodeTooLarge, "customers file over %d bytes", maxCustomersImportBytes))
		return
	}
	status := http.StatusUnprocessableEntity
	if rep.OK() {
		status = http.StatusOK
		if len(customers) > 0 {
			if rep.Cursor, err = cs.UpsertCustomers(r.Context(), customers); err != nil {
				s.fail(w, r, err)
				return
			}
			rep.Imported = len(customers)
			s.CatalogChanged()
		}
	}
	s.log.Info("customers import", "rows", rep.Rows, "imported", rep.Imported, "rejected", rep.Rejected)
	if err := protocol.WriteJSON(w, status, rep); err != nil {
		s.log.Warn("reply not delivered", "path", r.URL.Path, "err", err)
	}
}
