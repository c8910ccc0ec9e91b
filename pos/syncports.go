package pos

import (
	"context"
	"encoding/json"
	"time"
)

// CatalogDelta is a batch of catalog changes from central, applied
// atomically together with the feed cursor it brings the lane to.
type CatalogDelta struct {
	// Cursor is the feed position after this delta.
	Cursor int64 `json:"cursor"`
	// Products added or changed (replacing their barcodes).
	Products []Product `json:"products,omitempty"`
	// Removed SKUs.
	Removed []string `json:"removed,omitempty"`
	// Prices are store prices with validity windows, added or replaced by
	// (SKU, ValidFrom). A product's own Price applies when none is valid.
	Prices []StorePrice `json:"prices,omitempty"`
	// TaxClasses set the rate of tax classes (products name theirs in
	// Product.TaxClass).
	TaxClasses []TaxClass `json:"tax_classes,omitempty"`
	// Promotions, when present, replace the whole set of promotions in
	// force or scheduled at the store: a JSON array in pos/promo's form (see
	// pos/promo/README.md), amounts in the store currency. [] removes them
	// all; absent (null) leaves them as they are.
	Promotions json.RawMessage `json:"promotions,omitempty"`
}

// StorePrice is a product's price at the store from ValidFrom (included) to
// ValidTo (excluded; zero: open-ended). Where windows overlap, the one that
// started last wins.
type StorePrice struct {
	// SKU of the product.
	SKU string `json:"sku"`
	// Price in minor units, as Product.Price.
	Price Money `json:"price"`
	// ValidFrom is when the price starts.
	ValidFrom time.Time `json:"valid_from"`
	// ValidTo is when it ends; zero for never.
	ValidTo time.Time `json:"valid_to,omitzero"`
}

// TaxClass names a tax rate ("general" 21 %, "reducido" 10 %,
// "superreducido" 4 %) so a rate change touches one row, not every product.
type TaxClass struct {
	// Class id as products name it.
	Class string `json:"class"`
	// Rate in basis points.
	Rate int `json:"rate"`
}

// SyncStore is what the sync agent needs from a lane's local store.
type SyncStore interface {
	Journal
	// AckedSeq is the highest journal seq central has acknowledged.
	AckedSeq(ctx context.Context) (int64, error)
	// SetAckedSeq records central's acknowledgement (it never goes down).
	SetAckedSeq(ctx context.Context, seq int64) error
	// CatalogCursor is the feed position the local catalog is at.
	CatalogCursor(ctx context.Context) (int64, error)
	// ApplyCatalog applies a delta and its cursor in one transaction.
	ApplyCatalog(ctx context.Context, d CatalogDelta) error
}

// SyncStatus is what the lane shows about sync: online or not, events
// waiting to reach central, and when sync last succeeded.
type SyncStatus struct {
	// Online is true when the last exchange with central succeeded.
	Online bool
	// Pending counts journal events central has not acknowledged.
	Pending int64
	// LastSuccess is when central last answered.
	LastSuccess time.Time
	// LastError of the last failed exchange.
	LastError string
	// Lag is how long the oldest unacknowledged event has waited (0 when
	// nothing is pending).
	Lag time.Duration
}

// SyncStatusSource reports sync status; the sync agent implements it.
type SyncStatusSource interface {
	SyncStatus() SyncStatus
}

// CatalogBulkLoader is a SyncStore that loads a whole catalog faster when
// told it is one bulk load (a fresh lane's bootstrap): the name search
// index is rebuilt once at the end instead of row by row.
type CatalogBulkLoader interface {
	// BeginCatalogBulk starts the bulk load.
	BeginCatalogBulk(ctx context.Context) error
	// EndCatalogBulk finishes it; call it even when the load failed.
	EndCatalogBulk(ctx context.Context) error
}

// OrdersCursorStore is a SyncStore that keeps the position in central's
// online-orders feed, so a restarted lane asks only for orders changed
// since (without it the agent keeps the position in memory).
type OrdersCursorStore interface {
	// OrdersCursor is the orders feed position reached (0 at first).
	OrdersCursor(ctx context.Context) (int64, error)
	// SetOrdersCursor records a position after its orders were stored; it
	// never moves back.
	SetOrdersCursor(ctx context.Context, cursor int64) error
}
