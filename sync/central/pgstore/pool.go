package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// errPoolClosed is returned by acquire after Close.
var errPoolClosed = errors.New("database closed")

// idleCheck is how long a connection may sit idle before it is pinged
// before use (the server may have restarted meanwhile).
const idleCheck = 30 * time.Second

// pool is a small pool of pgx connections: at most max open, idle ones
// reused, and any connection left broken or inside a transaction closed on
// release. (pgxpool would need a module the build does not carry.)
type pool struct {
	cfg   *pgx.ConnConfig
	slots chan struct{} // one token per open connection
	idle  chan idleConn

	mu     sync.Mutex
	closed bool
	done   chan struct{}
}

type idleConn struct {
	c     *pgx.Conn
	since time.Time
}

func newPool(cfg *pgx.ConnConfig, max int) *pool {
	return &pool{cfg: cfg, slots: make(chan struct{}, max), idle: make(chan idleConn, max), done: make(chan struct{})}
}

// acquire returns an idle connection or dials a new one when fewer than
// max are open, waiting for one otherwise.
func (p *pool) acquire(ctx context.Context) (*pgx.Conn, error) {
	for {
		select {
		case <-p.done:
			return nil, errPoolClosed
		default:
		}
		var ic idleConn
		select {
		case ic = <-p.idle:
		default:
			select {
			case ic = <-p.idle:
			case p.slots <- struct{}{}:
				c, err := pgx.ConnectConfig(ctx, p.cfg)
				if err != nil {
					<-p.slots
					return nil, fmt.Errorf("connect: %w", err)
				}
				return c, nil
			case <-p.done:
				return nil, errPoolClosed
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if time.Since(ic.since) < idleCheck {
			return ic.c, nil
		}
		if err := ic.c.Ping(ctx); err == nil {
			return ic.c, nil
		} else if ctx.Err() != nil {
			p.discard(ic.c)
			return nil, ctx.Err()
		}
		p.discard(ic.c) // stale: try another
	}
}

// release returns c to the pool, or closes it when it is broken, still in
// a transaction, or the pool is closed.
func (p *pool) release(c *pgx.Conn) {
	if c.IsClosed() || c.PgConn().TxStatus() != 'I' {
		p.discard(c)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		p.discardLocked(c)
		return
	}
	p.idle <- idleConn{c: c, since: time.Now()} // never blocks: one idle place per slot
}

func (p *pool) discard(c *pgx.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.discardLocked(c)
}

func (p *pool) discardLocked(c *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.Close(ctx)
	<-p.slots
}

// close closes the idle connections; those in use are closed on release.
func (p *pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	close(p.done)
	for {
		select {
		case ic := <-p.idle:
			p.discardLocked(ic.c)
		default:
			return
		}
	}
}
