package devicetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/omnilane/omnilane/devices/transport"
)

// fakeTB captures failures so that the test can assert a playback fails.
type fakeTB struct {
	testing.TB
	mu       sync.Mutex
	errs     []string
	cleanups []func()
}

func (f *fakeTB) Error(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprint(args...))
}
func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) end() []string {
	for _, fn := range f.cleanups {
		fn()
	}
	return f.errs
}

func script() Script {
	return Script{Exchanges: []Exchange{
		{Send: Bytes{0x10, 0x04, 0x01}, Reply: Bytes{0x12}},
		{Send: Bytes("hello\n")},
	}}
}

func TestPlaybackPasses(t *testing.T) {
	p := NewPlayback(t, script())
	ctx := context.Background()
	c, _ := p.Dial(ctx)
	if err := transport.Write(ctx, c, []byte{0x10, 0x04}); err != nil {
		t.Fatal(err)
	}
	if err := transport.Write(ctx, c, []byte{0x01}); err != nil { // split writes are fine
		t.Fatal(err)
	}
	b := make([]byte, 1)
	if err := transport.ReadFull(ctx, c, b); err != nil || b[0] != 0x12 {
		t.Fatalf("reply %x %v", b, err)
	}
	if err := transport.Write(ctx, c, []byte("hello\n")); err != nil {
		t.Fatal(err)
	}
}

func TestPlaybackFailsOnUnusedExchange(t *testing.T) {
	ft := &fakeTB{TB: t}
	p := NewPlayback(ft, script())
	c, _ := p.Dial(context.Background())
	_, _ = c.Write([]byte{0x10, 0x04, 0x01})
	errs := ft.end()
	if len(errs) != 1 || !strings.Contains(errs[0], "exchange 2 of 2 never happened") {
		t.Fatalf("errors %q", errs)
	}
}

func TestPlaybackFailsOnUnexpectedBytes(t *testing.T) {
	ft := &fakeTB{TB: t}
	p := NewPlayback(ft, script())
	c, _ := p.Dial(context.Background())
	if _, err := c.Write([]byte{0x10, 0x04, 0x02}); !errors.Is(err, ErrUnexpected) {
		t.Fatalf("write: %v", err)
	}
	if errs := ft.end(); len(errs) != 1 || !strings.Contains(errs[0], "script expects 10 04 01") {
		t.Fatalf("errors %q", errs)
	}
}

func TestRecordThenPlayBack(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // a tiny device: answers every byte 'q' with 'a'
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		b := make([]byte, 64)
		for {
			n, err := c.Read(b)
			if err != nil {
				return
			}
			if strings.Contains(string(b[:n]), "q") {
				_, _ = c.Write([]byte("a"))
			}
		}
	}()
	session := func(d transport.Dialer) error {
		ctx := context.Background()
		c, err := d.Dial(ctx)
		if err != nil {
			return err
		}
		defer c.Close()
		if err := transport.Write(ctx, c, []byte("data q")); err != nil {
			return err
		}
		b := make([]byte, 1)
		if err := transport.ReadFull(ctx, c, b); err != nil {
			return err
		}
		if b[0] != 'a' {
			return io.ErrUnexpectedEOF
		}
		return transport.Write(ctx, c, []byte("bye"))
	}
	rec := NewRecorder(transport.TCP{Addr: ln.Addr().String()})
	if err := session(rec); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.json")
	if err := rec.Script().Save(path); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Exchanges) != 2 || string(s.Exchanges[0].Send) != "data q" || string(s.Exchanges[0].Reply) != "a" {
		t.Fatalf("script %+v", s)
	}
	if err := session(NewPlayback(t, s)); err != nil {
		t.Fatal(err)
	}
}
