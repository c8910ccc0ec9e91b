package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/tarm/serial"
)

// Serial opens a serial port (or a pseudo-terminal) with tarm/serial, raw 8N1
// unless told otherwise.
type Serial struct {
	Name     string // e.g. "/dev/ttyUSB0" or a pty slave "/dev/pts/3"
	Baud     int    // 0 means 9600
	DataBits byte   // 0 means 8
	Parity   byte   // 'N' (default), 'E' or 'O'
	StopBits byte   // 1 (default) or 2
	// Poll is how often a blocked read wakes to notice Close; 0 means 100 ms.
	Poll time.Duration
}

// Dial opens the port. ctx is checked before opening (opening does not block).
func (s Serial) Dial(ctx context.Context) (Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg := &serial.Config{Name: s.Name, Baud: s.Baud, Size: s.DataBits, ReadTimeout: s.Poll}
	if cfg.Baud == 0 {
		cfg.Baud = 9600
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = 100 * time.Millisecond
	}
	switch s.Parity {
	case 0, 'N':
		cfg.Parity = serial.ParityNone
	case 'E':
		cfg.Parity = serial.ParityEven
	case 'O':
		cfg.Parity = serial.ParityOdd
	default:
		return nil, fmt.Errorf("open %s: parity %q", s, s.Parity)
	}
	switch s.StopBits {
	case 0, 1:
		cfg.StopBits = serial.Stop1
	case 2:
		cfg.StopBits = serial.Stop2
	default:
		return nil, fmt.Errorf("open %s: stop bits %d", s, s.StopBits)
	}
	p, err := serial.OpenPort(cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", s, err)
	}
	return &serialConn{p: p, poll: cfg.ReadTimeout}, nil
}

// String returns "serial NAME@BAUD".
func (s Serial) String() string {
	b := s.Baud
	if b == 0 {
		b = 9600
	}
	return fmt.Sprintf("serial %s@%d", s.Name, b)
}

// ErrClosed is returned by reads and writes on a closed connection.
var ErrClosed = errors.New("connection closed")

// ErrHangup is returned when the device went away (USB serial unplugged,
// pty master closed).
var ErrHangup = errors.New("serial device hung up")

// serialConn hides tarm/serial's read timeout: a read that times out with no
// data is retried until data comes or the port is closed. A terminal that
// hung up also reads as 0 bytes, but at once instead of after the timeout:
// repeated instant empty reads mean the device is gone.
type serialConn struct {
	p      *serial.Port
	poll   time.Duration
	closed atomic.Bool
}

func (c *serialConn) Read(b []byte) (int, error) {
	fast := 0
	for {
		if c.closed.Load() {
			return 0, ErrClosed
		}
		start := time.Now()
		n, err := c.p.Read(b)
		if n > 0 {
			return n, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			if c.closed.Load() {
				return 0, ErrClosed
			}
			return 0, err
		}
		// n == 0: the read timeout passed with no data, or the line hung up.
		if time.Since(start) < c.poll/4 {
			if fast++; fast >= 3 {
				return 0, ErrHangup
			}
		} else {
			fast = 0
		}
	}
}

func (c *serialConn) Write(b []byte) (int, error) {
	if c.closed.Load() {
		return 0, ErrClosed
	}
	return c.p.Write(b)
}

func (c *serialConn) Close() error {
	if c.closed.Swap(true) {
		return nil
	}
	return c.p.Close()
}
