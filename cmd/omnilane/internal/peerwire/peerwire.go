// Package peerwire assembles LAN peer replication for the lane binary: the
// peer server on this lane's journal, the DNS-SD advertisement and browse,
// the static peer list, the puller, and the sale lookup the returns desk
// uses (this lane, then peer copies, then central).
package peerwire

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/peer"
)

// DefaultListen is the peer server's default address.
const DefaultListen = ":7431"

// Config is a lane's peer configuration.
type Config struct {
	// Listen is the peer server's address; "off" serves no peers (this lane
	// still pulls theirs).
	Listen string
	// DNSSD advertises this lane and browses for peers with DNS-SD.
	DNSSD bool
	// Peers is the static peer list, host:port separated by commas.
	Peers string
	// Interval between pulls of each peer.
	Interval time.Duration
	// Token, when set, is a secret shared by the store's lanes: required by
	// this lane's server and sent to peers.
	Token string
}

// Bind registers the peer flags on fs; env gives each flag's default from
// the environment (OMNILANE_<NAME>), as the lane's other flags do.
func (c *Config) Bind(fs *flag.FlagSet, env func(name, def string) string) {
	fs.StringVar(&c.Listen, "peer-listen", env("PEER_LISTEN", DefaultListen), "address of this lane's peer server, serving its journal to the store's other lanes; off: serve none (OMNILANE_PEER_LISTEN)")
	fs.BoolVar(&c.DNSSD, "peer-dnssd", env("PEER_DNSSD", "true") != "false", "advertise this lane and find the store's other lanes by DNS-SD ("+peer.ServiceType+") (OMNILANE_PEER_DNSSD)")
	fs.StringVar(&c.Peers, "peers", env("PEERS", ""), "static list of peer lanes, host:port separated by commas, for LANs where multicast does not pass (OMNILANE_PEERS)")
	fs.DurationVar(&c.Interval, "peer-interval", envDuration(env, "PEER_INTERVAL", 5*time.Second), "how often peers' journals are pulled (OMNILANE_PEER_INTERVAL)")
	fs.StringVar(&c.Token, "peer-token", env("PEER_TOKEN", ""), "secret shared by the store's lanes for peer requests; empty: none (OMNILANE_PEER_TOKEN)")
}

func envDuration(env func(string, string) string, name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(env(name, "")); err == nil {
		return d
	}
	return def
}

