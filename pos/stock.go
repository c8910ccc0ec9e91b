package pos

import (
	"context"
	"time"
)

// StockSnapshot is central's picture of the store's stock as the feed
// brings it: levels read at one moment, with the journal entries of each
// device they already include. Whole (Full) or the levels changed since the
// lane's last snapshot.
type StockSnapshot struct {
	// Moves and Counts are the feed position after the snapshot (opaque
	// to the lane: it sends them back).
	Moves, Counts int64
	// Full replaces the lane's whole snapshot; otherwise Levels are merged.
	Full bool
	// Heads gives per device the highest journal seq whose movements the
	// levels include: the lane adds only the movements of later entries.
	Heads map[string]int64
	// Levels of the store's SKUs.
	Levels []StockLevel
}

// StockLevel is a SKU's on-hand at central.
type StockLevel struct {
	// SKU of the product.
	SKU string
	// OnHand units (grams for weighed goods).
	OnHand int64
	// Counted is true when a physical count anchors the level; without one
	// the store's stock of the SKU is unknown.
	Counted bool
	// CountedAt is when it was last counted: movements that happened before
	// it are in the count.
	CountedAt time.Time
}

// OnHand is what the lane believes the store holds of a SKU: central's
// snapshot plus the sales, returns and pickup releases of this lane and
// its peers that central had not counted.
type OnHand struct {
	// Units on hand (grams for weighed goods); negative when oversold.
	Units int64
	// Known is false when central has no count of the SKU (or the lane no
	// snapshot yet): Units then means nothing.
	Known bool
}

// StockStore is a SyncStore that keeps central's stock snapshot.
type StockStore interface {
	// StockPosition is the feed position of the snapshot held (0, 0 at
	// first) and the peer devices whose journals the lane holds copies of.
	StockPosition(ctx context.Context) (moves, counts int64, peers []string, err error)
	// ApplyStock stores a snapshot and its position in one transaction.
	ApplyStock(ctx context.Context, s StockSnapshot) error
}

// StockView answers the lane's on-hand for products (shown in search
// results). pos/sqlite implements it.
type StockView interface {
	// OnHand returns the on-hand of each SKU asked for.
	OnHand(ctx context.Context, skus []string) (map[string]OnHand, error)
}
