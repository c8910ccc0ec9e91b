package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/protocol"
)

// Agent syncs one lane with central. Its methods are safe for concurrent use.
type Agent struct {
	cfg   Config
	store pos.SyncStore
	c     *client.Client
	clock pos.Clock
	log   *slog.Logger
	wake  chan struct{}
	st    status

	mu sync.Mutex
	// resendFrom, when > 0, is central's own high-water mark after it
	// reported holding less than the lane's recorded acknowledgement (a
	// restored central); pushing restarts there.
	resendFrom int64
	hasResend  bool
	// ordersCursor is the orders feed position when the store cannot keep it.
	ordersCursor int64
}

// New returns an agent syncing store with central through hc.
func New(cfg Config, store pos.SyncStore, hc *http.Client, clock pos.Clock, log *slog.Logger) (*Agent, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64
	}
	c, err := client.New(cfg.CentralURL, hc, cfg.Credential)
	if err != nil {
		return nil, fmt.Errorf("agent: %w", err)
	}
	return &Agent{cfg: cfg, store: store, c: c, clock: clock, log: log, wake: make(chan struct{}, 1)}, nil
}

// SyncStatus implements pos.SyncStatusSource. It never does I/O.
func (a *Agent) SyncStatus() pos.SyncStatus {
	st := a.st.get()
	st.Lag = a.Lag(a.clock.Now())
	return st
}

// Wake asks the agent to push now (after a sale). It never blocks.
func (a *Agent) Wake() {
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

// Run pushes and pulls until ctx ends, then returns ctx's error.
func (a *Agent) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a.pushLoop(ctx) }()
	go func() { defer wg.Done(); a.pullLoop(ctx) }()
	wg.Wait()
	return ctx.Err()
}

// sleep waits d or until ctx ends; a wake cuts it short when wakeable.
func (a *Agent) sleep(ctx context.Context, d time.Duration, wakeable bool) {
	t := time.NewTimer(d)
	defer t.Stop()
	var wake <-chan struct{}
	if wakeable {
		wake = a.wake
	}
	select {
	case <-ctx.Done():
	case <-t.C:
	case <-wake:
	}
}

func (a *Agent) pushLoop(ctx context.Context) {
	b := backoff{min: a.cfg.MinBackoff, max: a.cfg.MaxBackoff, jitter: a.cfg.Jitter}
	for ctx.Err() == nil {
		_, err := a.Push(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			d := b.next()
			a.log.Warn("journal push failed; retrying", "in", d.Round(time.Millisecond), "err", err)
			a.sleep(ctx, d, !protocol.IsChainError(err))
		default:
			b.reset()
			a.sleep(ctx, a.cfg.Interval, true)
		}
	}
}

func (a *Agent) pullLoop(ctx context.Context) {
	b := backoff{min: a.cfg.MinBackoff, max: a.cfg.MaxBackoff, jitter: a.cfg.Jitter}
	for ctx.Err() == nil {
		wait := a.cfg.LongPoll
		if wait < 0 {
			wait = 0
		}
		_, err := a.pull(ctx, wait)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			d := b.next()
			a.log.Warn("catalog pull failed; retrying", "in", d.Round(time.Millisecond), "err", err)
			a.sleep(ctx, d, false)
		default:
			b.reset()
			if wait == 0 {
				a.sleep(ctx, a.cfg.Interval, false)
			}
		}
	}
}

// refreshPending recomputes the count of entries central has not acknowledged.
func (a *Agent) refreshPending(ctx context.Context) (acked, last int64, err error) {
	if acked, err = a.store.AckedSeq(ctx); err != nil {
		return 0, 0, fmt.Errorf("read acked seq: %w", err)
	}
	ev, err := a.store.LastEvent(ctx)
	switch {
	case pos.IsNotFound(err):
		last = 0
	case err != nil:
		return 0, 0, fmt.Errorf("read last journal entry: %w", err)
	default:
		last = ev.Seq
	}
	a.st.setPending(max(0, last-acked))
	var oldest time.Time
	if last > acked {
		if es, err := a.store.EventsAfter(ctx, acked, 1); err == nil && len(es) == 1 {
			oldest = es[0].At
		}
	}
	a.st.setOldest(oldest)
	return acked, last, nil
}

