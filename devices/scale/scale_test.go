package scale_test

import (
	"context"
	"errors"
	"flag"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/devicetest"
	"github.com/omnilane/omnilane/devices/scale"
	"github.com/omnilane/omnilane/devices/sim/scalesim"
	"github.com/omnilane/omnilane/devices/transport"
)

var update = flag.Bool("update", false, "re-record testdata scripts against the simulator")

// ptySim serves a simulated scale on a real pseudo-terminal.
func ptySim(t *testing.T, cfg scalesim.Config) (*scalesim.Scale, string) {
	t.Helper()
	sim, err := scalesim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	paths := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- sim.PTY(ctx, func(p string) { paths <- p }) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case p := <-paths:
		return sim, p
	case err := <-done:
		t.Skipf("no pty: %v", err)
	}
	return nil, ""
}

// tcpSim serves a simulated scale on 127.0.0.1:0.
func tcpSim(t *testing.T, cfg scalesim.Config) (*scalesim.Scale, string) {
	t.Helper()
	sim, err := scalesim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sim.Listen(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done })
	return sim, ln.Addr().String()
}

func newScale(t *testing.T, cfg scale.Config) *scale.Scale {
	t.Helper()
	s, err := scale.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestWeighOverPty weighs through a real pty in both dialects: a weight
// that settles is read once stable, and each condition comes back typed.
func TestWeighOverPty(t *testing.T) {
	for _, d := range []scale.Dialect{scale.DialectToledo8213, scale.DialectNCI} {
		t.Run(string(d), func(t *testing.T) {
			sim, path := ptySim(t, scalesim.Config{Dialect: d, Settle: 300 * time.Millisecond})
			s := newScale(t, scale.Config{Dialer: transport.Serial{Name: path}, Dialect: d, RetryEvery: 50 * time.Millisecond})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if _, err := s.Weigh(ctx); scale.ConditionOf(err) != scale.CondEmpty {
				t.Fatalf("empty scale: %v", err)
			}
			sim.Place(1234)
			before := sim.Requests()
			g, err := s.Weigh(ctx)
			if err != nil || g != 1234 {
				t.Fatalf("Weigh = %d, %v; want 1234 g", g, err)
			}
			if sim.Requests()-before < 2 {
				t.Fatalf("a settling weight was read in %d request(s): Weigh did not wait for it", sim.Requests()-before)
			}
			for _, c := range []struct {
				st   scalesim.State
				want scale.Condition
			}{
				{scalesim.State{Grams: -20, UnderZero: true}, scale.CondUnderZero},
				{scalesim.State{Grams: 16000}, scale.CondOverCapacity},
			} {
				sim.Set(c.st)
				time.Sleep(350 * time.Millisecond) // let the new weight settle
				if _, err := s.Weigh(ctx); scale.ConditionOf(err) != c.want {
					t.Fatalf("%+v: %v, want %s", c.st, err, c.want)
				}
			}
		})
	}
}

// TestWeighGivesUpOnMotion: a scale that never settles gives a motion
// error after StableWithin, not a wait without end.
func TestWeighGivesUpOnMotion(t *testing.T) {
	sim, addr := tcpSim(t, scalesim.Config{Dialect: scale.DialectToledo8213})
	sim.Set(scalesim.State{Grams: 900, Motion: true})
	s := newScale(t, scale.Config{Dialer: transport.TCP{Addr: addr}, Dialect: scale.DialectToledo8213,
		RetryEvery: 20 * time.Millisecond, StableWithin: 300 * time.Millisecond})
	_, err := s.Weigh(context.Background())
	if !errors.Is(err, &scale.Error{Condition: scale.CondMotion}) {
		t.Fatalf("Weigh on a moving scale: %v", err)
	}
	if sim.Requests() < 3 {
		t.Fatalf("asked %d times while in motion", sim.Requests())
	}
}

// fakeDevice is a TCP peer that answers each request with the next of replies.
func fakeDevice(t *testing.T, replies ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	queue := make(chan string, len(replies))
	for _, r := range replies {
		queue <- r
	}
	close(queue)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				b := make([]byte, 16)
				for {
					if _, err := c.Read(b); err != nil {
						return
					}
					r, ok := <-queue
					if !ok {
						return
					}
					if _, err := c.Write([]byte(r)); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// TestGarbledAndSilentReplies: bytes that are not a reply, and no reply at
// all, give clear errors; the next request reconnects and works.
func TestGarbledAndSilentReplies(t *testing.T) {
	addr := fakeDevice(t, "\x0201.2x4\r", "", "\x0200.750\r")
	s := newScale(t, scale.Config{Dialer: transport.TCP{Addr: addr}, Dialect: scale.DialectToledo8213, ReplyTimeout: 200 * time.Millisecond})
	ctx := context.Background()
	if _, err := s.Read(ctx); !errors.Is(err, scale.ErrGarbled) {
		t.Fatalf("garbled reply: %v", err)
	}
	if _, err := s.Read(ctx); !errors.Is(err, scale.ErrNoResponse) {
		t.Fatalf("silent scale: %v", err)
	}
	g, err := s.Weigh(ctx)
	if err != nil || g != 750 {
		t.Fatalf("after reconnecting: %d, %v", g, err)
	}
}

// TestPlaybackRecordedSession replays a session recorded against the
// simulator byte for byte: motion, then a stable 1,234 kg, then over
// capacity. Run with -update to record it again.
func TestPlaybackRecordedSession(t *testing.T) {
	path := filepath.Join("testdata", "nci-weigh-session.json")
	session := func(d transport.Dialer, set func(scalesim.State)) {
		t.Helper()
		s := newScale(t, scale.Config{Dialer: d, Dialect: scale.DialectNCI, RetryEvery: time.Millisecond})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		set(scalesim.State{Grams: 1234, Motion: true})
		r, err := s.Read(ctx)
		if err != nil || scale.ConditionOf(r.Err()) != scale.CondMotion {
			t.Fatalf("first read: %+v, %v", r, err)
		}
		set(scalesim.State{Grams: 1234})
		if g, err := s.Weigh(ctx); err != nil || g != 1234 {
			t.Fatalf("Weigh: %d, %v", g, err)
		}
		set(scalesim.State{Grams: 31000})
		if _, err := s.Weigh(ctx); scale.ConditionOf(err) != scale.CondOverCapacity {
			t.Fatalf("over capacity: %v", err)
		}
	}
	if *update {
		sim, addr := tcpSim(t, scalesim.Config{Dialect: scale.DialectNCI})
		rec := devicetest.NewRecorder(transport.TCP{Addr: addr})
		session(rec, sim.Set)
		sc := rec.Script()
		sc.Note = "scale.Read then Weigh twice against scalesim (what omnilane-sim scale -dialect nci serves): motion, 1,234 kg, over capacity"
		if err := sc.Save(path); err != nil {
			t.Fatal(err)
		}
	}
	sc, err := devicetest.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	pb := devicetest.NewPlayback(t, sc)
	session(pb, func(scalesim.State) {})
}