// StaticPeers returns the addresses of the static peer list.
func (c Config) StaticPeers() []string {
	var out []string
	for _, a := range strings.Split(c.Peers, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// Lane says who this lane is and where central is.
type Lane struct {
	// DeviceID of this lane.
	DeviceID string
	// StoreID of its store.
	StoreID string
	// CentralURL is central's base URL; empty: no online lookup.
	CentralURL string
	// Credential is the device's bearer credential for central, if any.
	Credential string
	// HTTPClient reaches central (pinned to its certificate over TLS); nil
	// uses a plain client.
	HTTPClient *http.Client
}

// Peering is peer replication running for one lane.
type Peering struct {
	db     *sqlite.DB
	puller *peer.Puller
	lookup pos.SaleLookup
	addr   string
	log    *slog.Logger

	cancel context.CancelFunc
	wg     sync.WaitGroup
	srv    *http.Server
	unad   func()
	once   sync.Once
}

// Start starts peer replication for the lane whose database is db: the peer
// server (unless Listen is "off"), the DNS-SD advertisement and browse (if
// DNSSD), and the puller over the static and discovered peers. Only a bad
// configuration is an error: a port in use or a LAN without multicast is
// logged, and the lane sells on without that part. Stop ends it all.
func Start(ctx context.Context, cfg Config, lane Lane, db *sqlite.DB, log *slog.Logger) (*Peering, error) {
	if lane.DeviceID == "" || lane.StoreID == "" {
		return nil, errors.New("peers: device and store ids are required")
	}
	if lane.DeviceID != db.DeviceID() {
		return nil, fmt.Errorf("peers: lane %s with the database of %s", lane.DeviceID, db.DeviceID())
	}
	puller, err := peer.NewPuller(peer.PullerConfig{DeviceID: lane.DeviceID, StoreID: lane.StoreID, Token: cfg.Token, Interval: cfg.Interval}, db, log)
	if err != nil {
		return nil, fmt.Errorf("peers: %w", err)
	}
	for _, a := range cfg.StaticPeers() {
		if err := puller.AddStatic(a); err != nil {
			return nil, fmt.Errorf("-peers: %w", err)
		}
	}
	p := &Peering{db: db, puller: puller, log: log}
	p.lookup = pos.SaleLookup{DeviceID: lane.DeviceID, Local: db, Peers: puller}
	if lane.CentralURL != "" {
		hc := lane.HTTPClient
		if hc == nil {
			hc = &http.Client{}
		}
		cc, err := client.New(lane.CentralURL, hc, lane.Credential)
		if err != nil {
			return nil, fmt.Errorf("peers: %w", err)
		}
		p.lookup.Central = peer.CentralSales{Client: cc}
	}
	bg, cancel := context.WithCancel(ctx)
	p.cancel = cancel

	if cfg.Listen != "" && cfg.Listen != "off" {
		ln, err := net.Listen("tcp", cfg.Listen)
		if err != nil {
			log.Error("peer server not started: the store's other lanes cannot pull this lane's journal", "listen", cfg.Listen, "err", err)
		} else {
			p.addr = ln.Addr().String()
			p.srv = &http.Server{
				Handler:           peer.NewServer(peer.ServerConfig{DeviceID: lane.DeviceID, StoreID: lane.StoreID, Token: cfg.Token}, db, log),
				ReadHeaderTimeout: 10 * time.Second,
				IdleTimeout:       2 * time.Minute,
			}
			p.wg.Go(func() {
				if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
					log.Error("peer server stopped", "err", err)
				}
			})
			log.Info("device loaded", "class", "peers", "listen", p.addr)
			if cfg.DNSSD {
				port := ln.Addr().(*net.TCPAddr).Port
				if p.unad, err = peer.Advertise(lane.DeviceID, lane.StoreID, port, nil); err != nil {
					log.Warn("DNS-SD advertisement failed; peers need this lane in their -peers list", "err", err)
				}
			}
		}
	}
	if cfg.DNSSD {
		p.wg.Go(func() { _ = peer.Browse(bg, peer.BrowseConfig{}, log, puller.Found) })
	}
	p.wg.Go(func() { _ = puller.Run(bg) })
	return p, nil
}

// FindSale finds the original sale of a return by its receipt code: this
// lane's own sales, then the copies of peer lanes' journals (offline too),
// then central (online). Give it to the returns desk (ui.DeskOptions.FindSale).
func (p *Peering) FindSale(ctx context.Context, code string) (pos.Sale, error) {
	return p.lookup.FindSale(ctx, code)
}

// Lookup returns the sale lookup FindSale uses.
func (p *Peering) Lookup() pos.SaleLookup { return p.lookup }

// Puller returns the puller, for status screens and tests.
func (p *Peering) Puller() *peer.Puller { return p.puller }

// Addr returns the peer server's address ("" when it is not serving).
func (p *Peering) Addr() string { return p.addr }

// ReturnedQty returns, per original line number, the units of a sale already
// returned at this lane and, as far as the peer copies tell, at the store's
// other lanes. A lane store wrapper can answer pos.ReturnStore.ReturnedQty
// with it so a line returned at lane 1 cannot be returned again at lane 2.
func (p *Peering) ReturnedQty(ctx context.Context, saleID string) (map[int]int64, error) {
	local, err := p.db.ReturnedQty(ctx, saleID)
	if err != nil {
		return nil, err
	}
	peers, err := p.db.PeerReturnedQty(ctx, saleID)
	if err != nil {
		return nil, err
	}
	for no, q := range peers {
		local[no] += q
	}
	return local, nil
}

// Stop withdraws the DNS-SD advertisement, stops the server, the browse and
// the puller, and waits for them. It is safe to call more than once.
func (p *Peering) Stop() {
	p.once.Do(func() {
		if p.unad != nil {
			p.unad()
		}
		p.cancel()
		if p.srv != nil {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := p.srv.Shutdown(sctx); err != nil {
				p.srv.Close()
			}
			cancel()
		}
		p.wg.Wait()
	})
}
