package pos

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// ReceiptQueue prints queued receipts in the background, retrying failed
// jobs with backoff until the printer recovers. A sale never waits on it.
type ReceiptQueue struct {
	jobs    ReceiptJobs
	sales   SaleStore
	printer ReceiptPrinter
	store   StoreInfo
	log     *slog.Logger
	wake    chan struct{}

	slips func(ctx context.Context, saleID string) ([]CardPayment, error)
	// merchantCopy prints the terminal's merchant copy after the receipt.
	merchantCopy bool
	// waiting remembers when a job was first held back for its card slips.
	waiting map[int64]time.Time
	holding bool // a job is waiting for its card slips: look again soon

	mu      sync.Mutex
	pending int
	lastErr string
}

// WithCardSlips makes sale receipts carry the card terminal's customer copy
// of each card payment on the sale and, when merchantCopy is set (the
// terminal profile says the lane prints it), print the merchant copy on its
// own after the receipt. Call it before Run.
func (q *ReceiptQueue) WithCardSlips(cards *CardPayments, merchantCopy bool) {
	q.slips, q.merchantCopy = cards.CardSlips, merchantCopy
}

// NewReceiptQueue returns a queue that prints with printer.
func NewReceiptQueue(store Store, printer ReceiptPrinter, info StoreInfo, log *slog.Logger) *ReceiptQueue {
	return &ReceiptQueue{jobs: store, sales: store, printer: printer, store: info, log: log, wake: make(chan struct{}, 1)}
}

// Wake tells the queue there is work.
func (q *ReceiptQueue) Wake() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Status returns the number of receipts waiting and the last print error
// ("" when the last attempt succeeded).
func (q *ReceiptQueue) Status() (pending int, lastErr string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.pending, q.lastErr
}

// Run prints until ctx ends.
func (q *ReceiptQueue) Run(ctx context.Context) {
	backoff := time.Second
	for {
		q.holding = false
		failed := q.drain(ctx)
		wait := time.Hour
		if q.holding {
			wait = 100 * time.Millisecond
		} else if failed {
			wait = backoff
			backoff = min(backoff*2, 30*time.Second)
		} else {
			backoff = time.Second
		}
		select {
		case <-ctx.Done():
			return
		case <-q.wake:
		case <-time.After(wait):
		}
	}
}

// drain prints every pending job; it reports whether one failed.
func (q *ReceiptQueue) drain(ctx context.Context) bool {
	jobs, err := q.jobs.PendingReceiptJobs(ctx, 100)
	if err != nil {
		q.log.Error("receipt queue", "err", err)
		return true
	}
	q.setStatus(len(jobs), "")
	for i, j := range jobs {
		s, err := q.sales.SaleByID(ctx, j.SaleID)
		if err != nil {
			q.log.Error("receipt for unknown sale", "sale", j.SaleID, "err", err)
			_ = q.jobs.FinishReceiptJob(ctx, j.ID, err)
			return true
		}
		r := BuildReceipt(q.store, s, j.Copy)
		var slips []CardPayment
		if q.slips != nil {
			var err error
			slips, err = q.slips(ctx, s.ID)
			if err != nil {
				q.log.Error("card slips for receipt", "sale", s.ID, "err", err)
			}
			if len(slips) < cardTenders(s) && q.holdForSlips(j.ID) {
				// The card payment is recorded on the sale a moment after
				// the sale commits: print once its slip is there.
				q.holding = true
				return false
			}
			r = WithCustomerSlips(r, slips)
		}
		if s.NoReceipt && !j.Copy {
			// The customer declined the receipt: nothing to print but the
			// merchant's copy of a card slip, if the lane keeps it.
			if err := q.jobs.FinishReceiptJob(ctx, j.ID, nil); err != nil {
				q.log.Error("receipt job", "job", j.ID, "err", err)
			}
			q.log.Info("no receipt printed: the customer declined it", "sale", s.ID)
			if q.merchantCopy {
				q.printMerchantCopies(ctx, s, slips)
			}
			q.setStatus(len(jobs)-i-1, "")
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		perr := q.printer.PrintReceipt(pctx, r)
		cancel()
		if err := q.jobs.FinishReceiptJob(ctx, j.ID, perr); err != nil {
			q.log.Error("receipt job", "job", j.ID, "err", err)
		}
		if perr == nil && q.merchantCopy && !j.Copy {
			q.printMerchantCopies(ctx, s, slips)
		}
		if perr != nil {
			q.log.Warn("receipt not printed; will retry", "sale", s.ID, "err", perr)
			q.setStatus(len(jobs)-i, perr.Error())
			return true
		}
		q.setStatus(len(jobs)-i-1, "")
	}
	return false
}

func (q *ReceiptQueue) setStatus(pending int, lastErr string) {
	q.mu.Lock()
	q.pending, q.lastErr = pending, lastErr
	q.mu.Unlock()
}

// slipWait is how long a card sale's receipt waits for the terminal's slip
// before it prints without it.
const slipWait = 3 * time.Second

// holdForSlips reports whether job id should wait a little longer for its
// card slips.
func (q *ReceiptQueue) holdForSlips(id int64) bool {
	if q.waiting == nil {
		q.waiting = map[int64]time.Time{}
	}
	first, ok := q.waiting[id]
	if !ok {
		q.waiting[id] = time.Now()
		return true
	}
	if time.Since(first) < slipWait {
		return true
	}
	delete(q.waiting, id)
	return false
}

func cardTenders(s Sale) int {
	n := 0
	for _, t := range s.Tenders {
		if t.Method == TenderCard && t.Ref != "" {
			n++
		}
	}
	return n
}

// printMerchantCopies prints the terminal's merchant copy of each card
// payment as a receipt of its own. A failure is logged: the slip's lines are
// kept with the card payment and print again with a reprint.
func (q *ReceiptQueue) printMerchantCopies(ctx context.Context, s Sale, slips []CardPayment) {
	for _, p := range slips {
		if len(p.Result.MerchantReceipt) == 0 {
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := q.printer.PrintReceipt(pctx, MerchantSlip(q.store, p))
		cancel()
		if err != nil {
			q.log.Warn("merchant copy not printed", "sale", s.ID, "payment", p.ID, "err", err)
		}
	}
}
