package pos

import (
	"context"
	"time"
)

// Catalog finds products. Implemented by the local store.
type Catalog interface {
	// ProductByCode returns the product stored under any of keys (see
	// LookupKeys), or an ENOTFOUND error.
	ProductByCode(ctx context.Context, keys []string) (Product, error)
	// SearchProducts finds products by name, best first.
	SearchProducts(ctx context.Context, query string, limit int) ([]Product, error)
}

// PricedCatalog finds products with the price and tax rate valid at a
// moment (prices per store with validity windows, tax classes). The lane
// uses it, with its clock, when the store implements it.
type PricedCatalog interface {
	// ProductByCodeAt is ProductByCode with the price valid at at.
	ProductByCodeAt(ctx context.Context, keys []string, at time.Time) (Product, error)
}

// SaleStore records sales. Implemented by the local store.
type SaleStore interface {
	// CommitSale writes the sale, its tenders, a receipt job and its journal
	// event in one transaction. It assigns s.Number and returns the event.
	CommitSale(ctx context.Context, s *Sale, ev Event) (Event, error)
	// SaleByID returns a sale recorded at this device.
	SaleByID(ctx context.Context, id string) (Sale, error)
}

// Journal is the device's append-only, hash-chained event log.
type Journal interface {
	// AppendEvent seals ev after the journal's last entry and stores it.
	AppendEvent(ctx context.Context, ev Event) (Event, error)
	// EventsAfter returns up to limit entries with seq > after, in order.
	EventsAfter(ctx context.Context, after int64, limit int) ([]Event, error)
	// LastEvent returns the last entry, or ENOTFOUND on an empty journal.
	LastEvent(ctx context.Context) (Event, error)
	// VerifyJournal checks the whole chain; a broken chain is a *ChainError.
	VerifyJournal(ctx context.Context) (int64, error)
}

// ReceiptJob is a receipt waiting to be printed.
type ReceiptJob struct {
	// ID of the job.
	ID int64
	// SaleID the receipt is for.
	SaleID string
	// Copy marks a reprint.
	Copy bool
	// Attempts made so far.
	Attempts int
	// LastError of the last attempt.
	LastError string
}

// ReceiptJobs is the durable queue of receipts to print.
type ReceiptJobs interface {
	// PendingReceiptJobs returns unprinted jobs, oldest first.
	PendingReceiptJobs(ctx context.Context, limit int) ([]ReceiptJob, error)
	// FinishReceiptJob marks a job printed (printErr nil) or records a failed attempt.
	FinishReceiptJob(ctx context.Context, id int64, printErr error) error
	// AddReceiptJob queues a reprint of a sale.
	AddReceiptJob(ctx context.Context, saleID string, copy bool) error
}

// Store is everything the lane needs from its local database.
type Store interface {
	Catalog
	SaleStore
	Journal
	ReceiptJobs
	OperatorStore
	ShiftStore
	ReturnStore
	OrderStore
}

// ReceiptPrinter prints receipts. cmd adapts a devices printer to it.
type ReceiptPrinter interface {
	// PrintReceipt prints r or returns why it could not.
	PrintReceipt(ctx context.Context, r Receipt) error
}
