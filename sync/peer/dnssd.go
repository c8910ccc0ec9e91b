package peer

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/grandcat/zeroconf"
)

// Found is a lane discovered by DNS-SD.
type Found struct {
	// Instance is the DNS-SD instance name.
	Instance string
	// DeviceID and StoreID from the TXT records device= and store=.
	DeviceID, StoreID string
	// Addrs are host:port addresses, IPv4 first.
	Addrs []string
}

// TXT returns the TXT records a lane advertises.
func TXT(deviceID, storeID string) []string {
	return []string{"device=" + deviceID, "store=" + storeID, "v=" + WireVersion}
}

// Advertise announces this lane's peer server as a ServiceType service
// named after the device, with TXT records device=, store= and v=. ifaces
// limits the interfaces (nil: every multicast interface). stop withdraws the
// announcement (a goodbye packet) and closes its sockets.
func Advertise(deviceID, storeID string, port int, ifaces []net.Interface) (stop func(), err error) {
	srv, err := zeroconf.Register(deviceID, ServiceType, "local.", port, TXT(deviceID, storeID), ifaces)
	if err != nil {
		return nil, fmt.Errorf("advertise %s on DNS-SD: %w", ServiceType, err)
	}
	return srv.Shutdown, nil
}

// BrowseConfig tunes Browse.
type BrowseConfig struct {
	// Ifaces limits the interfaces (nil: every multicast interface).
	Ifaces []net.Interface
	// Refresh is how long one browse runs before a fresh one starts, so
	// lanes that come up later or move are seen (default 60 s).
	Refresh time.Duration
	// Retry is the wait after a browse could not start (default 30 s).
	Retry time.Duration
}

// Browse looks for ServiceType services until ctx ends, calling found for
// each lane seen (found may be called again for a lane already seen). It
// returns ctx's error; a browse that cannot start (no multicast) is logged
// and retried.
func Browse(ctx context.Context, cfg BrowseConfig, log *slog.Logger, found func(Found)) error {
	if cfg.Refresh <= 0 {
		cfg.Refresh = time.Minute
	}
	if cfg.Retry <= 0 {
		cfg.Retry = 30 * time.Second
	}
	var lastErr string
	for ctx.Err() == nil {
		err := browseOnce(ctx, cfg, found)
		if err != nil && ctx.Err() == nil {
			if err.Error() != lastErr {
				log.Warn("DNS-SD browse failed; static peers still pulled", "service", ServiceType, "err", err)
				lastErr = err.Error()
			}
			select {
			case <-ctx.Done():
			case <-time.After(cfg.Retry):
			}
		}
	}
	return ctx.Err()
}

func browseOnce(ctx context.Context, cfg BrowseConfig, found func(Found)) error {
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
	if err := r.Browse(bctx, ServiceType, "local.", entries); err != nil {
		// The resolver closes entries once its loop sees bctx end.
		cancel()
		for range entries {
		}
		return fmt.Errorf("DNS-SD browse: %w", err)
	}
	for e := range entries {
		if f, ok := foundOf(e); ok {
			found(f)
		}
	}
	return nil
}

// foundOf reads a service entry; entries without a device record or an
// address are skipped.
func foundOf(e *zeroconf.ServiceEntry) (Found, bool) {
	f := Found{Instance: e.Instance}
	for _, t := range e.Text {
		k, v, _ := strings.Cut(t, "=")
		switch k {
		case "device":
			f.DeviceID = v
		case "store":
			f.StoreID = v
		}
	}
	port := strconv.Itoa(e.Port)
	for _, ip := range e.AddrIPv4 {
		f.Addrs = append(f.Addrs, net.JoinHostPort(ip.String(), port))
	}
	for _, ip := range e.AddrIPv6 {
		if ip.IsLinkLocalUnicast() {
			continue // needs a zone the entry does not carry
		}
		f.Addrs = append(f.Addrs, net.JoinHostPort(ip.String(), port))
	}
	return f, f.DeviceID != "" && e.Port > 0 && len(f.Addrs) > 0
}
