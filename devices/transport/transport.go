package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Conn is an open byte stream to a device.
type Conn interface {
	io.ReadWriteCloser
}

// Dialer opens connections to one device.
type Dialer interface {
	// Dial opens a new connection; ctx bounds the attempt.
	Dial(ctx context.Context) (Conn, error)
	// String describes the endpoint for logs, e.g. "tcp 10.0.0.5:9100".
	String() string
}

// deadliner is implemented by net.Conn and *os.File (ptys, ttys).
type deadliner interface {
	SetDeadline(t time.Time) error
}

// Write writes all of p to c, giving up when ctx ends. The connection must
// be considered broken after an error.
func Write(ctx context.Context, c Conn, p []byte) error {
	return withContext(ctx, c, func() error {
		for len(p) > 0 {
			n, err := c.Write(p)
			if err != nil {
				return err
			}
			p = p[n:]
		}
		return nil
	})
}

// ReadFull reads exactly len(p) bytes from c, giving up when ctx ends.
func ReadFull(ctx context.Context, c Conn, p []byte) error {
	return withContext(ctx, c, func() error {
		_, err := io.ReadFull(c, p)
		return err
	})
}

// Read reads what is available (at least one byte) into p, giving up when ctx ends.
func Read(ctx context.Context, c Conn, p []byte) (int, error) {
	var n int
	err := withContext(ctx, c, func() error {
		var err error
		n, err = c.Read(p)
		return err
	})
	return n, err
}

// withContext runs op with c's deadline tied to ctx. Connections without
// deadlines are closed when ctx ends so that op returns.
func withContext(ctx context.Context, c Conn, op func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var stop func() bool
	fired := make(chan struct{}) // closed once the AfterFunc has done its work
	dl, hasDeadline := ctx.Deadline()
	if d, ok := c.(deadliner); ok {
		if err := d.SetDeadline(dl); err != nil {
			return fmt.Errorf("set deadline: %w", err)
		}
		stop = context.AfterFunc(ctx, func() { _ = d.SetDeadline(time.Unix(1, 0)); close(fired) })
	} else {
		stop = context.AfterFunc(ctx, func() { _ = c.Close(); close(fired) })
	}
	err := op()
	if err != nil && hasDeadline && errors.Is(err, os.ErrDeadlineExceeded) {
		// The connection's deadline is ctx's: ctx is ending this very moment.
		<-ctx.Done()
	}
	stopped := stop()
	if !stopped {
		// The AfterFunc runs or ran: let it finish, or its late deadline
		// would cut the connection's next operation short.
		<-fired
	}
	if err != nil && (!stopped || ctx.Err() != nil) {
		// ctx ended while op ran: report that first, the I/O symptom second.
		return fmt.Errorf("%w: %w", context.Cause(ctx), err)
	}
	return err
}
