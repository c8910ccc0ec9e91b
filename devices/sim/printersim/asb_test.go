package printersim

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/escpos"
	"github.com/omnilane/omnilane/devices/profile"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

func TestAutomaticStatusBack(t *testing.T) {
	cat, err := profile.Load(firmwareprofiles.FS())
	if err != nil {
		t.Fatal(err)
	}
	prof, err := cat.Printer("TM-T88V")
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(t.TempDir(), "state")
	sim, err := New(Config{Profile: prof, StateFile: state})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sim.Serve(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	send := func(b []byte) {
		t.Helper()
		if _, err := c.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	readASB := func(want escpos.Status) {
		t.Helper()
		p := make([]byte, escpos.ASBLen)
		if _, err := io.ReadFull(c, p); err != nil {
			t.Fatal(err)
		}
		if [escpos.ASBLen]byte(p) != want.ASB() {
			t.Fatalf("ASB packet % x, want % x", p, want.ASB())
		}
	}
	readByte := func() byte {
		t.Helper()
		p := make([]byte, 1)
		if _, err := io.ReadFull(c, p); err != nil {
			t.Fatal(err)
		}
		return p[0]
	}

	send(escpos.EnableASB(escpos.ASBAll))
	readASB(Ready.Status())
	sim.SetMode(PaperOut)
	readASB(PaperOut.Status())
	send(escpos.StatusRequest(4)) // DLE EOT still answers alongside
	if b, want := readByte(), PaperOut.Status().Byte(4); b != want {
		t.Fatalf("DLE EOT 4 = %#02x, want %#02x", b, want)
	}
	if err := os.WriteFile(state, []byte("cover-open\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	readASB(CoverOpen.Status())
	if err := os.WriteFile(state, []byte("ready\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	readASB(Ready.Status())

	// GS a 0 stops the packets: the next byte is the DLE EOT reply.
	send(escpos.EnableASB(0))
	send(escpos.StatusRequest(1)) // sync: GS a 0 is processed before this
	if b := readByte(); b != Ready.Status().Byte(1) {
		t.Fatalf("DLE EOT 1 = %#02x", b)
	}
	if err := os.WriteFile(state, []byte("paper-out\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * ASBPoll)
	send(escpos.StatusRequest(2))
	if b, want := readByte(), PaperOut.Status().Byte(2); b != want {
		t.Fatalf("after GS a 0 got %#02x, want only the DLE EOT 2 reply %#02x", b, want)
	}
}
