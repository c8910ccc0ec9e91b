package scale

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/omnilane/omnilane/devices/transport"
)

// Config configures a scale.
type Config struct {
	Dialer  transport.Dialer
	Dialect Dialect
	// Unit the scale weighs in (default kg).
	Unit Unit
	// Decimals places the point in weights sent without one (default 3 for
	// kg, 2 for lb).
	Decimals int
	// ReplyTimeout bounds one request's answer (default 1 s, as the NCI
	// specification advises).
	ReplyTimeout time.Duration
	// RetryEvery is how often Weigh asks again while the scale is in motion
	// (default 200 ms).
	RetryEvery time.Duration
	// StableWithin is how long Weigh waits for a stable weight (default 5 s).
	StableWithin time.Duration
	Log          *slog.Logger
}

// Scale is a checkout scale. It is safe for concurrent use; requests are
// sent one at a time.
type Scale struct {
	cfg Config
	req []byte

	mu   sync.Mutex
	conn transport.Conn
	buf  []byte // bytes read past the last frame
}

// New returns a scale; it connects on the first request.
func New(cfg Config) (*Scale, error) {
	if cfg.Dialer == nil {
		return nil, errors.New("scale: Dialer is required")
	}
	req, err := Request(cfg.Dialect)
	if err != nil {
		return nil, err
	}
	if cfg.Unit == "" {
		cfg.Unit = UnitKg
	}
	if cfg.Unit != UnitKg && cfg.Unit != UnitLb {
		return nil, fmt.Errorf("scale: unit %q is not kg or lb", cfg.Unit)
	}
	if cfg.Decimals == 0 {
		cfg.Decimals = 3
		if cfg.Unit == UnitLb {
			cfg.Decimals = 2
		}
	}
	if cfg.ReplyTimeout <= 0 {
		cfg.ReplyTimeout = time.Second
	}
	if cfg.RetryEvery <= 0 {
		cfg.RetryEvery = 200 * time.Millisecond
	}
	if cfg.StableWithin <= 0 {
		cfg.StableWithin = 5 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cfg.Log = cfg.Log.With("device", "scale", "addr", cfg.Dialer.String())
	return &Scale{cfg: cfg, req: req}, nil
}

// Read asks the scale once and returns what it says. A garbled or missing
// reply is an error (the connection is dropped and opened again on the
// next request); a valid reply without a weight is not: see Reading.Err.
// ctx is checked before the request is sent; once sent, the exchange runs
// to its end or ReplyTimeout, so that an abandoned request cannot leave its
// late reply on the line to be taken for the next one's.
func (s *Scale) Read(ctx context.Context) (Reading, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return Reading{}, err
	}
	if s.conn == nil {
		c, err := s.cfg.Dialer.Dial(ctx)
		if err != nil {
			return Reading{}, fmt.Errorf("scale: connect: %w", err)
		}
		s.conn, s.buf = c, nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ReplyTimeout)
	defer cancel()
	if err := transport.Write(ctx, s.conn, s.req); err != nil {
		s.drop()
		return Reading{}, fmt.Errorf("scale: send weight request: %w", err)
	}
	frame, err := s.readFrame(ctx)
	if err != nil {
		s.drop()
		return Reading{}, err
	}
	r, err := Parse(s.cfg.Dialect, s.cfg.Unit, s.cfg.Decimals, frame)
	if err != nil {
		s.drop()
		s.cfg.Log.Warn("scale reply refused", "err", err)
		return Reading{}, err
	}
	return r, nil
}

// readFrame reads up to and including the dialect's terminator; ctx
// carries the reply timeout.
func (s *Scale) readFrame(ctx context.Context) ([]byte, error) {
	end := terminator(s.cfg.Dialect)
	tmp := make([]byte, maxFrame)
	for {
		if i := bytes.IndexByte(s.buf, end); i >= 0 {
			f := s.buf[:i+1]
			s.buf = append([]byte(nil), s.buf[i+1:]...)
			return f, nil
		}
		if len(s.buf) > maxFrame {
			return nil, garbled(s.buf, "no terminator within %d bytes", maxFrame)
		}
		n, err := transport.Read(ctx, s.conn, tmp)
		s.buf = append(s.buf, tmp[:n]...)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, os.ErrDeadlineExceeded) {
				return nil, fmt.Errorf("%w within %s (got %q)", ErrNoResponse, s.cfg.ReplyTimeout, s.buf)
			}
			return nil, fmt.Errorf("scale: read reply: %w", err)
		}
	}
}

// Weigh returns a stable weight above zero in grams. While the scale
// reports motion it asks again every RetryEvery, for up to StableWithin;
// then, or at once for any other condition, the error is an *Error (its
// Condition says what to tell the cashier) or a transport or reply error.
func (s *Scale) Weigh(ctx context.Context) (int64, error) {
	deadline := time.Now().Add(s.cfg.StableWithin)
	for {
		r, err := s.Read(ctx)
		if err != nil {
			return 0, err
		}
		err = r.Err()
		if err == nil {
			return r.Grams, nil
		}
		if ConditionOf(err) != CondMotion || time.Now().Add(s.cfg.RetryEvery).After(deadline) {
			return 0, err
		}
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("%w: %w", ctx.Err(), err)
		case <-time.After(s.cfg.RetryEvery):
		}
	}
}

// Close closes the connection.
func (s *Scale) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return nil
	}
	err := s.conn.Close()
	s.conn = nil
	return err
}

func (s *Scale) drop() {
	if s.conn != nil {
		_ = s.conn.Close()
		s.conn, s.buf = nil, nil
	}
}
