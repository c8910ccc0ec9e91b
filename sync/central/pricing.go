package central

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/promo"
	"github.com/omnilane/omnilane/sync/protocol"
)

// PathAdminPricing accepts POST of a PricingChange for a store.
const PathAdminPricing = "/v1/admin/stores/{store}/pricing"

// PricingChange sets store prices with validity windows, tax classes
// (chain-wide) and, when Promotions is present, the store's whole set of
// promotions (pos/promo's JSON form; [] removes them all).
type PricingChange struct {
	// Prices to add or replace, by (SKU, ValidFrom).
	Prices []pos.StorePrice `json:"prices,omitempty"`
	// TaxClasses to add or replace, by class.
	TaxClasses []pos.TaxClass `json:"tax_classes,omitempty"`
	// Promotions replaces the store's promotions when present.
	Promotions json.RawMessage `json:"promotions,omitempty"`
}

// StoreFeed is a Storage whose feed carries per-store prices, tax classes
// and promotions beside products, in one cursor order.
type StoreFeed interface {
	// StoreCatalogChanges is CatalogChanges for one store.
	StoreCatalogChanges(ctx context.Context, storeID string, after int64, limit int) (protocol.FeedPage, error)
	// StoreExtras returns every price, tax class and promotion set that
	// applies to a store and the highest change number among them.
	StoreExtras(ctx context.Context, storeID string) (pos.CatalogDelta, int64, error)
	// PutFeedExtras records prices, tax classes and a promotion set as changes.
	PutFeedExtras(ctx context.Context, storeID string, prices []pos.StorePrice, taxes []pos.TaxClass, promotions json.RawMessage) (int64, error)
}

func (s *Server) adminPricing(w http.ResponseWriter, r *http.Request) {
	sf, ok := backend[StoreFeed](s, w, r, "store prices or promotions")
	if !ok {
		return
	}
	var c PricingChange
	if err := protocol.DecodeJSON(r.Body, protocol.MaxBatchBytes, &c); err != nil {
		s.fail(w, r, err)
		return
	}
	store := r.PathValue("store")
	for _, p := range c.Prices {
		if p.SKU == "" || p.Price < 0 || p.ValidFrom.IsZero() || (!p.ValidTo.IsZero() && !p.ValidTo.After(p.ValidFrom)) {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "price for %q needs a SKU, a price ≥ 0, valid_from, and valid_to after it", p.SKU))
			return
		}
	}
	for _, t := range c.TaxClasses {
		if t.Class == "" || t.Rate < 0 || t.Rate > 10000 {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "tax class %q needs a name and a rate in 0..10000 basis points", t.Class))
			return
		}
	}
	if c.Promotions != nil {
		if _, err := promo.Parse(c.Promotions, pos.EUR); err != nil {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "promotions: %v", err))
			return
		}
	}
	if err := s.st.EnsureStore(r.Context(), store); err != nil {
		s.fail(w, r, err)
		return
	}
	cur, err := sf.PutFeedExtras(r.Context(), store, c.Prices, c.TaxClasses, c.Promotions)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.CatalogChanged()
	s.reply(w, r, ProductChangeResult{Cursor: cur})
}
