package transport

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestSerialOverPty opens a real pseudo-terminal pair: the test plays the
// device on the master side, the transport opens the slave with tarm/serial.
func TestSerialOverPty(t *testing.T) {
	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer master.Close()
	name := slave.Name()
	slave.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := Serial{Name: name, Baud: 9600}.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	// device → host
	if _, err := master.Write([]byte("]E04006381333931\r")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 17)
	if err := ReadFull(ctx, c, got); err != nil {
		t.Fatal(err)
	}
	if string(got) != "]E04006381333931\r" {
		t.Fatalf("read %q", got)
	}
	// host → device, raw bytes (no newline translation, no echo)
	if err := Write(ctx, c, []byte{0x1B, '@', 0x0C, 'h', 'i', '\n'}); err != nil {
		t.Fatal(err)
	}
	back := make([]byte, 6)
	if _, err := io.ReadFull(master, back); err != nil {
		t.Fatal(err)
	}
	if string(back) != "\x1b@\x0chi\n" {
		t.Fatalf("device got %q", back)
	}

	// A read with nothing to read gives up when its context ends.
	rctx, rcancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer rcancel()
	start := time.Now()
	if _, err := Read(rctx, c, got); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want deadline exceeded, got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("read took %v", d)
	}
}

func TestSerialOpenErrors(t *testing.T) {
	tests := []Serial{
		{Name: "/nonexistent/tty"},
		{Name: "/dev/null", Parity: 'X'},
		{Name: "/dev/null", StopBits: 3},
		{Name: "/dev/null", Baud: 12345},
	}
	for _, s := range tests {
		if c, err := s.Dial(context.Background()); err == nil {
			c.Close()
			t.Errorf("%v: opened", s)
		}
	}
}
