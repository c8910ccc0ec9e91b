package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/display"
	"github.com/omnilane/omnilane/devices/escpos"
	"github.com/omnilane/omnilane/devices/printer"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/scan"
	"github.com/omnilane/omnilane/devices/scanner"
	"github.com/omnilane/omnilane/devices/transport"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

func TestRunUsageAndErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "simulators:"},
		{[]string{"help"}, 0, "printer"},
		{[]string{"toaster"}, 2, `unknown simulator "toaster"`},
		{[]string{"printer", "-profile", "nope", "-out", t.TempDir(), "-listen", "127.0.0.1:0"}, 1, "not found"},
		{[]string{"printer", "-mode", "sleepy", "-out", t.TempDir()}, 1, "unknown printer mode"},
		{[]string{"printer", "-h"}, 0, "Fault switching"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), tt.args, &out, &errb)
			if code != tt.code || !strings.Contains(errb.String(), tt.want) {
				t.Fatalf("code %d, stderr %q; want %d and %q", code, errb.String(), tt.code, tt.want)
			}
		})
	}
}

// TestPrinterBinary builds omnilane-sim, runs it as a separate process,
// prints a Spanish receipt to it with the real driver over TCP, and checks
// the files it writes, status replies and fault switching.
func TestPrinterBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	tmp := t.TempDir()
	bin := buildSim(t, tmp)
	outDir := filepath.Join(tmp, "receipts")
	cmd := exec.Command(bin, "printer", "-listen", "127.0.0.1:0", "-out", outDir, "-profile", "TM-T88V")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("no output; stderr:\n%s", stderr.String())
	}
	addr, ok := strings.CutPrefix(lines.Text(), "listening on ")
	if !ok || strings.HasSuffix(addr, ":0") {
		t.Fatalf("first line %q", lines.Text())
	}

	pr, err := printer.OpenTCP("TM-T88V", addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	doc := (&escpos.Document{}).
		Text("Señor Muñoz", escpos.Style{Align: escpos.AlignCenter, Bold: true}).
		Columns("Crème brûlée (½ ración)", "4,50 €", escpos.Style{}).
		Columns("Pingüino de azúcar", "1,20 €", escpos.Style{}).
		Columns("TOTAL", "5,70 €", escpos.Style{Bold: true}).
		Line("Ação solidária: não há troco").
		KickDrawer().
		Cut()
	if err := pr.Print(ctx, doc); err != nil {
		t.Fatalf("print: %v\nstderr:\n%s", err, stderr.String())
	}
	txt := waitFile(t, filepath.Join(outDir, "receipt-0001.txt"))
	for _, want := range []string{"Señor Muñoz", "Pingüino de azúcar                  1,20 €", "TOTAL                               5,70 €", "Ação solidária: não há troco", "Crème brûlée (½ ración)"} {
		if !strings.Contains(txt, want) {
			t.Errorf("receipt-0001.txt lacks %q:\n%s", want, txt)
		}
	}
	pngBytes, err := os.ReadFile(filepath.Join(outDir, "receipt-0001.png"))
	if err != nil || !bytes.HasPrefix(pngBytes, []byte("\x89PNG")) || len(pngBytes) > 200_000 {
		t.Fatalf("receipt-0001.png: %v, %d bytes", err, len(pngBytes))
	}
	raw, err := os.ReadFile(filepath.Join(outDir, "receipt-0001.bin"))
	// The driver turns automatic status back on (GS a) and asks DLE EOT
	// before the job; the receipt's own bytes follow from ESC @.
	if err != nil || !bytes.Contains(raw, []byte{0x10, 0x04, 1}) || !bytes.Contains(raw, []byte{0x1B, '@'}) || !bytes.Contains(raw, []byte{0x1D, 'V', 66, 3}) {
		t.Fatalf("receipt-0001.bin: %v % x", err, raw)
	}

	// Switch the simulator to paper-out through its state file.
	if err := os.WriteFile(filepath.Join(outDir, "state"), []byte("paper-out\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := pr.Status(ctx)
	if err != nil || !st.PaperOut {
		t.Fatalf("status after paper-out: %s, %v", st, err)
	}
	if err := pr.Print(ctx, doc); !errors.Is(err, escpos.ErrPaperOut) {
		t.Fatalf("print while out of paper: %v", err)
	}
	if err := os.WriteFile(filepath.Join(outDir, "state"), []byte("ready"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := pr.Print(ctx, (&escpos.Document{}).Line("otra vez").Cut()); err != nil {
		t.Fatal(err)
	}
	if got := waitFile(t, filepath.Join(outDir, "receipt-0002.txt")); got != "otra vez\n" {
		t.Fatalf("receipt-0002.txt %q", got)
	}

	// SIGINT stops it cleanly.
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\nstderr:\n%s", err, stderr.String())
	}
	if lines.Scan() {
		t.Fatalf("extra stdout line %q", lines.Text())
	}
}

func waitFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, err := os.ReadFile(path)
		if err == nil {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared: %v", path, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSubcommandNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, sc := range subcommands() {
		if seen[sc.name] {
			t.Errorf("subcommand %q registered twice", sc.name)
		}
		seen[sc.name] = true
	}
}

// buildSim builds the omnilane-sim binary into dir.
func buildSim(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "omnilane-sim")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startSim runs the binary with args and returns the address or path from
// its "listening on" line and a stop function that interrupts it and checks
// it exits 0.
func startSim(t *testing.T, bin string, stdin io.Reader, args ...string) (string, func()) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = stdin
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("no output; stderr:\n%s", stderr.String())
	}
	where, ok := strings.CutPrefix(lines.Text(), "listening on ")
	if !ok {
		t.Fatalf("first line %q", lines.Text())
	}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		_ = cmd.Process.Signal(syscall.SIGINT)
		kill := time.AfterFunc(10*time.Second, func() { _ = cmd.Process.Kill() })
		defer kill.Stop()
		if err := cmd.Wait(); err != nil {
			t.Errorf("exit: %v\nstderr:\n%s", err, stderr.String())
		}
	}
	t.Cleanup(stop)
	return where, stop
}

