// Package scalesim is a virtual checkout scale speaking the bytes of the
// Toledo 8213 or NCI protocol (see devices/scale) on a pseudo-terminal or a
// TCP connection. Tests and demos place a weight on it, make it move, or
// push it under zero or over capacity.
package scalesim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"github.com/omnilane/omnilane/devices/scale"
	"github.com/omnilane/omnilane/devices/sim/simpty"
)

// State is what lies on the scale.
type State struct {
	Grams     int64
	Motion    bool
	UnderZero bool
	Over      bool
}

// Config configures a simulated scale.
type Config struct {
	Dialect scale.Dialect
	Unit    scale.Unit // default kg
	// Capacity in grams (default 15 kg): a heavier weight reads over capacity.
	Capacity int64
	// Settle is how long the scale reports motion after a new weight is
	// placed (0: stable at once).
	Settle time.Duration
}

// Scale is a simulated scale. Its methods are safe for concurrent use.
type Scale struct {
	cfg Config

	mu       sync.Mutex
	st       State
	settleAt time.Time
	requests int
}

// New returns an empty scale.
func New(cfg Config) (*Scale, error) {
	if _, err := scale.Request(cfg.Dialect); err != nil {
		return nil, err
	}
	if cfg.Unit == "" {
		cfg.Unit = scale.UnitKg
	}
	if cfg.Capacity <= 0 {
		cfg.Capacity = 15000
	}
	return &Scale{cfg: cfg}, nil
}

// Set replaces what is on the scale. A new weight moves for Config.Settle
// before it reads stable.
func (s *Scale) Set(st State) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.Grams != s.st.Grams && s.cfg.Settle > 0 {
		s.settleAt = time.Now().Add(s.cfg.Settle)
	}
	s.st = st
}

// Place puts grams on the scale (0 empties it).
func (s *Scale) Place(grams int64) { s.Set(State{Grams: grams}) }

// Requests returns how many weight requests the scale answered.
func (s *Scale) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// now is the state as the scale reads it at this moment.
func (s *Scale) now() State {
	st := s.st
	if time.Now().Before(s.settleAt) {
		st.Motion = true
	}
	if st.Grams > s.cfg.Capacity {
		st.Over = true
	}
	if st.Grams < 0 {
		st.UnderZero = true
	}
	return st
}

// Reply returns the bytes the scale answers a weight request with now.
func (s *Scale) Reply() []byte {
	s.mu.Lock()
	s.requests++
	st := s.now()
	s.mu.Unlock()
	return Encode(s.cfg.Dialect, s.cfg.Unit, st)
}

// Encode is the reply of a scale in state st.
func Encode(d scale.Dialect, u scale.Unit, st State) []byte {
	valid := !st.Motion && !st.UnderZero && !st.Over
	w := weightText(u, st.Grams)
	switch d {
	case scale.DialectToledo8213:
		if valid {
			return append(append([]byte{0x02}, w...), 0x0d)
		}
		b := byte(0x40)
		if st.Motion {
			b |= 0x01
		}
		if st.Over {
			b |= 0x02
		}
		if st.UnderZero {
			b |= 0x04
		}
		return []byte{0x02, '?', b, 0x0d}
	default: // NCI
		b1, b2 := byte(0x30), byte(0x30)
		if st.Motion {
			b1 |= 0x01
		}
		if st.Grams == 0 {
			b1 |= 0x02
		}
		if st.UnderZero {
			b2 |= 0x01
		}
		if st.Over {
			b2 |= 0x02
		}
		var out bytes.Buffer
		out.WriteByte(0x0a)
		if valid {
			out.WriteString(w)
			if u == scale.UnitLb {
				out.WriteString("LB")
			} else {
				out.WriteString("KG")
			}
			out.Write([]byte{0x0d, 0x0a})
		}
		out.Write([]byte{'S', b1, b2, 0x0d, 0x03})
		return out.Bytes()
	}
}

// weightText is the weight as the scale prints it: "01.234" kg or "02.72" lb.
func weightText(u scale.Unit, grams int64) string {
	if grams < 0 {
		grams = 0
	}
	if u == scale.UnitLb {
		h := (grams*100*100000*2 + 45359237) / (2 * 45359237) // hundredths of a pound
		return fmt.Sprintf("%02d.%02d", h/100, h%100)
	}
	return fmt.Sprintf("%02d.%03d", grams/1000, grams%1000)
}

// Serve answers the requests read from rw until it fails or ctx ends.
// Toledo 8213: every 'W' is answered, other bytes ignored. NCI: each
// CR-terminated command; "W" and "S" are answered, "Z" zeroes (empties)
// the scale and answers its status, anything else is answered "?".
func (s *Scale) Serve(ctx context.Context, rw io.ReadWriter) error {
	buf := make([]byte, 64)
	var line []byte
	for {
		n, err := rw.Read(buf)
		for _, c := range buf[:n] {
			var reply []byte
			switch {
			case s.cfg.Dialect == scale.DialectToledo8213:
				if c == 'W' {
					reply = s.Reply()
				}
			case c == 0x0d:
				reply = s.command(string(line))
				line = line[:0]
			case len(line) < 32:
				line = append(line, c)
			}
			if reply != nil {
				if _, err := rw.Write(reply); err != nil {
					return err
				}
			}
		}
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, io.EOF) || errors.Is(err, os.ErrClosed) || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
	}
}

func (s *Scale) command(cmd string) []byte {
	switch cmd {
	case "W":
		return s.Reply()
	case "S":
		r := s.Reply()
		if i := bytes.IndexByte(r, 'S'); i > 0 {
			return append([]byte{0x0a}, r[i:]...)
		}
		return r
	case "Z":
		s.mu.Lock()
		s.st, s.settleAt = State{}, time.Time{} // zeroed at once, nothing moving
		s.mu.Unlock()
		return s.command("S")
	}
	return []byte{0x0a, '?', 0x0d, 0x03}
}

// PTY serves the scale on a new pseudo-terminal until ctx ends; path is
// sent on ready once the device can be opened.
func (s *Scale) PTY(ctx context.Context, ready func(path string)) error {
	p, err := simpty.Open()
	if err != nil {
		return err
	}
	defer p.Close()
	stop := context.AfterFunc(ctx, func() { _ = p.Close() })
	defer stop()
	ready(p.Path())
	return s.Serve(ctx, p)
}

// Listen serves the scale on a TCP listener (one connection at a time, as
// a serial server would) until ctx ends.
func (s *Scale) Listen(ctx context.Context, ln net.Listener) error {
	stop := context.AfterFunc(ctx, func() { _ = ln.Close() })
	defer stop()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		cstop := context.AfterFunc(ctx, func() { _ = c.Close() })
		_ = s.Serve(ctx, c)
		cstop()
		_ = c.Close()
	}
}
