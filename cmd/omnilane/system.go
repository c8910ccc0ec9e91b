package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/omnilane/omnilane/cmd/omnilane/internal/adapt"
	"github.com/omnilane/omnilane/cmd/omnilane/internal/peerwire"
	"github.com/omnilane/omnilane/devices"
	"github.com/omnilane/omnilane/devices/display"
	"github.com/omnilane/omnilane/devices/manager"
	"github.com/omnilane/omnilane/devices/printer"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
	"github.com/omnilane/omnilane/sync/agent"
)

// system is one lane assembled: store, lane service, receipt queue, printer
// and sync agent, with their background loops running until close.
type system struct {
	cfg     config
	info    pos.StoreInfo
	log     *slog.Logger
	db      *sqlite.DB
	lane    *pos.Lane
	queue   *pos.ReceiptQueue
	printer *printer.Printer
	// printerName says which printer, for staff.
	printerName string
	display     *display.Display
	// scale weighs produce (nil without one configured).
	scale   pos.Scale
	bus     *devices.Bus
	devs    *manager.Manager
	catalog *profile.Catalog
	agent   *agent.Agent
	cards   *pos.CardPayments
	peers   *peerwire.Peering

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// wakingStore wakes the sync agent after each write to the journal, so a
// sale reaches central at once instead of at the next interval.
type wakingStore struct {
	*sqlite.DB
	wake  func()
	peers *peerwire.Peering
}

// ReturnedQty counts units returned at this lane and, from the peer copies,
// at the store's other lanes.
func (s wakingStore) ReturnedQty(ctx context.Context, saleID string) (map[int]int64, error) {
	return s.peers.ReturnedQty(ctx, saleID)
}

func (s wakingStore) CommitSale(ctx context.Context, sale *pos.Sale, ev pos.Event) (pos.Event, error) {
	out, err := s.DB.CommitSale(ctx, sale, ev)
	if err == nil {
		s.wake()
	}
	return out, err
}

func (s wakingStore) AppendEvent(ctx context.Context, ev pos.Event) (pos.Event, error) {
	out, err := s.DB.AppendEvent(ctx, ev)
	if err == nil {
		s.wake()
	}
	return out, err
}

// startSystem opens and starts everything the configuration names. A missing
// printer or an unreachable central does not stop the lane: it sells and says so.
func startSystem(ctx context.Context, cfg config, log *slog.Logger) (*system, error) {
	info, err := cfg.storeInfo()
	if err != nil {
		return nil, err
	}
	db, err := sqlite.Open(ctx, cfg.DB, cfg.Device, log)
	if err != nil {
		return nil, err
	}
	s := &system{cfg: cfg, info: info, log: log, db: db}
	link, err := cfg.central()
	if err != nil {
		db.Close()
		return nil, err
	}
	s.peers, err = peerwire.Start(ctx, cfg.Peers, peerwire.Lane{DeviceID: cfg.Device, StoreID: cfg.Store,
		CentralURL: link.URL, Credential: link.Credential, HTTPClient: link.Client}, db, log)
	if err != nil {
		db.Close()
		return nil, err
	}
	wake := func() {}
	if link.URL != "" {
		s.agent, err = agent.New(agent.Config{CentralURL: link.URL, DeviceID: cfg.Device, StoreID: cfg.Store, Credential: link.Credential}, db, link.Client, pos.SystemClock{}, log)
		if err != nil {
			s.peers.Stop()
			db.Close()
			return nil, fmt.Errorf("sync agent: %w", err)
		}
		wake = s.agent.Wake
		log.Info("device loaded", "class", "sync", "central", link.URL, "enrolled", link.Credential != "")
	} else {
		log.Warn("device skipped", "class", "sync", "reason", "no -central: the lane runs standalone")
	}
	store := wakingStore{DB: db, wake: wake, peers: s.peers}
	bg, cancel := context.WithCancel(ctx)
	s.cancel = cancel
	if err := s.startDevices(bg); err != nil {
		cancel()
		db.Close()
		return nil, err
	}
	if s.printer != nil {
		s.queue = pos.NewReceiptQueue(store, adapt.ReceiptPrinter{Printer: s.printer}, info, log)
	} else {
		log.Warn("device skipped", "class", "printer", "reason", "no receipt printer configured: receipts wait in the queue")
	}
	rules, err := cfg.embeddedRules()
	if err != nil {
		s.close()
		return nil, err
	}
	lc := pos.LaneConfig{DeviceID: cfg.Device, Store: info, Embedded: rules, Access: pos.AccessPolicy{IdleSignOut: cfg.IdleSignOut}}
	if s.printer != nil {
		lc.ReportPrinter = adapt.ReceiptPrinter{Printer: s.printer}
		lc.Drawer = adapt.Drawer{Printer: s.printer}
	}
	s.lane = pos.NewLane(lc, store, pos.SystemClock{}, s.queue, log)
	if err := s.lane.Start(ctx); err != nil {
		// The lane still comes up so staff see why it will not sell.
		log.Error("lane not ready", "err", err)
	}
	if cfg.Card.Addr != "" {
		tp, err := s.catalog.Terminal(cfg.Card.Profile)
		if err != nil {
			s.close()
			return nil, fmt.Errorf("-terminal-profile: %w", err)
		}
		cfg.Card.Offline.Supported = cfg.Card.Offline.Supported || tp.StoreAndForward
		s.cards = cfg.Card.Service(cfg.Device, db, pos.SystemClock{}, log)
		if s.queue != nil {
			s.queue.WithCardSlips(s.cards, tp.LanePrintsMerchantCopy)
		}
		log.Info("device loaded", "class", "terminal", "address", cfg.Card.Addr, "poi", cfg.Card.POIID)
		// A payment left in flight by a crash is resolved by asking the
		// terminal, before anyone sells.
		if rec, err := s.lane.RecoverCardPayments(ctx, s.cards); err != nil {
			log.Error("card payments not recovered yet; the lane asks again at the next start", "err", err)
		} else if len(rec) > 0 {
			log.Warn("card payments recovered", "count", len(rec))
		}
	} else {
		log.Warn("device skipped", "class", "terminal", "reason", "no -terminal: cash only")
	}
	if s.queue != nil {
		s.wg.Go(func() { s.queue.Run(bg) })
	}
	if s.agent != nil {
		s.wg.Go(func() { _ = s.agent.Run(bg) })
	}
	return s, nil
}

// close stops the background loops and closes the devices and the store.
func (s *system) close() {
	s.cancel()
	s.wg.Wait()
	s.peers.Stop()
	if s.devs != nil {
		s.devs.Wait()
	}
	s.db.Close()
}

// poll calls done every 50 ms until it reports true, ctx ends or d passes.
func poll(ctx context.Context, d time.Duration, what string, done func() (bool, error)) error {
	deadline := time.Now().Add(d)
	for {
		ok, err := done()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: not done after %s", what, d)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitForCatalog waits until the local catalog holds central's feed.
func (s *system) waitForCatalog(ctx context.Context, d time.Duration) error {
	if s.agent == nil {
		return nil
	}
	return poll(ctx, d, "catalog from central", func() (bool, error) {
		c, err := s.db.CatalogCursor(ctx)
		return c > 0, err
	})
}

// waitPrinted waits until no receipt is waiting for the printer.
func (s *system) waitPrinted(ctx context.Context, d time.Duration) error {
	if s.queue == nil {
		return nil
	}
	s.queue.Wake()
	return poll(ctx, d, "receipt", func() (bool, error) {
		jobs, err := s.db.PendingReceiptJobs(ctx, 1)
		return len(jobs) == 0, err
	})
}

// waitSynced waits until central has acknowledged the whole journal.
func (s *system) waitSynced(ctx context.Context, d time.Duration) error {
	if s.agent == nil {
		return nil
	}
	s.agent.Wake()
	return poll(ctx, d, "central acknowledgement", func() (bool, error) {
		n, err := s.db.PendingEvents(ctx)
		return n == 0, err
	})
}