// TestScannerBinary runs omnilane-sim scanner as a process and reads its
// scans through the real serial scanner driver on the pty it prints.
func TestScannerBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := buildSim(t, t.TempDir())
	inR, inW, err := os.Pipe() // an *os.File: the child reads it directly, no copying goroutine
	if err != nil {
		t.Fatal(err)
	}
	defer inW.Close()
	defer inR.Close()
	path, stop := startSim(t, bin, inR, "scanner", "-codes", "4006381333931")
	if !strings.HasPrefix(path, "/dev/") {
		t.Fatalf("path %q", path)
	}
	s, err := scanner.New(scanner.Config{Dialer: transport.Serial{Name: path}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	events := make(chan scanner.Event, 4)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, func(e scanner.Event) { events <- e }) }()
	go func() { _, _ = io.WriteString(inW, "(01)09506000134352(17)270531(10)B-12\n") }()
	var got []scanner.Event
	for len(got) < 2 {
		select {
		case e := <-events:
			got = append(got, e)
		case <-ctx.Done():
			t.Fatalf("got %d scans", len(got))
		}
	}
	if got[0].Err != nil || got[0].Scan.GTIN != "04006381333931" || got[0].Scan.AIM != "]E0" {
		t.Errorf("first scan %+v", got[0])
	}
	if got[1].Err != nil || got[1].Scan.Batch != "B-12" || got[1].Scan.Symbology != scan.GS1128 {
		t.Errorf("second scan %+v", got[1])
	}
	cancel()
	<-done
	stop()
}

// TestDisplayBinary runs omnilane-sim display as a process and drives it with
// the real display driver over its pty.
func TestDisplayBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	tmp := t.TempDir()
	bin := buildSim(t, tmp)
	screen := filepath.Join(tmp, "screen.txt")
	path, stop := startSim(t, bin, nil, "display", "-out", screen)
	d, err := display.New(display.Config{Dialer: transport.Serial{Name: path}, Profile: nil})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.Show(ctx, "Total", "12,50"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, _ := os.ReadFile(screen)
		if string(b) == "Total\n12,50\n" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("screen file %q", b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
}

// TestSerialPrinterBinary runs the printer simulator on a pty and prints to
// it with the real driver over the serial transport, status included.
func TestSerialPrinterBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	tmp := t.TempDir()
	bin := buildSim(t, tmp)
	out := filepath.Join(tmp, "receipts")
	path, stop := startSim(t, bin, nil, "printer", "-pty", "-out", out, "-profile", "TM-T20II")
	cat, err := profile.Load(firmwareprofiles.FS())
	if err != nil {
		t.Fatal(err)
	}
	p, _ := cat.Printer("TM-T20II")
	pr, err := printer.New(printer.Config{Dialer: transport.Serial{Name: path, Baud: 38400}, Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := pr.Print(ctx, (&escpos.Document{}).Columns("Año nuevo", "2,00 €", escpos.Style{}).Cut()); err != nil {
		t.Fatal(err)
	}
	got := waitFile(t, filepath.Join(out, "receipt-0001.txt"))
	if !strings.Contains(got, "Año nuevo") || !strings.Contains(got, "2,00 €") {
		t.Fatalf("receipt %q", got)
	}
	pr.Close()
	stop()
}
