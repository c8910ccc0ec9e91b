package scanner

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/sim/scannersim"
	"github.com/omnilane/omnilane/devices/transport"
)

// TestUnplugReplug: the scanner's device node goes away (the pty closes) and
// comes back at the same path (a symlink, as udev gives /dev/ttyACM0 back);
// the driver notices, retries and reads scans again by itself.
func TestUnplugReplug(t *testing.T) {
	pty1, err := scannersim.OpenPTY()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	link := filepath.Join(t.TempDir(), "ttyACM0")
	if err := os.Symlink(pty1.Path(), link); err != nil {
		t.Fatal(err)
	}
	states := make(chan string, 32)
	s, _ := New(Config{
		Dialer:     transport.Serial{Name: link},
		RetryEvery: 50 * time.Millisecond,
		OnState:    func(st string, _ error) { states <- st },
	})
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	events := make(chan Event, 8)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, func(e Event) { events <- e }) }()
	wait := func(want string) {
		t.Helper()
		for {
			select {
			case st := <-states:
				if st == want {
					return
				}
			case <-ctx.Done():
				t.Fatalf("state %s never came", want)
			}
		}
	}
	scanOne := func(p *scannersim.PTY, code string) {
		t.Helper()
		if _, err := p.Write(scannersim.Frame(code, true, "\r")); err != nil {
			t.Fatal(err)
		}
		select {
		case e := <-events:
			if e.Err != nil || e.Scan.Data != code {
				t.Fatalf("event %+v", e)
			}
		case <-ctx.Done():
			t.Fatal("no scan")
		}
	}
	wait("ready")
	scanOne(pty1, "4006381333931")

	pty1.Close() // unplug
	wait("error")
	pty2, err := scannersim.OpenPTY() // replug
	if err != nil {
		t.Fatal(err)
	}
	defer pty2.Close()
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(pty2.Path(), link); err != nil {
		t.Fatal(err)
	}
	wait("ready")
	scanOne(pty2, "96385074")
	cancel()
	<-done
}
