package pos

import (
	"context"
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
}

// SyncStatusSource reports sync status; the sync agent implements it.
type SyncStatusSource interface {
	SyncStatus() SyncStatus
}
