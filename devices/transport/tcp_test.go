package transport

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"
)

func TestTCPReadWriteHonourContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		b := make([]byte, 3)
		if _, err := c.Read(b); err == nil {
			_, _ = c.Write(b[:1]) // answer one byte, then go silent
		}
		time.Sleep(2 * time.Second)
	}()
	ctx := context.Background()
	c, err := TCP{Addr: ln.Addr().String()}.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := Write(ctx, c, []byte{0x10, 0x04, 0x01}); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 1)
	if err := ReadFull(ctx, c, b); err != nil || b[0] != 0x10 {
		t.Fatalf("read %x, %v", b, err)
	}
	tctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = ReadFull(tctx, c, b)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want deadline exceeded, got %v", err)
	}
	if time.Since(start) > time.Second {
		t.Fatal("read did not give up at the deadline")
	}
	cctx, cancel2 := context.WithCancel(ctx)
	time.AfterFunc(50*time.Millisecond, cancel2)
	if err := ReadFull(cctx, c, b); !errors.Is(err, context.Canceled) {
		t.Fatalf("want canceled, got %v", err)
	}
}

func TestTCPDialFails(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	if _, err := (TCP{Addr: addr}).Dial(context.Background()); err == nil {
		t.Fatal("dial to a closed port succeeded")
	}
}
