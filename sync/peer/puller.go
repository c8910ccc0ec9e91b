package peer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// Store is where a Puller keeps the copies of peers' journals. *sqlite.DB
// implements it.
type Store interface {
	// LastPeerEvent returns the last entry held of a peer's journal; ok is
	// false when none is held.
	LastPeerEvent(ctx context.Context, deviceID string) (e pos.Event, ok bool, err error)
	// AppendPeerEvents stores verified, consecutive entries of one peer's
	// journal (re-storing held ones is harmless) and returns how many were new.
	AppendPeerEvents(ctx context.Context, storeID string, evs []pos.Event) (int, error)
	// PeerSaleByReceipt returns a sale from the stored copies, or ENOTFOUND.
	PeerSaleByReceipt(ctx context.Context, code string) (pos.Sale, error)
}

// PullerConfig says who this lane is and how it pulls.
type PullerConfig struct {
	// DeviceID of this lane (never pulled from itself).
	DeviceID string
	// StoreID of this lane: only peers of this store are pulled.
	StoreID string
	// Token is the store's peer token, sent to peers when set.
	Token string
	// Interval between rounds of pulls (default 5 s).
	Interval time.Duration
	// Timeout bounds one pull of one peer (default 30 s).
	Timeout time.Duration
	// LookupTimeout bounds the pull made when a sale of a known peer is not
	// in the copies yet (default 3 s).
	LookupTimeout time.Duration
	// PageSize is the most entries asked per request (default MaxPageEntries).
	PageSize int
	// HTTP sends the requests; nil uses a client without overall timeout.
	HTTP *http.Client
}

// Peer source names.
const (
	SourceStatic = "static"
	SourceDNSSD  = "dns-sd"
)

// PeerStatus is what the puller knows of one peer address.
type PeerStatus struct {
	// Key identifies the entry: the address of a static peer, the instance
	// name of a discovered one.
	Key string
	// Source is SourceStatic or SourceDNSSD.
	Source string
	// Addrs are the addresses tried, in order.
	Addrs []string
	// DeviceID and StoreID as the peer said (empty before its first hello).
	DeviceID, StoreID string
	// Ignored says why the peer is not pulled ("" when it is).
	Ignored string
	// HeldSeq is the highest seq of its journal held here.
	HeldSeq int64
	// HeadSeq is the peer's last seq at the last successful pull.
	HeadSeq int64
	// LastPull is when a pull last succeeded.
	LastPull time.Time
	// LastError of the last failed pull ("" after a success).
	LastError string
}

type peerState struct {
	PeerStatus
	logged string // last problem logged, so a lasting fault is logged once
}

// Puller pulls the journals of the store's other lanes into the lane's
// Store, verifying each peer's hash chain. It is safe for concurrent use.
type Puller struct {
	cfg  PullerConfig
	st   Store
	log  *slog.Logger
	wake chan struct{}

	pullMu sync.Mutex // one pull at a time: each resumes from what the last stored
	mu     sync.Mutex
	peers  map[string]*peerState
}

// NewPuller returns a puller storing into st.
func NewPuller(cfg PullerConfig, st Store, log *slog.Logger) (*Puller, error) {
	if cfg.DeviceID == "" || cfg.StoreID == "" {
		return nil, errors.New("peer puller: DeviceID and StoreID are required")
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 5 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.LookupTimeout <= 0 {
		cfg.LookupTimeout = 3 * time.Second
	}
	if cfg.PageSize <= 0 || cfg.PageSize > MaxPageEntries {
		cfg.PageSize = MaxPageEntries
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 3 * time.Second}).DialContext,
			MaxIdleConnsPerHost: 2,
			IdleConnTimeout:     time.Minute,
		}}
	}
	return &Puller{cfg: cfg, st: st, log: log, wake: make(chan struct{}, 1), peers: map[string]*peerState{}}, nil
}

// AddStatic adds a peer by address (host:port) from the static list.
func (p *Puller) AddStatic(addr string) error {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return fmt.Errorf("static peer %q: want host:port: %w", addr, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.peers[addr]; !ok {
		p.peers[addr] = &peerState{PeerStatus: PeerStatus{Key: addr, Source: SourceStatic, Addrs: []string{addr}}}
	}
	return nil
}

// Found adds or updates a peer discovered by DNS-SD. A service of another
// store, or this lane's own, is ignored.
func (p *Puller) Found(f Found) {
	if f.DeviceID == p.cfg.DeviceID || len(f.Addrs) == 0 {
		return
	}
	if f.StoreID != p.cfg.StoreID {
		p.log.Debug("peer of another store ignored", "instance", f.Instance, "device", f.DeviceID, "store", f.StoreID)
		return
	}
	p.mu.Lock()
	key := "dns-sd:" + f.Instance
	ps, ok := p.peers[key]
	if !ok {
		ps = &peerState{PeerStatus: PeerStatus{Key: key, Source: SourceDNSSD}}
		p.peers[key] = ps
	}
	changed := !slices.Equal(ps.Addrs, f.Addrs)
	ps.Addrs = slices.Clone(f.Addrs)
	if ps.DeviceID == "" {
		// As advertised; the peer's hello is the truth from the first pull on.
		ps.DeviceID, ps.StoreID = f.DeviceID, f.StoreID
	}
	ps.Ignored = ""
	p.mu.Unlock()
	if !ok || changed {
		p.log.Info("peer found", "source", SourceDNSSD, "device", f.DeviceID, "addrs", f.Addrs)
		p.Wake()
	}
}

// Wake asks the running puller for a round of pulls now.
func (p *Puller) Wake() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Peers returns the status of every known peer, by key.
func (p *Puller) Peers() []PeerStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]PeerStatus, 0, len(p.peers))
	for _, ps := range p.peers {
		s := ps.PeerStatus
		s.Addrs = slices.Clone(s.Addrs)
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b PeerStatus) int {
		if a.Key < b.Key {
			return -1
		}
		if a.Key > b.Key {
			return 1
		}
		return 0
	})
	return out
}

