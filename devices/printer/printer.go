package printer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/omnilane/omnilane/devices/escpos"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/transport"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

// Config says how to reach a printer and what it is.
type Config struct {
	Dialer  transport.Dialer
	Profile *profile.Printer
	Log     *slog.Logger
	// StatusTimeout bounds each status reply; 0 means 2 s.
	StatusTimeout time.Duration
}

// Printer is one receipt printer. It is safe for concurrent use; jobs are
// sent one at a time.
type Printer struct {
	dialer        transport.Dialer
	prof          *profile.Printer
	log           *slog.Logger
	statusTimeout time.Duration

	mu   sync.Mutex
	conn transport.Conn
}

// New returns a printer; it connects on the first job or status request.
func New(cfg Config) (*Printer, error) {
	if cfg.Dialer == nil || cfg.Profile == nil {
		return nil, errors.New("printer: Dialer and Profile are required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.StatusTimeout == 0 {
		cfg.StatusTimeout = 2 * time.Second
	}
	return &Printer{
		dialer:        cfg.Dialer,
		prof:          cfg.Profile,
		log:           cfg.Log.With("device", "printer", "profile", cfg.Profile.ID, "addr", cfg.Dialer.String()),
		statusTimeout: cfg.StatusTimeout,
	}, nil
}

// OpenTCP returns a printer at addr ("host:9100") described by the embedded
// firmware profile profileID (e.g. "TM-T88V", "default").
func OpenTCP(profileID, addr string, log *slog.Logger) (*Printer, error) {
	cat, err := profile.Load(firmwareprofiles.FS())
	if err != nil {
		return nil, fmt.Errorf("load profiles: %w", err)
	}
	prof, err := cat.Printer(profileID)
	if err != nil {
		return nil, err
	}
	return New(Config{Dialer: transport.TCP{Addr: addr}, Profile: prof, Log: log})
}

// ReportsStatus reports whether Status reads the printer's real condition
// (DLE EOT) rather than only probing the connection.
func (p *Printer) ReportsStatus() bool { return p.prof.Omnilane.Status.RealTime }

// Profile returns the printer's profile.
func (p *Printer) Profile() *profile.Printer { return p.prof }

// Print encodes doc for this printer and sends it. It fails with a
// *NotReadyError when the printer reports paper out, cover open or an error
// before or after the job, with ErrNoResponse when it stops answering, and
// with ctx's error when ctx ends. After a failure the next call reconnects.
func (p *Printer) Print(ctx context.Context, doc *escpos.Document) error {
	data, err := escpos.Encode(doc, p.prof)
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	return p.PrintBytes(ctx, data)
}

// PrintBytes sends already-encoded ESC/POS bytes, with the same status checks as Print.
func (p *Printer) PrintBytes(ctx context.Context, data []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.ready(ctx); err != nil {
		return fmt.Errorf("print: %w", err)
	}
	if err := transport.Write(ctx, p.conn, data); err != nil {
		p.drop("write failed", err)
		return fmt.Errorf("print: write to %s: %w", p.dialer, err)
	}
	if !p.prof.Omnilane.Status.RealTime {
		// Without a status reply nothing proves a kept connection is alive
		// (a write to a dead peer succeeds locally), so every job gets a
		// fresh connection: a printer that went away fails the next dial.
		if err := p.conn.Close(); err != nil {
			p.conn = nil
			return fmt.Errorf("print: finish job on %s: %w", p.dialer, err)
		}
		p.conn = nil
	}
	if p.prof.Omnilane.Status.RealTime {
		// The printer answers DLE EOT as soon as it reads it, which it does
		// after the job's bytes: an answer proves the job arrived.
		st, err := p.status(ctx)
		if err != nil {
			p.drop("no status after job", err)
			return fmt.Errorf("print: confirm job: %w", err)
		}
		if !st.Ready() {
			return fmt.Errorf("print: after job: %w", &NotReadyError{Status: st})
		}
	}
	p.log.Debug("printed", "bytes", len(data))
	return nil
}

// OpenDrawer pulses the cash drawer on connector pin 2 (pin 0) or 5 (pin
// 1). Printers with real-time commands get DLE DC4 1, which works even when
// the printer is out of paper or its cover is open, so a cash sale can
// always open the drawer; others get ESC p (or BEL on Star) without a status
// check. After a failure the next call reconnects.
func (p *Printer) OpenDrawer(ctx context.Context, pin int) error {
	var data []byte
	if p.prof.Omnilane.Status.RealTime && !p.prof.Star() {
		data = escpos.RealtimeDrawerPulse(pin, 2)
	} else {
		b, err := escpos.Encode((&escpos.Document{}).Add(escpos.DrawerKick{Pin: pin}), p.prof)
		if err != nil {
			return fmt.Errorf("open drawer: %w", err)
		}
		data = b
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for attempt := 0; ; attempt++ {
		if err := p.connect(ctx); err != nil {
			return fmt.Errorf("open drawer: %w", err)
		}
		err := transport.Write(ctx, p.conn, data)
		if err == nil && p.prof.Omnilane.Status.RealTime {
			_, err = p.status(ctx) // proves the pulse reached a live printer
		}
		if err == nil {
			return nil
		}
		p.drop("drawer pulse failed", err)
		if attempt == 1 || ctx.Err() != nil {
			return fmt.Errorf("open drawer: %w", err)
		}
	}
}

// Status asks the printer for its real-time status (DLE EOT 1, 2, 4 and 3
// when an error is flagged).
//
// A printer whose profile has no real-time status (Star Line mode, simple
// printers) is only probed: Status opens a connection and, when that works,
// reports an all-clear Status it cannot verify (see ReportsStatus).
func (p *Printer) Status(ctx context.Context) (escpos.Status, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.connect(ctx); err != nil {
		return escpos.Status{}, err
	}
	if !p.prof.Omnilane.Status.RealTime {
		p.drop("probe done", nil)
		return escpos.Status{}, nil
	}
	st, err := p.status(ctx)
	if err != nil {
		p.drop("status failed", err)
		// A kept connection may have died since the last job: retry once fresh.
		if cerr := p.connect(ctx); cerr != nil {
			return escpos.Status{}, fmt.Errorf("status: %w", err)
		}
		st, err = p.status(ctx)
		if err != nil {
			p.drop("status failed", err)
			return escpos.Status{}, fmt.Errorf("status: %w", err)
		}
	}
	return st, nil
}

// Close closes the connection, if any.
func (p *Printer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conn == nil {
		return nil
	}
	err := p.conn.Close()
	p.conn = nil
	return err
}

// ready makes sure there is a live connection and the printer can print.
func (p *Printer) ready(ctx context.Context) error {
	if err := p.connect(ctx); err != nil {
		return err
	}
	if !p.prof.Omnilane.Status.RealTime {
		return nil
	}
	st, err := p.status(ctx)
	if err != nil {
		// The kept connection may be stale (printer restarted, network drop).
		p.drop("status before job failed, reconnecting", err)
		if err := p.connect(ctx); err != nil {
			return err
		}
		if st, err = p.status(ctx); err != nil {
			p.drop("status before job failed", err)
			return err
		}
	}
	if !st.Ready() {
		return &NotReadyError{Status: st}
	}
	return nil
}

func (p *Printer) connect(ctx context.Context) error {
	if p.conn != nil {
		return nil
	}
	c, err := p.dialer.Dial(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	p.log.Info("connected")
	p.conn = c
	return nil
}

func (p *Printer) drop(why string, err error) {
	if p.conn == nil {
		return
	}
	if err != nil {
		p.log.Warn("dropping printer connection", "reason", why, "err", err)
	}
	_ = p.conn.Close()
	p.conn = nil
}

func (p *Printer) status(ctx context.Context) (escpos.Status, error) {
	var st escpos.Status
	for _, n := range []byte{1, 2, 4} {
		if err := p.query(ctx, n, &st); err != nil {
			return st, err
		}
	}
	if st.Error {
		if err := p.query(ctx, 3, &st); err != nil {
			return st, err
		}
	}
	return st, nil
}

func (p *Printer) query(ctx context.Context, n byte, st *escpos.Status) error {
	ctx, cancel := context.WithTimeoutCause(ctx, p.statusTimeout, ErrNoResponse)
	defer cancel()
	if err := transport.Write(ctx, p.conn, escpos.StatusRequest(n)); err != nil {
		return fmt.Errorf("DLE EOT %d: %w", n, err)
	}
	b := make([]byte, 1)
	if err := transport.ReadFull(ctx, p.conn, b); err != nil {
		return fmt.Errorf("DLE EOT %d: %w", n, err)
	}
	return st.Apply(n, b[0])
}
