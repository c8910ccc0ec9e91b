package transport

import (
	"context"
	"fmt"
	"net"
	"time"
)

// TCP dials a device on a TCP address such as "10.0.0.5:9100".
type TCP struct {
	Addr        string
	DialTimeout time.Duration // 0 means 3 s
}

// Dial opens a TCP connection to t.Addr.
func (t TCP) Dial(ctx context.Context) (Conn, error) {
	timeout := t.DialTimeout
	if timeout == 0 {
		timeout = 3 * time.Second
	}
	d := net.Dialer{Timeout: timeout, KeepAlive: 15 * time.Second}
	c, err := d.DialContext(ctx, "tcp", t.Addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", t, err)
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetNoDelay(true)
	}
	return c, nil
}

// String returns "tcp ADDR".
func (t TCP) String() string { return "tcp " + t.Addr }