// Run pulls every peer each Interval (or at once when woken) until ctx ends.
func (p *Puller) Run(ctx context.Context) error {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-p.wake:
		}
		p.PullAll(ctx)
		t.Reset(p.cfg.Interval)
	}
}

// PullAll pulls each known peer once, in turn; failures are recorded in the
// peers' status and logged, never returned.
func (p *Puller) PullAll(ctx context.Context) {
	p.mu.Lock()
	keys := make([]string, 0, len(p.peers))
	for k, ps := range p.peers {
		if ps.Ignored == "" {
			keys = append(keys, k)
		}
	}
	p.mu.Unlock()
	slices.Sort(keys)
	for _, k := range keys {
		if ctx.Err() != nil {
			return
		}
		pctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
		_, _ = p.PullPeer(pctx, k)
		cancel()
	}
}

// PullResult says what one pull did.
type PullResult struct {
	// DeviceID and StoreID of the peer.
	DeviceID, StoreID string
	// Stored counts the entries stored by this pull.
	Stored int
	// HeldSeq is the highest seq held after the pull.
	HeldSeq int64
	// HeadSeq is the peer's last seq, as it said.
	HeadSeq int64
}

// ErrOtherStore is returned for a peer that belongs to another store; it is
// not pulled.
var ErrOtherStore = errors.New("peer belongs to another store")

// PullPeer pulls the peer known under key (see PeerStatus.Key) once: it asks
// who the peer is, then reads its journal after the last entry held, page by
// page, verifying the chain from that entry on and storing what verifies. At
// a break in the chain it stores the entries before the break and nothing
// after, and returns the *pos.ChainError.
func (p *Puller) PullPeer(ctx context.Context, key string) (PullResult, error) {
	p.mu.Lock()
	ps, ok := p.peers[key]
	var addrs []string
	if ok {
		addrs = slices.Clone(ps.Addrs)
	}
	p.mu.Unlock()
	if !ok {
		return PullResult{}, fmt.Errorf("peer %q: not known", key)
	}
	res, err := p.pullAddrs(ctx, addrs)
	p.record(key, res, err)
	return res, err
}

// Pull pulls the peer at addr once, whether or not it is a known peer.
func (p *Puller) Pull(ctx context.Context, addr string) (PullResult, error) {
	return p.pullAddrs(ctx, []string{addr})
}

func (p *Puller) pullAddrs(ctx context.Context, addrs []string) (PullResult, error) {
	var errs []error
	for _, addr := range addrs {
		c := Client{Addr: addr, HTTP: p.cfg.HTTP, Token: p.cfg.Token}
		h, err := c.Hello(ctx)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		res := PullResult{DeviceID: h.DeviceID, StoreID: h.StoreID, HeadSeq: h.HeadSeq}
		switch {
		case h.StoreID != p.cfg.StoreID:
			return res, fmt.Errorf("peer %s (%s) is in store %s, this lane in %s: %w", addr, h.DeviceID, h.StoreID, p.cfg.StoreID, ErrOtherStore)
		case h.DeviceID == p.cfg.DeviceID:
			return res, fmt.Errorf("peer %s is this lane (%s): %w", addr, h.DeviceID, errSelf)
		}
		return p.pullJournal(ctx, c, res)
	}
	if len(errs) == 0 {
		return PullResult{}, errors.New("peer has no address")
	}
	return PullResult{}, errors.Join(errs...)
}

var errSelf = errors.New("not a peer")

