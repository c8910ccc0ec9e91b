package displaysim

import (
	"context"
	"github.com/omnilane/omnilane/devices/transport"
	"testing"
	"time"
)

func TestRunStopsWithContext(t *testing.T) {
	d, err := Open(nil)
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer d.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, nil) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestRunStopsWithClientAttached(t *testing.T) {
	d, err := Open(nil)
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer d.Close()
	c, err := transport.Serial{Name: d.Path()}.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, nil) }()
	if _, err := c.Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	if err := d.WaitFor(ctx, "hi", ""); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	closed := make(chan error, 1)
	go func() { closed <- d.Close() }()
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		t.Fatal("Close blocked")
	}
}
