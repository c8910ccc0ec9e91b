package printer

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/escpos"
	"github.com/omnilane/omnilane/devices/sim/printersim"
	"github.com/omnilane/omnilane/devices/transport"
)

// events collects OnStatus events.
func events() (func(StatusEvent), <-chan StatusEvent) {
	ch := make(chan StatusEvent, 64)
	return func(ev StatusEvent) {
		select {
		case ch <- ev:
		default:
		}
	}, ch
}

// waitEvent waits for an event ok accepts, skipping others.
func waitEvent(t *testing.T, ch <-chan StatusEvent, what string, ok func(StatusEvent) bool) StatusEvent {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev := <-ch:
			if ok(ev) {
				return ev
			}
			t.Logf("skipping event %+v", ev)
		case <-timeout:
			t.Fatalf("no status event: %s", what)
		}
	}
}

func TestAutomaticStatusBackFollowsSimulator(t *testing.T) {
	p := prof(t, "TM-T20II")
	state := filepath.Join(t.TempDir(), "state")
	sim, addr, _ := startSim(t, "127.0.0.1:0", printersim.Config{Profile: p, StateFile: state})
	onStatus, evs := events()
	pr, _ := New(Config{Dialer: transport.TCP{Addr: addr}, Profile: p, Log: testLog(t), OnStatus: onStatus})
	defer pr.Close()
	if !pr.ReportsASB() {
		t.Fatal("TM-T20II profile does not enable automatic status back")
	}
	if _, at := pr.LastStatus(); !at.IsZero() {
		t.Fatal("a status is known before any connection")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := pr.Print(ctx, receipt()); err != nil {
		t.Fatal(err)
	}
	if st, at := pr.LastStatus(); !st.Ready() || at.IsZero() {
		t.Fatalf("after a job: %v at %v", st, at)
	}

	// The printer runs out of paper: the driver learns it without asking.
	if err := os.WriteFile(state, []byte("paper-out\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ev := waitEvent(t, evs, "paper out", func(ev StatusEvent) bool { return ev.Err == nil && ev.Status.PaperOut })
	if ev.Source != SourceASB || !ev.Status.Offline || ev.At.IsZero() {
		t.Fatalf("paper-out event %+v", ev)
	}
	if st, _ := pr.LastStatus(); !st.PaperOut || st.Ready() {
		t.Fatalf("LastStatus after ASB paper out: %v", st)
	}

	// DLE EOT still answers, in step, while ASB is on.
	st, err := pr.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.PaperOut || !errors.Is(st.Err(), escpos.ErrPaperOut) {
		t.Fatalf("DLE EOT status while paper out: %v", st)
	}
	if err := pr.Print(ctx, receipt()); !errors.Is(err, escpos.ErrPaperOut) {
		t.Fatalf("print while paper out: %v", err)
	}

	// Cover open, then back to ready, again without polling.
	sim.SetMode(printersim.CoverOpen) // the state file wins over SetMode:
	if err := os.WriteFile(state, []byte("cover-open\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, evs, "cover open", func(ev StatusEvent) bool { return ev.Status.CoverOpen && !ev.Status.PaperOut })
	if err := os.WriteFile(state, []byte("ready\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ev = waitEvent(t, evs, "ready", func(ev StatusEvent) bool { return ev.Err == nil && ev.Status.Ready() })
	if ev.Source != SourceASB {
		t.Fatalf("ready event %+v", ev)
	}
	if st, _ := pr.LastStatus(); !st.Ready() {
		t.Fatalf("LastStatus after recovery: %v", st)
	}
	if st, err := pr.Status(ctx); err != nil || !st.Ready() {
		t.Fatalf("DLE EOT status after recovery: %v, %v", st, err)
	}
	if err := pr.Print(ctx, receipt()); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.WaitReceipts(ctx, 2); err != nil {
		t.Fatal(err)
	}
	// Close ends the reader (Close waits for it); a later call reconnects
	// and enables ASB again.
	if err := pr.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := pr.Status(ctx); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(state, []byte("paper-low\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, evs, "paper low after reconnect", func(ev StatusEvent) bool {
		return ev.Source == SourceASB && ev.Status.PaperLow && ev.Status.Ready()
	})
}

func TestAutomaticStatusBackConnectionLossReported(t *testing.T) {
	p := prof(t, "TM-T88V")
	_, addr, stop := startSim(t, "127.0.0.1:0", printersim.Config{Profile: p})
	onStatus, evs := events()
	pr, _ := New(Config{Dialer: transport.TCP{Addr: addr}, Profile: p, Log: testLog(t), OnStatus: onStatus})
	defer pr.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := pr.Status(ctx); err != nil {
		t.Fatal(err)
	}
	stop()
	waitEvent(t, evs, "connection lost", func(ev StatusEvent) bool { return ev.Err != nil })
	sim2, _, _ := startSim(t, addr, printersim.Config{Profile: p})
	if err := pr.Print(ctx, (&escpos.Document{}).Line("de vuelta").Cut()); err != nil {
		t.Fatal(err)
	}
	if _, err := sim2.WaitReceipts(ctx, 1); err != nil {
		t.Fatal(err)
	}
}

// TestGarbledAutomaticStatusBack plays a printer that sends broken ASB
// packets and stray bytes: each is reported, none panics, and DLE EOT and
// good packets keep working.
func TestGarbledAutomaticStatusBack(t *testing.T) {
	p := prof(t, "TM-T88V")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	served := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			served <- err
			return
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		gsa := make([]byte, 3)
		if _, err := io.ReadFull(c, gsa); err != nil {
			served <- err
			return
		}
		if gsa[0] != 0x1D || gsa[1] != 'a' || gsa[2] == 0 {
			served <- errors.New("expected GS a n first")
			return
		}
		// Answer DLE EOT as a paper-out printer. Once the first status
		// read is done (DLE EOT 1, 2, 4) and the driver idle, send garbage
		// and then a good packet (paper low).
		paperLow := escpos.Status{PaperLow: true}.ASB()
		garbage := []byte{
			0x10, 0x00, 0x80, // packet cut short by a byte with bit 7 set (itself stray)
			0x12,             // a DLE EOT reply nobody asked for
			0x10, 0x00, 0x10, // cut short by a byte with bit 4 set (which starts the next packet)
		}
		req := make([]byte, 3)
		for n := 1; ; n++ {
			if _, err := io.ReadFull(c, req); err != nil {
				served <- nil
				return
			}
			out := []byte{escpos.Status{PaperOut: true}.Byte(req[2])}
			if n == 3 {
				out = append(append(out, garbage...), paperLow[1:]...)
			}
			if _, err := c.Write(out); err != nil {
				served <- err
				return
			}
		}
	}()
	onStatus, evs := events()
	pr, _ := New(Config{Dialer: transport.TCP{Addr: ln.Addr().String()}, Profile: p, Log: testLog(t), OnStatus: onStatus})
	defer pr.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := pr.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.PaperOut {
		t.Fatalf("DLE EOT status %v", st)
	}
	bad := 0
	waitEvent(t, evs, "garbage reported, then the good packet", func(ev StatusEvent) bool {
		if ev.Err != nil {
			if !errors.Is(ev.Err, escpos.ErrBadStatus) {
				t.Errorf("garbage reported as %v", ev.Err)
			}
			bad++
		}
		return ev.Err == nil && ev.Source == SourceASB && ev.Status.PaperLow
	})
	if bad != 4 { // cut short, stray 0x80, stray 0x12, cut short
		t.Fatalf("%d problems reported, want 4", bad)
	}
	if st, _ := pr.LastStatus(); !st.PaperLow || st.PaperOut {
		t.Fatalf("LastStatus %v", st)
	}
	// DLE EOT still works on the same connection.
	if st, err := pr.Status(ctx); err != nil || !st.PaperOut {
		t.Fatalf("status after garbage: %v, %v", st, err)
	}
	if err := pr.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-served; err != nil {
		t.Fatal(err)
	}
}
