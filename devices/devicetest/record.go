package devicetest

import (
	"context"
	"sync"
	"time"

	"github.com/omnilane/omnilane/devices/transport"
)

// Recorder wraps a Dialer and records every byte exchanged into a Script:
// consecutive writes form an exchange's Send, reads until the next write
// its Reply.
type Recorder struct {
	inner transport.Dialer

	mu     sync.Mutex
	script Script
	inSend bool
}

// NewRecorder records the sessions of d.
func NewRecorder(d transport.Dialer) *Recorder { return &Recorder{inner: d} }

// Dial implements transport.Dialer.
func (r *Recorder) Dial(ctx context.Context) (transport.Conn, error) {
	c, err := r.inner.Dial(ctx)
	if err != nil {
		return nil, err
	}
	return &recConn{Conn: c, r: r}, nil
}

// String implements transport.Dialer.
func (r *Recorder) String() string { return "record " + r.inner.String() }

// Script returns what was recorded so far.
func (r *Recorder) Script() Script {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := Script{Note: r.script.Note}
	for _, e := range r.script.Exchanges {
		s.Exchanges = append(s.Exchanges, Exchange{Send: append(Bytes(nil), e.Send...), Reply: append(Bytes(nil), e.Reply...)})
	}
	return s
}

func (r *Recorder) sent(b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ex := &r.script.Exchanges
	if !r.inSend || len(*ex) == 0 {
		*ex = append(*ex, Exchange{})
		r.inSend = true
	}
	last := &(*ex)[len(*ex)-1]
	last.Send = append(last.Send, b...)
}

func (r *Recorder) received(b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ex := &r.script.Exchanges
	if len(*ex) == 0 {
		*ex = append(*ex, Exchange{})
	}
	last := &(*ex)[len(*ex)-1]
	last.Reply = append(last.Reply, b...)
	r.inSend = false
}

// recConn is one recorded connection.
type recConn struct {
	transport.Conn
	r *Recorder
}

// SetDeadline passes deadlines through so ctx handling stays the same.
func (c *recConn) SetDeadline(t time.Time) error {
	if d, ok := c.Conn.(interface{ SetDeadline(time.Time) error }); ok {
		return d.SetDeadline(t)
	}
	return nil
}

func (c *recConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if n > 0 {
		c.r.sent(b[:n])
	}
	return n, err
}

func (c *recConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.r.received(b[:n])
	}
	return n, err
}