// Push sends every entry central has not acknowledged, batch by batch,
// recording each acknowledgement. It returns the high-water mark reached.
func (a *Agent) Push(ctx context.Context) (int64, error) {
	acked, last, err := a.refreshPending(ctx)
	if err != nil {
		return 0, err
	}
	from := acked
	a.mu.Lock()
	if a.hasResend && a.resendFrom < from {
		from = a.resendFrom
	}
	a.mu.Unlock()
	for from < last {
		entries, err := a.store.EventsAfter(ctx, from, a.cfg.BatchSize)
		if err != nil {
			return acked, fmt.Errorf("read journal after %d: %w", from, err)
		}
		if len(entries) == 0 {
			break
		}
		rctx, cancel := context.WithTimeout(ctx, a.cfg.RequestTimeout)
		ack, err := a.c.PushBatch(rctx, protocol.JournalBatch{DeviceID: a.cfg.DeviceID, Entries: entries})
		cancel()
		if err != nil {
			a.st.failed(a.clock.Now(), err)
			var pe *protocol.Error
			if errors.As(err, &pe) && pe.Code == protocol.CodeChainGap && pe.AckedSeq < from {
				// Central holds less than we were told; start again from what it has.
				a.mu.Lock()
				a.resendFrom, a.hasResend = pe.AckedSeq, true
				a.mu.Unlock()
				a.log.Warn("central holds less than it acknowledged; re-sending", "from", pe.AckedSeq, "acked", acked)
			}
			return acked, fmt.Errorf("push entries %d-%d: %w", entries[0].Seq, entries[len(entries)-1].Seq, err)
		}
		a.st.succeeded(a.clock.Now())
		if ack.AckedSeq > acked {
			if err := a.store.SetAckedSeq(ctx, ack.AckedSeq); err != nil {
				return acked, fmt.Errorf("record ack %d: %w", ack.AckedSeq, err)
			}
			acked = ack.AckedSeq
		}
		if ack.AckedSeq <= from {
			return acked, fmt.Errorf("central acknowledged %d after a batch from %d: no progress", ack.AckedSeq, from+1)
		}
		from = ack.AckedSeq
		a.mu.Lock()
		if a.hasResend && from >= acked {
			a.hasResend = false
		}
		a.mu.Unlock()
		a.st.setPending(max(0, last-acked))
	}
	if _, _, err := a.refreshPending(ctx); err != nil {
		return acked, err
	}
	return acked, nil
}

// Pull brings the lane's catalog to central's cursor: a streamed bootstrap
// for a fresh lane, then pages of changes. It returns the cursor reached.
func (a *Agent) Pull(ctx context.Context) (int64, error) { return a.pull(ctx, 0) }

// pull reads pages, the first one long-polled for wait. A fresh lane
// (cursor 0) streams the catalog first.
func (a *Agent) pull(ctx context.Context, wait time.Duration) (int64, error) {
	if cursor, err := a.store.CatalogCursor(ctx); err != nil {
		return 0, fmt.Errorf("read catalog cursor: %w", err)
	} else if cursor == 0 {
		got, err := a.Bootstrap(ctx)
		if err != nil {
			return 0, err
		}
		if got > 0 {
			wait = 0 // catch up at once; an empty catalog keeps the long-poll
		}
	}
	for {
		cursor, err := a.store.CatalogCursor(ctx)
		if err != nil {
			return 0, fmt.Errorf("read catalog cursor: %w", err)
		}
		rctx, cancel := context.WithTimeout(ctx, a.cfg.RequestTimeout+wait)
		page, err := a.c.Feed(rctx, a.cfg.StoreID, cursor, a.cfg.PageSize, wait)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				a.st.failed(a.clock.Now(), err)
			}
			return cursor, fmt.Errorf("catalog feed after %d: %w", cursor, err)
		}
		a.st.succeeded(a.clock.Now())
		if page.Cursor > cursor || len(page.Products) > 0 || len(page.Removed) > 0 {
			if err := a.store.ApplyCatalog(ctx, page.CatalogDelta); err != nil {
				return cursor, fmt.Errorf("apply catalog to %d: %w", page.Cursor, err)
			}
			a.log.Debug("catalog applied", "cursor", page.Cursor, "products", len(page.Products), "removed", len(page.Removed))
		}
		if !page.More {
			if err := a.PullOrders(ctx); err != nil {
				a.st.failed(a.clock.Now(), err)
				return page.Cursor, err
			}
			if err := a.PullStock(ctx); err != nil {
				a.st.failed(a.clock.Now(), err)
				return page.Cursor, err
			}
			if err := a.PullLedgers(ctx); err != nil {
				a.st.failed(a.clock.Now(), err)
				return page.Cursor, err
			}
			if err := a.PullCustomers(ctx); err != nil {
				a.st.failed(a.clock.Now(), err)
				return page.Cursor, err
			}
			return page.Cursor, nil
		}
		wait = 0
	}
}