func (p *Puller) pullJournal(ctx context.Context, c Client, res PullResult) (PullResult, error) {
	p.pullMu.Lock()
	defer p.pullMu.Unlock()
	for {
		last, ok, err := p.st.LastPeerEvent(ctx, res.DeviceID)
		if err != nil {
			return res, err
		}
		v := pos.ChainVerifier{DeviceID: res.DeviceID}
		if ok {
			v.Resume(last)
			res.HeldSeq = last.Seq
		}
		page, err := c.Journal(ctx, res.HeldSeq, p.cfg.PageSize)
		if err != nil {
			return res, err
		}
		if page.DeviceID != res.DeviceID || page.StoreID != res.StoreID {
			return res, fmt.Errorf("peer %s said it was %s of %s, then served %s of %s", c.Addr, res.DeviceID, res.StoreID, page.DeviceID, page.StoreID)
		}
		res.HeadSeq = page.HeadSeq
		if page.HeadSeq < res.HeldSeq {
			return res, pos.Errorf(pos.ECONFLICT, "peer %s (%s) has a journal up to seq %d, but this lane holds a copy up to %d: its database was replaced or restored", c.Addr, res.DeviceID, page.HeadSeq, res.HeldSeq)
		}
		good := page.Entries
		var chainErr error
		for i, e := range page.Entries {
			if err := v.Next(e); err != nil {
				good, chainErr = page.Entries[:i], err
				break
			}
		}
		if len(good) > 0 {
			n, err := p.st.AppendPeerEvents(ctx, res.StoreID, good)
			res.Stored += n
			if err != nil {
				return res, fmt.Errorf("store journal of %s: %w", res.DeviceID, err)
			}
			res.HeldSeq = good[len(good)-1].Seq
		}
		if chainErr != nil {
			return res, fmt.Errorf("journal of peer %s at %s refused after seq %d: %w", res.DeviceID, c.Addr, res.HeldSeq, chainErr)
		}
		if !page.More || len(page.Entries) == 0 {
			return res, nil
		}
	}
}

// record keeps a pull's outcome in the peer's status and logs what changed.
func (p *Puller) record(key string, res PullResult, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ps, ok := p.peers[key]
	if !ok {
		return
	}
	if res.DeviceID != "" {
		ps.DeviceID, ps.StoreID = res.DeviceID, res.StoreID
	}
	if res.HeldSeq > ps.HeldSeq {
		ps.HeldSeq = res.HeldSeq
	}
	if err == nil {
		ps.HeadSeq = res.HeadSeq
		ps.LastPull, ps.LastError = time.Now(), ""
		if ps.logged != "" {
			p.log.Info("peer reachable again", "peer", key, "device", ps.DeviceID, "held", res.HeldSeq)
			ps.logged = ""
		}
		if res.Stored > 0 {
			p.log.Debug("peer journal pulled", "peer", key, "device", ps.DeviceID, "stored", res.Stored, "held", res.HeldSeq)
		}
		return
	}
	ps.LastError = err.Error()
	switch {
	case errors.Is(err, ErrOtherStore), errors.Is(err, errSelf):
		ps.Ignored = err.Error()
		p.log.Warn("peer ignored", "peer", key, "reason", err)
	case ps.logged != ps.LastError:
		var ce *pos.ChainError
		if errors.As(err, &ce) || pos.ErrorCode(err) == pos.ECONFLICT {
			p.log.Error("peer journal refused", "peer", key, "device", ps.DeviceID, "err", err)
		} else {
			p.log.Warn("peer not pulled", "peer", key, "err", err)
		}
	}
	ps.logged = ps.LastError
}

// SaleByReceipt finds a sale in the verified copies of peers' journals. When
// the copies lack it and the receipt's lane is a known peer, it pulls that
// peer first (within LookupTimeout) and looks again, so a sale rung a moment
// ago at the next lane is found. It makes the puller a pos.SaleFinder.
func (p *Puller) SaleByReceipt(ctx context.Context, code string) (pos.Sale, error) {
	s, err := p.st.PeerSaleByReceipt(ctx, code)
	if pos.ErrorCode(err) != pos.ENOTFOUND {
		return s, err
	}
	device, _, perr := pos.ParseReceiptCode(code, "")
	if perr != nil {
		return pos.Sale{}, perr
	}
	// Candidates: the peer that lane is, and peers not yet reached (whose
	// device is not known yet).
	var keys, known []string
	p.mu.Lock()
	for k, ps := range p.peers {
		if ps.Ignored != "" {
			continue
		}
		switch ps.DeviceID {
		case device:
			keys = append([]string{k}, keys...)
		case "":
			keys = append(keys, k)
		default:
			known = append(known, ps.DeviceID+" up to seq "+strconv.FormatInt(ps.HeldSeq, 10))
		}
	}
	p.mu.Unlock()
	slices.Sort(known)
	if len(keys) == 0 {
		return pos.Sale{}, pos.Errorf(pos.ENOTFOUND, "%s is not a peer lane of this store (copies held: %v)", device, known)
	}
	pctx, cancel := context.WithTimeout(ctx, p.cfg.LookupTimeout)
	defer cancel()
	var errs []error
	for _, k := range keys {
		res, err := p.PullPeer(pctx, k)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if res.DeviceID == device {
			return p.st.PeerSaleByReceipt(ctx, code)
		}
	}
	if len(errs) == 0 {
		return pos.Sale{}, pos.Errorf(pos.ENOTFOUND, "%s is not a peer lane of this store (copies held: %v)", device, known)
	}
	return pos.Sale{}, &pos.Error{Code: pos.ENOTFOUND, Message: fmt.Sprintf("no copy of %s, and %s could not be pulled now", code, device), Err: errors.Join(errs...)}
}
