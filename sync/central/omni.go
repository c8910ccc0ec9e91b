package central

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// Admin paths for the omnichannel side.
const (
	// PathAdminOrders accepts POST of an OrdersChange (e-commerce channel).
	PathAdminOrders = "/v1/admin/orders"
	// PathAdminStock accepts POST of a []protocol.StockCount for a store.
	PathAdminStock = "/v1/admin/stores/{store}/stock"
	// PathAdminExceptions answers GET with the []Exception staff must see.
	PathAdminExceptions = "/v1/admin/exceptions"
)

// OrdersChange adds or replaces online orders.
type OrdersChange struct {
	// Orders in full.
	Orders []pos.Order `json:"orders"`
}

// OmniStorage is the omnichannel part of a Storage: online orders, stock
// counts and levels, sale lookup for returns anywhere, exceptions. A
// Storage without it serves the journal and catalog only.
type OmniStorage interface {
	// UpsertOrders adds or replaces online orders.
	UpsertOrders(ctx context.Context, orders []pos.Order) error
	// OrderChanges returns up to limit orders of a store changed after cursor.
	OrderChanges(ctx context.Context, storeID string, after int64, limit int) (orders []pos.Order, cursor int64, more bool, err error)
	// SaleByID returns a sale central holds.
	SaleByID(ctx context.Context, id string) (pos.Sale, bool, error)
	// SaleByReceipt returns the sale of a device's receipt number.
	SaleByReceipt(ctx context.Context, deviceID string, number int64) (pos.Sale, bool, error)
	// ReturnedQty returns units returned per line of a sale.
	ReturnedQty(ctx context.Context, saleID string) (map[int]int64, error)
	// SetStockCount records a physical count as of at.
	SetStockCount(ctx context.Context, storeID, sku string, qty int64, at time.Time) error
	// StockLevels returns a store's on-hand per SKU.
	StockLevels(ctx context.Context, storeID string) ([]protocol.StockLevel, error)
	// Exceptions returns up to limit exceptions, oldest first.
	Exceptions(ctx context.Context, limit int) ([]Exception, error)
}

func (s *Server) omni(w http.ResponseWriter, r *http.Request) (OmniStorage, bool) {
	return backend[OmniStorage](s, w, r, "orders, stock or sale lookup")
}

func (s *Server) adminOrders(w http.ResponseWriter, r *http.Request) {
	o, ok := s.omni(w, r)
	if !ok {
		return
	}
	var c OrdersChange
	if err := protocol.DecodeJSON(r.Body, protocol.MaxBatchBytes, &c); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, ord := range c.Orders {
		if err := ord.Validate(); err != nil {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "%v", err))
			return
		}
	}
	if err := o.UpsertOrders(r.Context(), c.Orders); err != nil {
		s.fail(w, r, err)
		return
	}
	s.CatalogChanged()
	s.reply(w, r, map[string]int{"orders": len(c.Orders)})
}

func (s *Server) orders(w http.ResponseWriter, r *http.Request) {
	o, ok := s.omni(w, r)
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
	limit, err := limitParam(r, 500, 5000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orders, cur, more, err := o.OrderChanges(r.Context(), store, cursor, limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyMaybeGzip(w, r, protocol.OrdersPage{Cursor: cur, Orders: orders, More: more})
}

// saleLookup finds a sale for a return anywhere: by receipt code
// (DEVICE-NUMBER, as printed) or sale id. Any enrolled device may look.
func (s *Server) saleLookup(w http.ResponseWriter, r *http.Request) {
	o, ok := s.omni(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	var sale pos.Sale
	var found bool
	var err error
	switch code, id := strings.TrimSpace(r.URL.Query().Get("code")), r.URL.Query().Get("id"); {
	case id != "":
		sale, found, err = o.SaleByID(ctx, id)
	case code != "":
		i := strings.LastIndexByte(code, '-')
		n, perr := strconv.ParseInt(code[i+1:], 10, 64)
		if i <= 0 || perr != nil {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "%q is not a receipt code such as lane-1-000042", code))
			return
		}
		sale, found, err = o.SaleByReceipt(ctx, code[:i], n)
	default:
		s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "give code= (receipt code) or id= (sale id)"))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !found {
		s.fail(w, r, protocol.Errorf(protocol.CodeNotFound, "central holds no such sale"))
		return
	}
	returned, err := o.ReturnedQty(ctx, sale.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, r, protocol.SaleLookup{Sale: sale, Returned: returned})
}

func (s *Server) adminStock(w http.ResponseWriter, r *http.Request) {
	o, ok := s.omni(w, r)
	if !ok {
		return
	}
	var counts []protocol.StockCount
	if err := protocol.DecodeJSON(r.Body, protocol.MaxBatchBytes, &counts); err != nil {
		s.fail(w, r, err)
		return
	}
	store := r.PathValue("store")
	for _, c := range counts {
		at := c.At
		if at.IsZero() {
			at = s.clock.Now()
		}
		if c.SKU == "" || c.Qty < 0 {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "a count needs a SKU and a quantity ≥ 0"))
			return
		}
		if err := o.SetStockCount(r.Context(), store, c.SKU, c.Qty, at); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.reply(w, r, map[string]int{"counts": len(counts)})
}

func (s *Server) stock(w http.ResponseWriter, r *http.Request) {
	o, ok := s.omni(w, r)
	if !ok {
		return
	}
	store := r.PathValue("store")
	if e := mayReadStore(r, store); e != nil {
		s.fail(w, r, e)
		return
	}
	levels, err := o.StockLevels(r.Context(), store)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyMaybeGzip(w, r, levels)
}

func (s *Server) adminExceptions(w http.ResponseWriter, r *http.Request) {
	o, ok := s.omni(w, r)
	if !ok {
		return
	}
	limit, err := intParam(r, "limit", 1000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	xs, err := o.Exceptions(r.Context(), int(limit))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if xs == nil {
		xs = []Exception{}
	}
	s.reply(w, r, xs)
}
