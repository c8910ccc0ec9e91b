// Package displaysim is a virtual customer pole display on a
// pseudo-terminal: it decodes the line-display commands the host writes and
// keeps the screen, reporting each change.
package displaysim

import (
	"context"
	"errors"
	"io"
	"os"
	"slices"
	"sync"

	"github.com/omnilane/omnilane/devices/display"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/sim/simpty"
)

// Display is a simulated display.
type Display struct {
	pty *simpty.PTY

	mu      sync.Mutex
	screen  *display.Screen
	lines   []string
	changed chan struct{}
}

// Open creates the pty and a screen sized and coded as profile p says (nil: 20×2, no code pages).
func Open(p *profile.Display) (*Display, error) {
	pt, err := simpty.Open()
	if err != nil {
		return nil, err
	}
	w, h := 20, 2
	var charsets func(int) (display.Charset, bool)
	if p != nil {
		w, h = p.Columns, p.Rows
		charsets = func(n int) (display.Charset, bool) {
			cs, ok := p.Charset(n)
			if !ok {
				return nil, false
			}
			return cs, true
		}
	}
	s := display.NewScreen(w, h, charsets)
	return &Display{pty: pt, screen: s, lines: s.Lines(), changed: make(chan struct{})}, nil
}

// Path is the serial device the host opens.
func (d *Display) Path() string { return d.pty.Path() }

// Lines returns the screen now.
func (d *Display) Lines() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.lines)
}

// Run decodes what the host writes until ctx ends or the pty closes, calling
// onChange (if set) with the screen after each change.
func (d *Display) Run(ctx context.Context, onChange func([]string)) error {
	stop := context.AfterFunc(ctx, func() { _ = d.pty.Close() })
	defer stop()
	buf := make([]byte, 256)
	for {
		n, err := d.pty.Read(buf)
		if n > 0 {
			d.mu.Lock()
			_, _ = d.screen.Write(buf[:n])
			now := d.screen.Lines()
			diff := !slices.Equal(now, d.lines)
			if diff {
				d.lines = now
				close(d.changed)
				d.changed = make(chan struct{})
			}
			d.mu.Unlock()
			if diff && onChange != nil {
				onChange(now)
			}
		}
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, io.EOF) || errors.Is(err, os.ErrClosed) {
				return nil
			}
			return err
		}
	}
}

// WaitFor waits until the screen shows want (rows compared without trailing spaces).
func (d *Display) WaitFor(ctx context.Context, want ...string) error {
	for {
		d.mu.Lock()
		ok := slices.Equal(d.lines, want)
		ch := d.changed
		d.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Close closes the pty.
func (d *Display) Close() error { return d.pty.Close() }
