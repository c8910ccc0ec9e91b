package printersim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/omnilane/omnilane/devices/escpos"
	"github.com/omnilane/omnilane/devices/profile"
)

// Config configures a simulated printer.
type Config struct {
	// Profile decides the code pages and line width used to decode.
	Profile *profile.Printer
	// Dir, if set, receives receipt-NNNN.txt (decoded UTF-8) and receipt-NNNN.bin (raw bytes).
	Dir string
	// Mode is the starting condition (Ready when empty).
	Mode Mode
	// StateFile, if set, is read on every status request and cut; when it
	// exists and holds a mode name, that mode applies (e.g. `echo paper-out > FILE`).
	StateFile string
	// Log receives what the simulator does.
	Log *slog.Logger
	// Render, if set, draws a receipt's text as an image; its bytes are
	// written as receipt-NNNN.png next to the .txt (cmd/omnilane-sim renders
	// PNG with the Go Mono font).
	Render func(text string) ([]byte, error)
}

// Receipt is one cut-off receipt.
type Receipt struct {
	N        int              // 1, 2, 3… in arrival order
	Text     string           // decoded text
	Raw      []byte           // bytes received since the previous cut, up to and including the cut
	Commands []escpos.Command // commands in those bytes
}

// Printer is a simulated ESC/POS printer. Its methods are safe for concurrent use.
type Printer struct {
	prof      *profile.Printer
	render    func(string) ([]byte, error)
	dir       string
	stateFile string
	log       *slog.Logger

	mu       sync.Mutex
	mode     Mode
	seq      int
	receipts []Receipt
	lost     int
	kicks    int
	changed  chan struct{} // closed and replaced when a receipt arrives
	modeSet  chan struct{} // closed and replaced by SetMode
}

// New returns a simulated printer.
func New(cfg Config) (*Printer, error) {
	if cfg.Profile == nil {
		return nil, errors.New("printersim: Profile is required")
	}
	mode, err := ParseMode(string(cfg.Mode))
	if err != nil {
		return nil, err
	}
	if cfg.Dir != "" {
		if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("printersim: %w", err)
		}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Printer{
		prof: cfg.Profile, render: cfg.Render, dir: cfg.Dir, stateFile: cfg.StateFile,
		log: cfg.Log.With("sim", "printer"), mode: mode, changed: make(chan struct{}), modeSet: make(chan struct{}),
	}, nil
}

// SetMode switches the simulated condition.
func (p *Printer) SetMode(m Mode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = m
	close(p.modeSet)
	p.modeSet = make(chan struct{})
	p.log.Info("mode", "mode", m)
}

// Mode returns the current condition, after reading the state file if any.
func (p *Printer) Mode() Mode {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.currentMode()
}

func (p *Printer) currentMode() Mode {
	if p.stateFile == "" {
		return p.mode
	}
	b, err := os.ReadFile(p.stateFile)
	if err != nil {
		return p.mode
	}
	m, err := ParseMode(string(b))
	if err != nil {
		p.log.Warn("bad state file", "file", p.stateFile, "err", err)
		return p.mode
	}
	return m
}

// Receipts returns the receipts printed so far.
func (p *Printer) Receipts() []Receipt {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Receipt(nil), p.receipts...)
}

// Lost returns how many receipts were cut while the printer could not print.
func (p *Printer) Lost() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lost
}

// DrawerKicks returns how many drawer pulses (ESC p, DLE DC4 1, BEL) arrived.
func (p *Printer) DrawerKicks() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.kicks
}

// WaitReceipts waits until at least n receipts have printed, or ctx ends.
func (p *Printer) WaitReceipts(ctx context.Context, n int) ([]Receipt, error) {
	for {
		p.mu.Lock()
		if len(p.receipts) >= n {
			r := append([]Receipt(nil), p.receipts...)
			p.mu.Unlock()
			return r, nil
		}
		ch := p.changed
		p.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for %d receipts: %w", n, ctx.Err())
		}
	}
}

