package devicetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/omnilane/omnilane/devices/transport"
)

// ErrUnexpected is returned to the driver when it sends bytes the script
// does not expect.
var ErrUnexpected = errors.New("devicetest: unexpected bytes")

// Playback is a transport.Dialer and transport.Conn that plays a Script: each
// time the host has sent an exchange's Send bytes, the Reply becomes
// readable. When the test ends it fails if any exchange was not used.
type Playback struct {
	t      testing.TB
	script Script

	mu     sync.Mutex
	cond   *sync.Cond
	next   int    // index of the exchange being sent
	got    []byte // bytes of the current exchange received so far
	reply  []byte // readable reply bytes
	closed bool
	failed bool
	dials  int
}

// NewPlayback returns a playback of s that reports to t.
func NewPlayback(t testing.TB, s Script) *Playback {
	p := &Playback{t: t, script: s}
	p.cond = sync.NewCond(&p.mu)
	t.Cleanup(func() {
		if err := p.Unused(); err != nil {
			t.Error(err)
		}
	})
	return p
}

// Unused returns an error naming the first exchange that never happened.
func (p *Playback) Unused() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed || p.next >= len(p.script.Exchanges) {
		return nil
	}
	e := p.script.Exchanges[p.next]
	return fmt.Errorf("devicetest: exchange %d of %d never happened: expected send % x (got % x so far)",
		p.next+1, len(p.script.Exchanges), []byte(e.Send), p.got)
}

// Dial implements transport.Dialer: every dial reopens the same session.
func (p *Playback) Dial(ctx context.Context) (transport.Conn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = false
	p.dials++
	return p, nil
}

// Dials returns how many times Dial was called.
func (p *Playback) Dials() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dials
}

// String implements transport.Dialer.
func (p *Playback) String() string { return "playback" }

// Write checks b against the script.
func (p *Playback) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return 0, transport.ErrClosed
	}
	for i, c := range b {
		if p.next >= len(p.script.Exchanges) {
			return p.fail(i, "script is over but the host sent % x", b[i:])
		}
		want := p.script.Exchanges[p.next].Send
		if c != want[len(p.got)] {
			return p.fail(i, "exchange %d: host sent % x, script expects % x", p.next+1, append(p.got, b[i:]...), []byte(want))
		}
		p.got = append(p.got, c)
		if len(p.got) == len(want) {
			p.reply = append(p.reply, p.script.Exchanges[p.next].Reply...)
			p.next++
			p.got = nil
			p.cond.Broadcast()
		}
	}
	return len(b), nil
}

func (p *Playback) fail(n int, format string, args ...any) (int, error) {
	err := fmt.Errorf("%w: "+format, append([]any{ErrUnexpected}, args...)...)
	p.failed = true
	p.t.Error(err)
	return n, err
}

// Read returns reply bytes, waiting for the host to send what triggers them.
func (p *Playback) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.reply) == 0 && !p.closed {
		p.cond.Wait()
	}
	if len(p.reply) == 0 {
		return 0, transport.ErrClosed
	}
	n := copy(b, p.reply)
	p.reply = p.reply[n:]
	return n, nil
}

// Close ends the current session (a later Dial reopens it).
func (p *Playback) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.cond.Broadcast()
	return nil
}

// Pending reports whether the host is in the middle of an exchange.
func (p *Playback) Pending() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.got) > 0 || len(p.reply) > 0
}
