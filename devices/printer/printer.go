package printer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
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
	// OnStatus, if set, is called with every change of the latest-known
	// status (see LastStatus) and with every garbled status packet or lost
	// connection (StatusEvent.Err set). It is called one event at a time,
	// from the connection's reader goroutine (ASB) or from inside Print,
	// Status or OpenDrawer (DLE EOT); it must return quickly and must not
	// call Print, PrintBytes, Status, OpenDrawer or Close (LastStatus is
	// fine). Hand the event to a channel or bus to act on it.
	OnStatus func(StatusEvent)
}

// StatusEvent is a change of a printer's latest-known status, or a problem
// with the status stream.
type StatusEvent struct {
	Status escpos.Status // the latest-known status (unchanged when Err is set)
	At     time.Time     // when it was received
	Source string        // SourceASB or SourceDLEEOT
	// Err is set, with Status left as it was, when the printer sent a
	// garbled ASB packet or a byte nobody asked for (errors.Is
	// escpos.ErrBadStatus), or when the connection carrying automatic
	// status back was lost (the status may be stale until the next call
	// reconnects).
	Err error
}

// Sources of a StatusEvent.
const (
	SourceASB    = "asb"     // unsolicited automatic status back packet (GS a)
	SourceDLEEOT = "dle-eot" // reply to a real-time status request
)

// Printer is one receipt printer. It is safe for concurrent use; jobs are
// sent one at a time.
type Printer struct {
	dialer        transport.Dialer
	prof          *profile.Printer
	log           *slog.Logger
	statusTimeout time.Duration
	onStatus      func(StatusEvent)

	mu   sync.Mutex
	conn transport.Conn
	link *link // the reader of conn (printers with real-time status), or nil

	nmu    sync.Mutex // serialises OnStatus calls
	smu    sync.Mutex
	last   escpos.Status
	lastAt time.Time
}

// link is the background reader of one connection to a printer with
// real-time status. It hands single-byte DLE EOT replies to the query
// waiting for them and turns unsolicited 4-byte ASB packets into status
// updates; the two are told apart by their fixed bits.
type link struct {
	conn    transport.Conn
	replies chan reply    // DLE EOT replies
	pending atomic.Int32  // DLE EOT requests sent and not yet answered
	closing atomic.Bool   // the driver closed conn (not a lost connection)
	done    chan struct{} // closed when the reader stops reading; err is then set
	err     error
	exited  chan struct{} // closed when the reader goroutine returns
}

