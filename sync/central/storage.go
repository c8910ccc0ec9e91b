package central

import (
	"context"
	"iter"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// Storage is central's database. A Storage that also implements
// AuthStorage supports enrollment and device credentials. Implementations must make IngestTx a
// serialisable write transaction per device: two IngestTx calls for the
// same device never interleave.
type Storage interface {
	// IngestTx runs fn in one write transaction for device's journal and
	// commits when fn returns nil.
	IngestTx(ctx context.Context, deviceID string, fn func(JournalTx) error) error
	// DeviceHead returns the last entry held for device (ok false if none).
	DeviceHead(ctx context.Context, deviceID string) (last pos.Event, ok bool, err error)
	// DeviceEvents returns up to limit entries with seq > after, in order.
	DeviceEvents(ctx context.Context, deviceID string, after int64, limit int) ([]pos.Event, error)
	// DeviceEventCount counts entries held for device.
	DeviceEventCount(ctx context.Context, deviceID string) (int64, error)
	// DeviceSales returns up to limit sales projected from device's journal, by number.
	DeviceSales(ctx context.Context, deviceID string, limit int) ([]pos.Sale, error)

	// UpsertProducts adds or replaces products and returns the feed cursor after them.
	UpsertProducts(ctx context.Context, products []pos.Product) (int64, error)
	// ImportProducts upserts a stream of products in one transaction; an
	// error from the stream rolls everything back.
	ImportProducts(ctx context.Context, products iter.Seq2[pos.Product, error]) (int64, error)
	// RemoveProducts withdraws SKUs from the catalog and returns the feed cursor after them.
	RemoveProducts(ctx context.Context, skus []string) (int64, error)
	// CatalogChanges returns up to limit changes after cursor, in cursor order.
	CatalogChanges(ctx context.Context, after int64, limit int) (protocol.FeedPage, error)
	// CatalogStream calls fn for every change after cursor, in cursor order,
	// from one consistent snapshot; body is the product's JSON (nil when removed).
	CatalogStream(ctx context.Context, after int64, fn func(seq int64, sku string, body []byte) error) error
	// CatalogCursor is the latest feed position.
	CatalogCursor(ctx context.Context) (int64, error)
	// ProductCount counts live products.
	ProductCount(ctx context.Context) (int64, error)

	// EnsureStore records a store if it is new.
	EnsureStore(ctx context.Context, storeID string) error
	// StoreExists reports whether a store is known.
	StoreExists(ctx context.Context, storeID string) (bool, error)

	// Ping checks the database answers.
	Ping(ctx context.Context) error
	// Close releases the database.
	Close() error
}

// JournalTx is the view of one device's journal inside an ingest transaction.
type JournalTx interface {
	// Last returns the device's last entry held (ok false if none).
	Last(ctx context.Context) (last pos.Event, ok bool, err error)
	// At returns the entry held at seq (ok false if none).
	At(ctx context.Context, seq int64) (ev pos.Event, ok bool, err error)
	// Append stores a verified entry.
	Append(ctx context.Context, ev pos.Event) error
	// ProjectSale records sale s, decoded from entry e's payload, once per
	// sale id; it returns false when the sale id is already recorded.
	ProjectSale(ctx context.Context, s pos.Sale, e pos.Event) (bool, error)
	// Exception records something staff must look at.
	Exception(ctx context.Context, x Exception) error
}

// Exception is a fact central could not apply cleanly and lists for staff.
type Exception struct {
	// Kind names the problem, e.g. "bad_sale_payload", "duplicate_sale".
	Kind string `json:"kind"`
	// DeviceID and Seq of the journal entry that raised it.
	DeviceID string `json:"device_id"`
	// Seq of the entry.
	Seq int64 `json:"seq"`
	// Ref is the business id involved (a sale id, a SKU…).
	Ref string `json:"ref,omitempty"`
	// Detail explains it.
	Detail string `json:"detail"`
}
