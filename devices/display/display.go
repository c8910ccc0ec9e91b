package display

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/transport"
)

// Config configures a customer display.
type Config struct {
	Dialer transport.Dialer
	// Profile gives size and code pages; nil means 20×2 and code page 19
	// (CP858) as on Epson DM-D displays.
	Profile *profile.Display
	Log     *slog.Logger
}

// Display is a customer pole display. It is safe for concurrent use.
type Display struct {
	dialer transport.Dialer
	width  int
	height int
	cs     *profile.Charset
	cpNum  int
	log    *slog.Logger

	mu   sync.Mutex
	conn transport.Conn
}

// New returns a display; it connects on the first Show.
func New(cfg Config) (*Display, error) {
	if cfg.Dialer == nil {
		return nil, errors.New("display: Dialer is required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	d := &Display{dialer: cfg.Dialer, width: 20, height: 2, cpNum: -1, log: cfg.Log.With("device", "display", "addr", cfg.Dialer.String())}
	if p := cfg.Profile; p != nil {
		d.width, d.height = p.Columns, p.Rows
		d.cpNum, d.cs = p.PreferredCharset()
	}
	return d, nil
}

// Size returns the columns and rows.
func (d *Display) Size() (int, int) { return d.width, d.height }

// Show replaces the screen with lines (padded or cut to the width). After a
// failure the next call reconnects.
func (d *Display) Show(ctx context.Context, lines ...string) error {
	var cs interface{ Encode(rune) (byte, bool) }
	if d.cs != nil {
		cs = d.cs
	}
	data := Encode(lines, d.width, d.height, cs, d.cpNum)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conn == nil {
		c, err := d.dialer.Dial(ctx)
		if err != nil {
			return fmt.Errorf("display: connect: %w", err)
		}
		d.conn = c
		if err := transport.Write(ctx, c, []byte{esc, '@'}); err != nil {
			d.drop()
			return fmt.Errorf("display: init: %w", err)
		}
	}
	if err := transport.Write(ctx, d.conn, data); err != nil {
		d.drop()
		return fmt.Errorf("display: write: %w", err)
	}
	return nil
}

// Columns formats left and right on one display line of the display's width.
func (d *Display) Columns(left, right string) string { return Columns(left, right, d.width) }

// Columns puts left flush left and right flush right in width characters,
// cutting left when both do not fit.
func Columns(left, right string, width int) string {
	rn := utf8.RuneCountInString(right)
	room := width - rn - 1
	if room < 0 {
		room = 0
	}
	lr := []rune(left)
	if len(lr) > room {
		lr = lr[:room]
	}
	pad := width - len(lr) - rn
	if pad < 1 {
		pad = 1
	}
	return string(lr) + strings.Repeat(" ", pad) + right
}

// Close closes the connection.
func (d *Display) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conn == nil {
		return nil
	}
	err := d.conn.Close()
	d.conn = nil
	return err
}

func (d *Display) drop() {
	if d.conn != nil {
		_ = d.conn.Close()
		d.conn = nil
	}
}