// reply is a DLE EOT reply byte and when the reader received it.
type reply struct {
	b  byte
	at time.Time
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
		onStatus:      cfg.OnStatus,
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

// ReportsASB reports whether the driver enables automatic status back (GS a)
// on each connection, so that LastStatus follows the printer by itself while
// a connection is open: the profile has real-time status and its omnilane
// status block sets "asb" (the default profile, and so every ESC/POS
// profile inheriting it, does).
func (p *Printer) ReportsASB() bool {
	st := p.prof.Omnilane.Status
	return st.RealTime && st.ASB && !p.prof.Star()
}

// LastStatus returns the latest-known status and when it was received,
// from the last DLE EOT status read (Print, Status, OpenDrawer) or the last
// automatic status back packet, whichever came later. The time is zero
// when no status has been received yet. It never talks to the printer; with
// automatic status back (ReportsASB) it follows paper, cover and error
// changes without polling for as long as a connection is open (any call
// that talks to the printer opens one, and the next reconnects after a loss,
// reported to OnStatus).
func (p *Printer) LastStatus() (escpos.Status, time.Time) {
	p.smu.Lock()
	defer p.smu.Unlock()
	return p.last, p.lastAt
}

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
	if err := p.write(ctx, data); err != nil {
		p.drop("write failed", err)
		return fmt.Errorf("print: write to %s: %w", p.dialer, err)
	}
	if !p.prof.Omnilane.Status.RealTime {
		// Without a status reply nothing proves a kept connection is alive
		// (a write to a dead peer succeeds locally), so every job gets a
		// fresh connection: a printer that went away fails the next dial.
		if err := p.conn.Close(); err != nil {
			p.conn, p.link = nil, nil
			return fmt.Errorf("print: finish job on %s: %w", p.dialer, err)
		}
		p.conn, p.link = nil, nil
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
		err := p.write(ctx, data)
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

// Close closes the connection, if any, and waits for its status reader to
// end. A later call reconnects.
func (p *Printer) Close() error {
	p.mu.Lock()
	var err error
	l := p.link
	if p.conn != nil {
		if l != nil {
			l.closing.Store(true)
		}
		err = p.conn.Close()
		p.conn, p.link = nil, nil
	}
	p.mu.Unlock()
	if l != nil {
		<-l.exited
	}
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
	if !p.prof.Omnilane.Status.RealTime {
		return nil
	}
	l := &link{conn: c, replies: make(chan reply, 8), done: make(chan struct{}), exited: make(chan struct{})}
	p.link = l
	go p.read(l)
	if p.ReportsASB() {
		wctx, cancel := context.WithTimeoutCause(ctx, p.statusTimeout, ErrNoResponse)
		defer cancel()
		if err := p.write(wctx, escpos.EnableASB(escpos.ASBAll)); err != nil {
			p.drop("enabling automatic status back failed", err)
			return fmt.Errorf("connect: enable automatic status back: %w", err)
		}
	}
	return nil
}

// write sends data on the current connection, bounded by ctx.
func (p *Printer) write(ctx context.Context, data []byte) error {
	err := transport.Write(ctx, p.conn, data)
	if p.link != nil {
		// transport.Write bounds reads too; the reader's must not be.
		if d, ok := p.conn.(interface{ SetDeadline(time.Time) error }); ok {
			_ = d.SetDeadline(time.Time{})
		}
	}
	return err
}

// read is the background reader of l's connection; it ends when the
// connection is closed or lost.
func (p *Printer) read(l *link) {
	defer close(l.exited)
	var pkt []byte // ASB packet so far
	buf := make([]byte, 64)
	for {
		n, err := l.conn.Read(buf)
		for _, b := range buf[:n] {
			pkt = p.feed(l, pkt, b)
		}
		if err == nil {
			continue
		}
		if errors.Is(err, os.ErrDeadlineExceeded) && !l.closing.Load() {
			// A write's deadline (transport.Write sets both) passed while it
			// ran; the writer clears it, or drops the connection.
			time.Sleep(5 * time.Millisecond)
			continue
		}
		l.err = err
		close(l.done)
		if !l.closing.Load() {
			p.log.Warn("printer connection lost", "err", err)
			p.report(SourceASB, fmt.Errorf("printer connection lost: %w", err))
			p.mu.Lock()
			if p.link == l {
				p.drop("connection lost", err)
			}
			p.mu.Unlock()
		}
		return
	}
}

// feed takes byte b from the printer, with pkt the ASB packet being read,
// and returns the packet still being read.
func (p *Printer) feed(l *link, pkt []byte, b byte) []byte {
	if len(pkt) > 0 {
		if b&0x90 == 0 { // bits 4 and 7 clear: the packet goes on
			pkt = append(pkt, b)
			if len(pkt) < escpos.ASBLen {
				return pkt
			}
			if st, err := escpos.ParseASB(pkt); err != nil {
				p.report(SourceASB, fmt.Errorf("garbled automatic status back packet: %w", err))
			} else {
				p.setStatus(st, SourceASB, time.Now())
			}
			return nil
		}
		// b cannot belong to the packet: report it cut short, and let b
		// start what follows (a DLE EOT reply, a new packet).
		p.report(SourceASB, fmt.Errorf("%w: automatic status back packet % x cut short by %#02x", escpos.ErrBadStatus, pkt, b))
	}
	switch {
	case escpos.IsASBHeader(b):
		return append(pkt[:0], b)
	case l.pending.Load() > 0:
		l.pending.Add(-1) // only the reader decrements: one byte per request
		select {
		case l.replies <- reply{b, time.Now()}:
		default:
			p.report(SourceDLEEOT, fmt.Errorf("%w: status reply %#02x nobody waits for", escpos.ErrBadStatus, b))
		}
	default:
		p.report(SourceASB, fmt.Errorf("%w: unsolicited byte %#02x from the printer", escpos.ErrBadStatus, b))
	}
	return nil
}

// setStatus records st, received at now, as the latest-known status unless
// a newer one is known (an ASB packet that arrived while a DLE EOT status
// read was still asking).
func (p *Printer) setStatus(st escpos.Status, src string, now time.Time) {
	p.smu.Lock()
	if now.Before(p.lastAt) {
		p.smu.Unlock()
		return
	}
	changed := p.lastAt.IsZero() || st != p.last
	p.last, p.lastAt = st, now
	p.smu.Unlock()
	if !changed {
		return
	}
	p.log.Info("status", "status", st.String(), "source", src)
	p.notify(StatusEvent{Status: st, At: now, Source: src})
}

// report passes a status stream problem on.
func (p *Printer) report(src string, err error) {
	p.log.Warn("status", "source", src, "err", err)
	st, _ := p.LastStatus()
	p.notify(StatusEvent{Status: st, At: time.Now(), Source: src, Err: err})
}

func (p *Printer) notify(ev StatusEvent) {
	if p.onStatus == nil {
		return
	}
	p.nmu.Lock()
	defer p.nmu.Unlock()
	p.onStatus(ev)
}

func (p *Printer) drop(why string, err error) {
	if p.conn == nil {
		return
	}
	if err != nil {
		p.log.Warn("dropping printer connection", "reason", why, "err", err)
	}
	if p.link != nil {
		p.link.closing.Store(true)
	}
	_ = p.conn.Close()
	p.conn, p.link = nil, nil
}

func (p *Printer) status(ctx context.Context) (escpos.Status, error) {
	var st escpos.Status
	var at time.Time
	for _, n := range []byte{1, 2, 4} {
		if err := p.query(ctx, n, &st, &at); err != nil {
			return st, err
		}
	}
	if st.Error {
		if err := p.query(ctx, 3, &st, &at); err != nil {
			return st, err
		}
	}
	p.setStatus(st, SourceDLEEOT, at)
	return st, nil
}

// query asks DLE EOT n and folds the reply into st; at becomes the reply's
// arrival time.
func (p *Printer) query(ctx context.Context, n byte, st *escpos.Status, at *time.Time) error {
	ctx, cancel := context.WithTimeoutCause(ctx, p.statusTimeout, ErrNoResponse)
	defer cancel()
	l := p.link
	l.pending.Add(1) // the reader hands the next non-ASB byte to this request
	if err := p.write(ctx, escpos.StatusRequest(n)); err != nil {
		return fmt.Errorf("DLE EOT %d: %w", n, err)
	}
	select {
	case r := <-l.replies:
		*at = r.at
		return st.Apply(n, r.b)
	case <-l.done:
		return fmt.Errorf("DLE EOT %d: %w", n, l.err)
	case <-ctx.Done():
		return fmt.Errorf("DLE EOT %d: %w", n, context.Cause(ctx))
	}
}
