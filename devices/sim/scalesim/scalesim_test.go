package scalesim

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/scale"
)

// exchange sends req to a scale served on one end of a pipe and reads
// the reply up to the dialect's last byte.
func exchange(t *testing.T, c net.Conn, req string, last byte) string {
	t.Helper()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	var out []byte
	b := make([]byte, 1)
	for {
		if _, err := c.Read(b); err != nil {
			t.Fatalf("reply to %q: %v (got %q)", req, err, out)
		}
		out = append(out, b[0])
		if b[0] == last {
			return string(out)
		}
	}
}

// TestNCICommands: W weighs, S gives the status alone, Z empties the
// scale, anything else is answered "?"; a settling weight moves first.
func TestNCICommands(t *testing.T) {
	s, err := New(Config{Dialect: scale.DialectNCI, Settle: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	host, dev := net.Pipe()
	defer host.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = s.Serve(ctx, dev) }()
	s.Place(2500)
	if got := exchange(t, host, "W\r", 0x03); got != "\nS10\r\x03" {
		t.Fatalf("settling weight: %q", got)
	}
	time.Sleep(250 * time.Millisecond)
	if got := exchange(t, host, "W\r", 0x03); got != "\n02.500KG\r\nS00\r\x03" {
		t.Fatalf("stable weight: %q", got)
	}
	if got := exchange(t, host, "S\r", 0x03); got != "\nS00\r\x03" {
		t.Fatalf("status: %q", got)
	}
	if got := exchange(t, host, "Z\r", 0x03); got != "\nS20\r\x03" {
		t.Fatalf("zero: %q", got)
	}
	if got := exchange(t, host, "Q\r", 0x03); got != "\n?\r\x03" {
		t.Fatalf("unknown command: %q", got)
	}
	if s.Requests() != 4 {
		t.Fatalf("%d requests answered with a reading, want 4 (W, W, S, Z)", s.Requests())
	}
}

// TestToledoIgnoresOtherBytes: only W is answered; the capacity turns a
// heavy weight into an over-capacity status.
func TestToledoIgnoresOtherBytes(t *testing.T) {
	s, _ := New(Config{Dialect: scale.DialectToledo8213, Capacity: 6000})
	host, dev := net.Pipe()
	defer host.Close()
	go func() { _ = s.Serve(context.Background(), dev) }()
	s.Place(750)
	if got := exchange(t, host, "xyzW", 0x0d); got != "\x0200.750\r" {
		t.Fatalf("weight: %q", got)
	}
	s.Place(6001)
	if got := exchange(t, host, "W", 0x0d); !bytes.Equal([]byte(got), []byte{0x02, '?', 0x42, 0x0d}) {
		t.Fatalf("over capacity: %q", got)
	}
}
