package display_test

import (
	"context"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/display"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/sim/displaysim"
	"github.com/omnilane/omnilane/devices/transport"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

func dmd110(t *testing.T) *profile.Display {
	t.Helper()
	c, err := profile.Load(firmwareprofiles.FS())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Display("epson-dm-d110")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestScreenDecodes(t *testing.T) {
	p := dmd110(t)
	cs19, _ := p.Charset(19)
	tests := []struct {
		name string
		in   []byte
		want []string
	}{
		{"encode round trip", display.Encode([]string{"Piña colada  3,50 €", "TOTAL        12,00 €"}, 20, 2, cs19, 19), []string{"Piña colada  3,50 €", "TOTAL        12,00 €"}},
		{"clear and CR LF", []byte("hello\x0cab\r\ncd"), []string{"ab", "cd"}},
		{"cursor move", []byte("\x1f$\x05\x02X"), []string{"", "    X"}},
		{"long line wraps", []byte("123456789012345678901234"), []string{"12345678901234567890", "1234"}},
		{"truncated command waits", []byte{0x1f, '$', 1}, []string{"", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := display.NewScreen(20, 2, func(n int) (display.Charset, bool) {
				cs, ok := p.Charset(n)
				if !ok {
					return nil, false
				}
				return cs, true
			})
			_, _ = s.Write(tt.in)
			got := s.Lines()
			if got[0] != tt.want[0] || got[1] != tt.want[1] {
				t.Fatalf("got %q want %q", got, tt.want)
			}
		})
	}
}

func TestColumns(t *testing.T) {
	tests := []struct{ l, r, want string }{
		{"Pan", "1,00 €", "Pan           1,00 €"},
		{"Jamón ibérico de bellota", "12,95 €", "Jamón ibéric 12,95 €"},
	}
	for _, tt := range tests {
		got := display.Columns(tt.l, tt.r, 20)
		if got != tt.want || len([]rune(got)) != 20 {
			t.Errorf("Columns(%q,%q) = %q (%d)", tt.l, tt.r, got, len([]rune(got)))
		}
	}
}

// TestDisplayOverPty drives the display simulator through a real pty.
func TestDisplayOverPty(t *testing.T) {
	p := dmd110(t)
	sim, err := displaysim.Open(p)
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer sim.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go func() { _ = sim.Run(ctx, nil) }()
	d, err := display.New(display.Config{Dialer: transport.Serial{Name: sim.Path()}, Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	steps := [][]string{
		{d.Columns("Piñones 100 g", "3,25 €"), d.Columns("TOTAL", "3,25 €")},
		{d.Columns("Café molido", "4,10 €"), d.Columns("TOTAL", "7,35 €")},
		{"¡Gracias!", "Vuelva pronto"},
	}
	for _, lines := range steps {
		if err := d.Show(ctx, lines...); err != nil {
			t.Fatal(err)
		}
		if err := sim.WaitFor(ctx, lines...); err != nil {
			t.Fatalf("screen %q, want %q: %v", sim.Lines(), lines, err)
		}
	}
}

// FuzzScreen feeds any bytes, split anywhere, to the screen decoder.
func FuzzScreen(f *testing.F) {
	f.Add(display.Encode([]string{"Piña 3,50 €", "TOTAL 3,50 €"}, 20, 2, nil, 19), 5)
	f.Add([]byte{0x1f, '$', 0xff, 0xff, 0x1b, 't', 19, 0x80, 0x0c}, 2)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		s := display.NewScreen(20, 2, nil)
		if cut < 0 {
			cut = -cut
		}
		cut %= len(b) + 1
		_, _ = s.Write(b[:cut])
		_, _ = s.Write(b[cut:])
		lines := s.Lines()
		if len(lines) != 2 {
			t.Fatalf("%d lines", len(lines))
		}
		for _, l := range lines {
			if len([]rune(l)) > 20 {
				t.Fatalf("line %q wider than the display", l)
			}
		}
	})
}
