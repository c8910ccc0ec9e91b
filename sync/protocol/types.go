package protocol

import (
	"encoding/json"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// Version is the protocol version; every path starts with "/" + Version.
const Version = "v1"

// Paths of the v1 API. Path values in braces are filled by the client.
const (
	// PathHealth answers GET with a Health.
	PathHealth = "/v1/health"
	// PathJournal accepts POST of a JournalBatch and answers a JournalAck.
	PathJournal = "/v1/journal"
	// PathCatalog answers GET ?cursor=&limit=&wait= with a FeedPage for a store.
	PathCatalog = "/v1/stores/{store}/catalog"
	// PathDevice answers GET ?after=&limit= with a DeviceRecord.
	PathDevice = "/v1/devices/{device}"
)

// Limits a receiver enforces.
const (
	// MaxBatchEntries is the most entries one JournalBatch may carry.
	MaxBatchEntries = 5000
	// MaxBatchBytes is the largest JournalBatch body accepted.
	MaxBatchBytes = 32 << 20
	// MaxFeedLimit is the largest catalog page a client may ask for.
	MaxFeedLimit = 10000
	// MaxWait is the longest a client may ask the feed to hold a request.
	MaxWait = 60 * time.Second
)

// JournalBatch carries consecutive entries of one device's journal up to
// central. Entries are in seq order; the first may repeat entries central
// already holds (they are acknowledged again, never stored twice).
type JournalBatch struct {
	// DeviceID owns every entry in the batch.
	DeviceID string `json:"device_id"`
	// Entries in ascending seq order, without gaps.
	Entries []pos.Event `json:"entries"`
}

// JournalAck is central's acknowledgement: it holds every entry of the
// device up to AckedSeq, contiguously, with a verified hash chain.
type JournalAck struct {
	// DeviceID the acknowledgement is for.
	DeviceID string `json:"device_id"`
	// AckedSeq is the high-water mark: the highest contiguous seq held.
	AckedSeq int64 `json:"acked_seq"`
	// AckedHash is the hash of entry AckedSeq ("" when nothing is held).
	AckedHash string `json:"acked_hash,omitempty"`
}

// FeedPage is one page of a store's catalog feed: the changes after the
// requested cursor, up to Cursor. More says another page follows at once.
type FeedPage struct {
	pos.CatalogDelta
	// More is true when changes past Cursor already exist.
	More bool `json:"more"`
}

// Health is the health endpoint's answer.
type Health struct {
	// Status is "ok" when central can reach its database.
	Status string `json:"status"`
	// Version of the protocol served.
	Version string `json:"version"`
	// Time at central.
	Time time.Time `json:"time"`
}

// DeviceRecord is what central holds for one device: its acknowledged
// high-water mark, journal entries and the sales projected from them.
type DeviceRecord struct {
	// DeviceID of the device.
	DeviceID string `json:"device_id"`
	// AckedSeq is the highest contiguous seq central holds.
	AckedSeq int64 `json:"acked_seq"`
	// EventCount is how many entries central holds for the device.
	EventCount int64 `json:"event_count"`
	// Events after the requested seq, up to the requested limit.
	Events []pos.Event `json:"events"`
	// Sales projected from the device's sale.completed entries, by receipt number.
	Sales []pos.Sale `json:"sales"`
}

// PathCatalogStream answers GET ?cursor= with the store's catalog changes
// after cursor as gzip-compressed NDJSON: one StreamLine per change, in
// cursor order, then a final line with End set.
const PathCatalogStream = "/v1/stores/{store}/catalog/stream"

// StreamLine is one line of a catalog stream.
type StreamLine struct {
	// Cursor is the change number of this line (on the end line: the
	// cursor the stream brought the lane to).
	Cursor int64 `json:"c"`
	// Product added or changed, as raw pos.Product JSON.
	Product json.RawMessage `json:"p,omitempty"`
	// Removed is the SKU of a withdrawn product.
	Removed string `json:"r,omitempty"`
	// Extras carries the store's prices, tax classes and promotions: every
	// one that applies to the store, on one line just before the end.
	Extras *pos.CatalogDelta `json:"x,omitempty"`
	// End marks the last line; a stream without it was cut.
	End bool `json:"end,omitempty"`
}

// PathEnroll accepts POST of an EnrollRequest and answers an EnrollResult.
const PathEnroll = "/v1/enroll"

// EnrollRequest trades a one-time, store-scoped token for a device credential.
type EnrollRequest struct {
	// Token is the one-time enrollment token staff were given.
	Token string `json:"token"`
	// DeviceID the device will use; new, or revoked earlier.
	DeviceID string `json:"device_id"`
}

// EnrollResult is the device's own credential.
type EnrollResult struct {
	// DeviceID enrolled.
	DeviceID string `json:"device_id"`
	// StoreID the token belonged to; the device reads only this store's feed.
	StoreID string `json:"store_id"`
	// Credential is the device's bearer secret; central keeps only its hash.
	Credential string `json:"credential"`
}

// EnrollToken is a one-time token issued by an administrator.
type EnrollToken struct {
	// Token to give to the device (once).
	Token string `json:"token"`
	// StoreID the token enrolls into.
	StoreID string `json:"store_id"`
	// ExpiresAt is when the token stops working.
	ExpiresAt time.Time `json:"expires_at"`
	// Fingerprint of central's TLS certificate, for the device to pin.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// Paths for the omnichannel side: online orders to pick up, stock, sale lookup.
const (
	// PathOrders answers GET ?cursor=&limit= with an OrdersPage for a store.
	PathOrders = "/v1/stores/{store}/orders"
	// PathStock answers GET with the store's []StockLevel.
	PathStock = "/v1/stores/{store}/stock"
	// PathSaleLookup answers GET ?code=RECEIPT or ?id=SALE with a SaleLookup.
	PathSaleLookup = "/v1/sales/lookup"
)

// OrdersPage is one page of a store's online orders changed after a cursor.
type OrdersPage struct {
	// Cursor after the page.
	Cursor int64 `json:"cursor"`
	// Orders changed (in full, replacing the lane's copies).
	Orders []pos.Order `json:"orders"`
	// More is true when more changes exist now.
	More bool `json:"more"`
}

// SaleLookup is a sale found at central for a return anywhere, with the
// units already returned per line at any lane.
type SaleLookup struct {
	// Sale as rung.
	Sale pos.Sale `json:"sale"`
	// Returned units per line number.
	Returned map[int]int64 `json:"returned"`
}

// StockLevel is a SKU's on-hand at a store as central knows it.
type StockLevel struct {
	// SKU of the product.
	SKU string `json:"sku"`
	// OnHand units (grams for weighed goods).
	OnHand int64 `json:"on_hand"`
	// Counted is true when a physical count anchors the level.
	Counted bool `json:"counted"`
	// CountedAt is when the last count was taken (zero when never counted):
	// movements that happened before it are in the count already.
	CountedAt time.Time `json:"counted_at,omitzero"`
}

// StockCount is a physical count of a SKU at a store.
type StockCount struct {
	// SKU counted.
	SKU string `json:"sku"`
	// Qty found.
	Qty int64 `json:"qty"`
	// At is when it was counted (default: now).
	At time.Time `json:"at,omitzero"`
}
