package scanner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/scan"
	"github.com/omnilane/omnilane/devices/transport"
)

// ErrOverflow is reported when the scanner sends too much without a suffix.
var ErrOverflow = errors.New("scanner sent data without a suffix")

// Config configures a scanner.
type Config struct {
	Dialer transport.Dialer
	// Prefix is removed from the front of each scan when present (e.g. "\x02").
	Prefix string
	// Suffix ends each scan; "" means CR or LF (a CR LF pair gives one scan).
	Suffix string
	// HIDPOS, when set, reads USB HID POS input reports laid out like this
	// (one report per Read, as hidusb gives them) instead of a byte stream.
	HIDPOS *profile.HIDPOSLayout
	// Options parse each scan (embedded price/weight rules, currency digits).
	Options scan.Options
	// RetryEvery is the wait between reconnect attempts; 0 means 1 s.
	RetryEvery time.Duration
	// Now stamps events (time.Now when nil).
	Now func() time.Time
	// OnState, if set, hears "connecting", "ready" and "error" with the cause.
	OnState func(state string, err error)
	Log     *slog.Logger
}

// Event is one scan read from the device: Scan is valid when Err is nil;
// otherwise Err says why the scan could not be read (Raw holds the bytes).
type Event struct {
	Scan scan.Scan
	Raw  string
	Err  error
	At   time.Time
}

// Scanner is a serial barcode scanner.
type Scanner struct {
	cfg Config
}

// New returns a scanner; Run opens it.
func New(cfg Config) (*Scanner, error) {
	if cfg.Dialer == nil {
		return nil, errors.New("scanner: Dialer is required")
	}
	if cfg.RetryEvery == 0 {
		cfg.RetryEvery = time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.OnState == nil {
		cfg.OnState = func(string, error) {}
	}
	cfg.Log = cfg.Log.With("device", "scanner", "addr", cfg.Dialer.String())
	return &Scanner{cfg: cfg}, nil
}

// Run reads scans until ctx ends, calling handle for each; it reopens the
// port after it fails or closes. It returns nil when ctx ends.
func (s *Scanner) Run(ctx context.Context, handle func(Event)) error {
	for {
		s.cfg.OnState("connecting", nil)
		err := s.session(ctx, handle)
		if ctx.Err() != nil {
			return nil
		}
		s.cfg.OnState("error", err)
		s.cfg.Log.Warn("scanner lost, retrying", "err", err, "in", s.cfg.RetryEvery)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(s.cfg.RetryEvery):
		}
	}
}

func (s *Scanner) session(ctx context.Context, handle func(Event)) error {
	c, err := s.cfg.Dialer.Dial(ctx)
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { _ = c.Close() })
	defer stop()
	s.cfg.OnState("ready", nil)
	s.cfg.Log.Info("scanner ready")
	if s.cfg.HIDPOS != nil {
		return s.hidSession(c, handle)
	}
	f := framer{prefix: s.cfg.Prefix, suffix: s.cfg.Suffix}
	buf := make([]byte, 512)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			frames, overflow := f.feed(buf[:n])
			for _, fr := range frames {
				sc, perr := scan.Parse(fr, s.cfg.Options)
				handle(Event{Scan: sc, Raw: fr, Err: perr, At: s.cfg.Now()})
			}
			if overflow {
				handle(Event{Err: ErrOverflow, At: s.cfg.Now()})
			}
		}
		if err != nil {
			return fmt.Errorf("read: %w", err)
		}
	}
}

func (s *Scanner) hidSession(c transport.Conn, handle func(Event)) error {
	h := NewHIDPOS(*s.cfg.HIDPOS)
	report := make([]byte, max(s.cfg.HIDPOS.ReportLength, 64))
	for {
		n, err := c.Read(report)
		if n > 0 {
			raw, ferr := h.Feed(report[:n])
			switch {
			case ferr != nil:
				handle(Event{Err: ferr, At: s.cfg.Now()})
			case raw != "":
				raw = strings.TrimSuffix(strings.TrimPrefix(raw, s.cfg.Prefix), s.cfg.Suffix)
				sc, perr := scan.Parse(raw, s.cfg.Options)
				handle(Event{Scan: sc, Raw: raw, Err: perr, At: s.cfg.Now()})
			}
		}
		if err != nil {
			return fmt.Errorf("read report: %w", err)
		}
	}
}