// Serve accepts connections on ln until ctx ends (then it closes ln and
// every connection and returns nil).
func (p *Printer) Serve(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { _ = ln.Close() })
	defer stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("printersim accept: %w", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			stopConn := context.AfterFunc(ctx, func() { _ = c.Close() })
			defer stopConn()
			p.log.Info("connection", "remote", c.RemoteAddr().String())
			if err := p.ServeConn(ctx, c); err != nil {
				p.log.Warn("connection ended", "err", err)
			}
		}()
	}
}

// ServeConn plays the printer on one byte stream (a TCP connection or a
// pty) until it ends. Bytes not yet cut when it ends become a receipt.
//
// After GS a n with n ≠ 0 (automatic status back) it sends a 4-byte ASB
// packet at once and again whenever its mode changes (SetMode or the state
// file, checked every ASBPoll), until GS a 0; a dead printer sends none.
func (p *Printer) ServeConn(ctx context.Context, rw io.ReadWriter) error {
	ctx, cancel := context.WithCancel(ctx)
	s := &session{p: p, rw: rw, dec: escpos.NewDecoder(p.prof), ctx: ctx}
	defer s.watchers.Wait()
	defer cancel()
	s.dec.OnCommand = s.command
	buf := make([]byte, 4096)
	for {
		n, err := rw.Read(buf)
		if n > 0 {
			s.raw = append(s.raw, buf[:n]...)
			_, _ = s.dec.Write(buf[:n])
			if s.werr != nil {
				return s.werr
			}
		}
		if err != nil {
			s.finish(int64(len(s.raw)) + s.base)
			if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
}

// session is the state of one connection.
type session struct {
	p    *Printer
	rw   io.ReadWriter
	dec  *escpos.Decoder
	raw  []byte // bytes since the last cut
	base int64  // stream offset of raw[0]
	werr error

	ctx      context.Context // ends with ServeConn
	watchers sync.WaitGroup
	asbOn    atomic.Bool
	watching bool // the ASB watcher runs (only touched by the reading goroutine)

	wmu     sync.Mutex // serialises writes: replies and ASB packets
	lastASB [escpos.ASBLen]byte
	sentASB bool // lastASB was sent and the mode has not gone dead since
}

// ASBPoll is how often a session with automatic status back enabled
// re-reads the state file for a mode change.
const ASBPoll = 50 * time.Millisecond

// write sends b as one unit (a status reply never splits an ASB packet).
func (s *session) write(b []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, err := s.rw.Write(b)
	return err
}

// sendASB sends the packet for the current mode when it differs from the
// last one sent, or always when force is set.
func (s *session) sendASB(force bool) error {
	mode := s.p.Mode()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if mode == Dead {
		s.sentASB = false
		return nil
	}
	pkt := mode.Status().ASB()
	if !force && s.sentASB && pkt == s.lastASB {
		return nil
	}
	if _, err := s.rw.Write(pkt[:]); err != nil {
		return err
	}
	s.lastASB, s.sentASB = pkt, true
	s.p.log.Info("automatic status back", "mode", mode, "packet", fmt.Sprintf("% x", pkt))
	return nil
}

// watchASB sends a packet on every mode change while ASB is enabled.
func (s *session) watchASB() {
	defer s.watchers.Done()
	tick := time.NewTicker(ASBPoll)
	defer tick.Stop()
	for {
		s.p.mu.Lock()
		changed := s.p.modeSet
		s.p.mu.Unlock()
		select {
		case <-s.ctx.Done():
			return
		case <-changed:
		case <-tick.C:
		}
		if !s.asbOn.Load() {
			continue
		}
		if err := s.sendASB(false); err != nil {
			s.p.log.Warn("automatic status back", "err", err)
			return
		}
	}
}

func (s *session) command(c escpos.Command) {
	switch c.Kind {
	case escpos.KindStatusRequest:
		mode := s.p.Mode()
		if mode == Dead {
			return
		}
		if c.N < 1 || c.N > 4 {
			return
		}
		if err := s.write([]byte{mode.Status().Byte(byte(c.N))}); err != nil && s.werr == nil {
			s.werr = fmt.Errorf("status reply: %w", err)
		}
	case escpos.KindASB:
		s.asbOn.Store(c.N != 0)
		if c.N == 0 {
			s.p.log.Info("automatic status back disabled")
			return
		}
		if err := s.sendASB(true); err != nil && s.werr == nil {
			s.werr = fmt.Errorf("automatic status back: %w", err)
		}
		if !s.watching {
			s.watching = true
			s.watchers.Add(1)
			go s.watchASB()
		}
	case escpos.KindTransmit:
		if c.N == int('r')<<8|1 || c.N == int('r')<<8|49 { // GS r 1: paper sensor
			st := s.p.Mode().Status()
			var b byte
			if st.PaperLow {
				b |= 0x03
			}
			if st.PaperOut {
				b |= 0x0C
			}
			_ = s.write([]byte{b})
		}
	case escpos.KindCut:
		s.finish(c.End)
	case escpos.KindDrawerKick:
		if s.p.Mode() != Dead {
			s.p.mu.Lock()
			s.p.kicks++
			s.p.mu.Unlock()
			s.p.log.Info("drawer kicked", "pin", c.N)
		}
	}
}

// finish ends the receipt at stream offset end.
func (s *session) finish(end int64) {
	n := int(end - s.base)
	if n < 0 || n > len(s.raw) {
		n = len(s.raw)
	}
	raw := append([]byte(nil), s.raw[:n]...)
	s.raw = append(s.raw[:0], s.raw[n:]...)
	s.base += int64(n)
	res := s.dec.Flush()
	if res.Text == "" && !hasOutput(res.Commands) {
		return
	}
	s.p.add(Receipt{Text: res.Text, Raw: raw, Commands: res.Commands})
}

func hasOutput(cmds []escpos.Command) bool {
	for _, c := range cmds {
		switch c.Kind {
		case escpos.KindCut, escpos.KindQR, escpos.KindBarcode, escpos.KindImage:
			return true // (a drawer pulse alone prints nothing)
		}
	}
	return false
}

func (p *Printer) add(r Receipt) {
	p.mu.Lock()
	defer p.mu.Unlock()
	mode := p.currentMode()
	if mode == Dead || !mode.prints() {
		p.lost++
		p.log.Warn("receipt lost", "mode", mode, "bytes", len(r.Raw))
		return
	}
	p.seq++
	r.N = p.seq
	p.receipts = append(p.receipts, r)
	close(p.changed)
	p.changed = make(chan struct{})
	if p.dir != "" {
		base := filepath.Join(p.dir, fmt.Sprintf("receipt-%04d", r.N))
		text := r.Text
		if text != "" {
			text += "\n"
		}
		// .bin and .png first, .txt last and atomically: a reader seeing the .txt sees all.
		if err := os.WriteFile(base+".bin", r.Raw, 0o644); err != nil {
			p.log.Error("write receipt", "err", err)
		}
		if p.render != nil {
			if img, err := p.render(r.Text); err != nil {
				p.log.Error("render receipt", "err", err)
			} else if err := os.WriteFile(base+".png", img, 0o644); err != nil {
				p.log.Error("write receipt", "err", err)
			}
		}
		if err := os.WriteFile(base+".txt.tmp", []byte(text), 0o644); err != nil {
			p.log.Error("write receipt", "err", err)
		} else if err := os.Rename(base+".txt.tmp", base+".txt"); err != nil {
			p.log.Error("write receipt", "err", err)
		}
	}
	p.log.Info("receipt", "n", r.N, "bytes", len(r.Raw))
}
