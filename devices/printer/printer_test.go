package printer

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/escpos"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/sim/printersim"
	"github.com/omnilane/omnilane/devices/transport"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

func prof(t *testing.T, id string) *profile.Printer {
	t.Helper()
	c, err := profile.Load(firmwareprofiles.FS())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Printer(id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// startSim runs a simulated printer on addr ("127.0.0.1:0" for any port)
// until the returned stop function is called.
func startSim(t *testing.T, addr string, cfg printersim.Config) (*printersim.Printer, string, func()) {
	t.Helper()
	sim, err := printersim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := sim.Serve(ctx, ln); err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	stop := func() { cancel(); <-done }
	t.Cleanup(stop)
	return sim, ln.Addr().String(), stop
}

func receipt() *escpos.Document {
	d := &escpos.Document{}
	d.Text("Frutería Núñez", escpos.Style{Bold: true, Align: escpos.AlignCenter, DoubleWidth: true}).
		Separator().
		Columns("Piñas (2 x 1,50 €)", "3,00 €", escpos.Style{}).
		Columns("Pingüinos de chocolate", "1,25 €", escpos.Style{}).
		Columns("Café con leche", "1,80 €", escpos.Style{}).
		Separator().
		Columns("TOTAL", "6,05 €", escpos.Style{Bold: true}).
		Columns("Efectivo", "10,00 €", escpos.Style{}).
		Columns("Cambio", "3,95 €", escpos.Style{}).
		QR("https://example.com/r/L01-42").
		KickDrawer().
		Cut()
	return d
}

func TestPrintRoundTripThroughSimulator(t *testing.T) {
	p := prof(t, "TM-T88V")
	dir := t.TempDir()
	sim, addr, _ := startSim(t, "127.0.0.1:0", printersim.Config{Profile: p, Dir: dir, Log: testLog(t)})
	pr, err := New(Config{Dialer: transport.TCP{Addr: addr}, Profile: p, Log: testLog(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := pr.Print(ctx, receipt()); err != nil {
		t.Fatal(err)
	}
	rs, err := sim.WaitReceipts(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	text := rs[0].Text
	for _, want := range []string{
		"Frutería Núñez",
		"Piñas (2 x 1,50 €)                  3,00 €",
		"Pingüinos de chocolate              1,25 €",
		"Café con leche                      1,80 €",
		"TOTAL                               6,05 €",
		"Cambio                              3,95 €",
		"[QR https://example.com/r/L01-42]",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
	var kicked, cut bool
	for _, c := range rs[0].Commands {
		kicked = kicked || c.Kind == escpos.KindDrawerKick
		cut = cut || c.Kind == escpos.KindCut
	}
	if !kicked || !cut {
		t.Errorf("drawer kick %v, cut %v", kicked, cut)
	}
	// A second job is a second receipt on the same connection.
	if err := pr.Print(ctx, (&escpos.Document{}).Line("Segundo ticket: 1,00 €").Cut()); err != nil {
		t.Fatal(err)
	}
	rs, err = sim.WaitReceipts(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if rs[1].Text != "Segundo ticket: 1,00 €" {
		t.Errorf("second receipt %q", rs[1].Text)
	}
}

func TestStatusReplies(t *testing.T) {
	p := prof(t, "TM-T20II")
	tests := []struct {
		mode  printersim.Mode
		check func(escpos.Status) bool
		err   error
	}{
		{printersim.Ready, func(s escpos.Status) bool { return s.Ready() && !s.PaperLow }, nil},
		{printersim.PaperLow, func(s escpos.Status) bool { return s.Ready() && s.PaperLow }, nil},
		{printersim.PaperOut, func(s escpos.Status) bool { return s.PaperOut && s.Offline }, escpos.ErrPaperOut},
		{printersim.CoverOpen, func(s escpos.Status) bool { return s.CoverOpen && s.Offline }, escpos.ErrCoverOpen},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			sim, addr, _ := startSim(t, "127.0.0.1:0", printersim.Config{Profile: p, Mode: tt.mode})
			pr, _ := New(Config{Dialer: transport.TCP{Addr: addr}, Profile: p, Log: testLog(t)})
			defer pr.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			st, err := pr.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(st) {
				t.Fatalf("status %s", st)
			}
			err = pr.Print(ctx, receipt())
			if !errors.Is(err, tt.err) {
				t.Fatalf("print: %v, want %v", err, tt.err)
			}
			var nr *NotReadyError
			if tt.err != nil && !errors.As(err, &nr) {
				t.Fatalf("print error %T is not a *NotReadyError", err)
			}
			if tt.err != nil && (len(sim.Receipts()) != 0 || sim.Lost() != 0) {
				t.Fatalf("a job was sent to a printer that is not ready")
			}
		})
	}
}

func TestDeadPrinterAndContextDeadline(t *testing.T) {
	p := prof(t, "TM-T88V")
	_, addr, _ := startSim(t, "127.0.0.1:0", printersim.Config{Profile: p, Mode: printersim.Dead})
	pr, _ := New(Config{Dialer: transport.TCP{Addr: addr}, Profile: p, Log: testLog(t), StatusTimeout: 150 * time.Millisecond})
	defer pr.Close()
	ctx := context.Background()
	if _, err := pr.Status(ctx); !errors.Is(err, ErrNoResponse) {
		t.Fatalf("status of a dead printer: %v", err)
	}
	// The caller's deadline wins over a longer status timeout.
	pr2, _ := New(Config{Dialer: transport.TCP{Addr: addr}, Profile: p, StatusTimeout: time.Minute})
	defer pr2.Close()
	dctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := pr2.Print(dctx, receipt())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("print to a dead printer: %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("print ignored the deadline: %v", time.Since(start))
	}
}

func TestReconnectAfterNetworkDrop(t *testing.T) {
	p := prof(t, "TM-T88V")
	sim1, addr, stop1 := startSim(t, "127.0.0.1:0", printersim.Config{Profile: p})
	pr, _ := New(Config{Dialer: transport.TCP{Addr: addr}, Profile: p, Log: testLog(t)})
	defer pr.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := pr.Print(ctx, (&escpos.Document{}).Line("uno").Cut()); err != nil {
		t.Fatal(err)
	}
	if _, err := sim1.WaitReceipts(ctx, 1); err != nil {
		t.Fatal(err)
	}
	stop1() // the printer goes away: listener and connection closed
	// While it is away, a job fails (and is not lost: the caller keeps it).
	if err := pr.Print(ctx, (&escpos.Document{}).Line("perdido").Cut()); err == nil {
		t.Fatal("print to a vanished printer succeeded")
	}
	// It comes back on the same address: the next job reconnects by itself.
	sim2, _, _ := startSim(t, addr, printersim.Config{Profile: p})
	if err := pr.Print(ctx, (&escpos.Document{}).Line("dos").Cut()); err != nil {
		t.Fatalf("print after the printer came back: %v", err)
	}
	rs, err := sim2.WaitReceipts(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Text != "dos" {
		t.Fatalf("got %q", rs[0].Text)
	}
}

func TestReconnectWhenPrinterRestartsBetweenJobs(t *testing.T) {
	// The kept connection dies while idle; the next job must notice before
	// writing (the status check fails) and redial.
	p := prof(t, "TM-T88V")
	_, addr, stop1 := startSim(t, "127.0.0.1:0", printersim.Config{Profile: p})
	pr, _ := New(Config{Dialer: transport.TCP{Addr: addr}, Profile: p, Log: testLog(t)})
	defer pr.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := pr.Status(ctx); err != nil {
		t.Fatal(err)
	}
	stop1()
	sim2, _, _ := startSim(t, addr, printersim.Config{Profile: p})
	if err := pr.Print(ctx, (&escpos.Document{}).Line("tras reinicio").Cut()); err != nil {
		t.Fatal(err)
	}
	if rs, err := sim2.WaitReceipts(ctx, 1); err != nil || rs[0].Text != "tras reinicio" {
		t.Fatalf("receipts %v, %v", rs, err)
	}
}

func TestOpenTCP(t *testing.T) {
	if _, err := OpenTCP("no-such-printer", "127.0.0.1:9", nil); err == nil {
		t.Fatal("unknown profile accepted")
	}
	pr, err := OpenTCP("TM-T88V", "127.0.0.1:9", nil)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Profile().ID != "TM-T88V" {
		t.Fatal("wrong profile")
	}
}

// TestStarPrinterThroughSimulator prints to a Star-profile printer: Star Line
// mode bytes, no DLE EOT status (Star Line mode does not answer it).
func TestStarPrinterThroughSimulator(t *testing.T) {
	p := prof(t, "TSP600")
	if p.Omnilane.Status.RealTime {
		t.Fatal("Star profile claims DLE EOT status")
	}
	sim, addr, _ := startSim(t, "127.0.0.1:0", printersim.Config{Profile: p})
	pr, _ := New(Config{Dialer: transport.TCP{Addr: addr}, Profile: p, Log: testLog(t)})
	defer pr.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := pr.Print(ctx, receipt()); err != nil {
		t.Fatal(err)
	}
	rs, err := sim.WaitReceipts(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rs[0].Text, "Pingüinos de chocolate") || !strings.Contains(rs[0].Text, "3,95 €") {
		t.Fatalf("receipt:\n%s", rs[0].Text)
	}
	if bytes.Contains(rs[0].Raw, []byte{0x10, 0x04}) {
		t.Fatal("DLE EOT sent to a Star printer")
	}
}

// TestNoStatusPrinterUsesFreshConnections: with no status to prove a kept
// connection alive, each job dials anew, so a printer that went away makes
// the job fail instead of vanishing into a dead socket.
func TestNoStatusPrinterUsesFreshConnections(t *testing.T) {
	p := prof(t, "TSP600")
	sim1, addr, stop1 := startSim(t, "127.0.0.1:0", printersim.Config{Profile: p})
	pr, _ := New(Config{Dialer: transport.TCP{Addr: addr}, Profile: p, Log: testLog(t)})
	defer pr.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := pr.Print(ctx, (&escpos.Document{}).Line("uno").Cut()); err != nil {
		t.Fatal(err)
	}
	if _, err := sim1.WaitReceipts(ctx, 1); err != nil {
		t.Fatal(err)
	}
	stop1()
	if err := pr.Print(ctx, (&escpos.Document{}).Line("perdido").Cut()); err == nil {
		t.Fatal("print to a vanished printer succeeded")
	}
	sim2, _, _ := startSim(t, addr, printersim.Config{Profile: p})
	if err := pr.Print(ctx, (&escpos.Document{}).Line("dos").Cut()); err != nil {
		t.Fatal(err)
	}
	if rs, err := sim2.WaitReceipts(ctx, 1); err != nil || rs[0].Text != "dos" {
		t.Fatalf("%v %v", rs, err)
	}
	// Status only probes such a printer: no DLE EOT goes out.
	if st, err := pr.Status(ctx); err != nil || !st.Ready() || pr.ReportsStatus() {
		t.Fatalf("status %v %v", st, err)
	}
}

// TestOpenDrawerWhilePaperOut: the drawer must open for a cash sale even when
// the printer cannot print.
func TestOpenDrawerWhilePaperOut(t *testing.T) {
	tests := []struct {
		profile string
		mode    printersim.Mode
	}{
		{"TM-T88V", printersim.PaperOut},
		{"TM-T88V", printersim.CoverOpen},
		{"TM-T88V", printersim.Ready},
		{"TSP600", printersim.Ready},
	}
	for _, tt := range tests {
		t.Run(tt.profile+"/"+string(tt.mode), func(t *testing.T) {
			p := prof(t, tt.profile)
			sim, addr, _ := startSim(t, "127.0.0.1:0", printersim.Config{Profile: p, Mode: tt.mode})
			pr, _ := New(Config{Dialer: transport.TCP{Addr: addr}, Profile: p, Log: testLog(t)})
			defer pr.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := pr.OpenDrawer(ctx, 0); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(3 * time.Second)
			for sim.DrawerKicks() != 1 {
				if time.Now().After(deadline) {
					t.Fatalf("kicks %d", sim.DrawerKicks())
				}
				time.Sleep(10 * time.Millisecond)
			}
			if len(sim.Receipts()) != 0 {
				t.Fatal("a drawer pulse became a receipt")
			}
		})
	}
}
