// Package discovery finds network devices with DNS-SD (mDNS) using
// grandcat/zeroconf: receipt printers that advertise raw printing
// (_pdl-datastream._tcp) or LPD (_printer._tcp), and payment terminals.
// Manual addresses in the configuration remain the fallback; browsing only
// suggests devices. Every browse loop stops when its context ends.
package discovery

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/grandcat/zeroconf"
)

// Well-known service types.
const (
	ServiceRawPrinter = "_pdl-datastream._tcp" // port 9100 raw printing
	ServiceLPDPrinter = "_printer._tcp"
	ServiceTerminal   = "_omnilane-pay._tcp" // payment terminals (or their bridges) that announce themselves
	ServiceLane       = "_omnilane._tcp"     // lanes (advertised by sync/peer)
)

// Found is one advertised service instance.
type Found struct {
	Service  string
	Instance string
	Host     string
	Port     int
	Addrs    []string          // host:port, IPv4 first
	TXT      map[string]string // key=value records
}

// BrowseConfig tunes Browse.
type BrowseConfig struct {
	Services []string        // service types to browse (default: both printer types)
	Ifaces   []net.Interface // nil: every multicast interface
	// Refresh restarts each browse this often so devices that appear later
	// are seen; 0 means 60 s.
	Refresh time.Duration
	// Retry waits this long after a browse could not start; 0 means 30 s.
	Retry time.Duration
}

// Browse looks for the configured services until ctx ends, calling found
// (from several goroutines, serialised) for every instance seen, possibly
// more than once. It returns after every browse loop has stopped.
func Browse(ctx context.Context, cfg BrowseConfig, found func(Found)) error {
	if len(cfg.Services) == 0 {
		cfg.Services = []string{ServiceRawPrinter, ServiceLPDPrinter}
	}
	if cfg.Refresh <= 0 {
		cfg.Refresh = time.Minute
	}
	if cfg.Retry <= 0 {
		cfg.Retry = 30 * time.Second
	}
	var mu sync.Mutex
	report := func(f Found) {
		mu.Lock()
		defer mu.Unlock()
		found(f)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(cfg.Services))
	for _, svc := range cfg.Services {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var last error
			for ctx.Err() == nil {
				if err := browseOnce(ctx, cfg, svc, report); err != nil && ctx.Err() == nil {
					last = err
					select {
					case <-ctx.Done():
					case <-time.After(cfg.Retry):
					}
				}
			}
			if last != nil {
				errs <- last
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err, ok := <-errs; ok {
		return fmt.Errorf("%w (last browse error: %v)", ctx.Err(), err)
	}
	return ctx.Err()
}

func browseOnce(ctx context.Context, cfg BrowseConfig, service string, found func(Found)) error {
	var opts []zeroconf.ClientOption
	if len(cfg.Ifaces) > 0 {
		opts = append(opts, zeroconf.SelectIfaces(cfg.Ifaces))
	}
	r, err := zeroconf.NewResolver(opts...)
	if err != nil {
		return fmt.Errorf("DNS-SD resolver: %w", err)
	}
	bctx, cancel := context.WithTimeout(ctx, cfg.Refresh)
	defer cancel()
	entries := make(chan *zeroconf.ServiceEntry)
	if err := r.Browse(bctx, service, "local.", entries); err != nil {
		cancel()
		for range entries { // the resolver closes entries once it sees bctx end
		}
		return fmt.Errorf("DNS-SD browse %s: %w", service, err)
	}
	for e := range entries {
		if f, ok := foundOf(service, e); ok {
			found(f)
		}
	}
	return nil
}

func foundOf(service string, e *zeroconf.ServiceEntry) (Found, bool) {
	f := Found{Service: service, Instance: e.Instance, Host: e.HostName, Port: e.Port, TXT: map[string]string{}}
	for _, t := range e.Text {
		k, v, _ := strings.Cut(t, "=")
		f.TXT[k] = v
	}
	port := strconv.Itoa(e.Port)
	for _, ip := range e.AddrIPv4 {
		f.Addrs = append(f.Addrs, net.JoinHostPort(ip.String(), port))
	}
	for _, ip := range e.AddrIPv6 {
		if !ip.IsLinkLocalUnicast() {
			f.Addrs = append(f.Addrs, net.JoinHostPort(ip.String(), port))
		}
	}
	return f, e.Port > 0 && len(f.Addrs) > 0
}

// Advertise announces a service (e.g. a simulated printer as
// _pdl-datastream._tcp). stop sends the goodbye and closes the sockets.
func Advertise(instance, service string, port int, txt []string, ifaces []net.Interface) (stop func(), err error) {
	srv, err := zeroconf.Register(instance, service, "local.", port, txt, ifaces)
	if err != nil {
		return nil, fmt.Errorf("advertise %s: %w", service, err)
	}
	return srv.Shutdown, nil
}
