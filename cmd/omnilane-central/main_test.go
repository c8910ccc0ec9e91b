package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/enroll"
	"github.com/omnilane/omnilane/sync/protocol"
	"github.com/omnilane/omnilane/sync/testchain"
)

// buildCentral compiles the command into a temporary folder.
func buildCentral(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "omnilane-central")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("build: %v", err)
	}
	return bin
}

// startCentral runs the binary on 127.0.0.1:0 and returns its base URL.
func startCentral(t *testing.T, bin string, args ...string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-listen", "127.0.0.1:0"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(out)
		if s.Scan() {
			line <- s.Text()
		}
		close(line)
	}()
	select {
	case l := <-line:
		addr, ok := strings.CutPrefix(l, "listening on ")
		if !ok {
			t.Fatalf("first line %q", l)
		}
		return "http://" + addr, cmd
	case <-time.After(60 * time.Second):
		t.Fatal("central did not say where it listens")
	}
	return "", nil
}

func TestCentralProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	ctx := context.Background()
	bin := buildCentral(t)
	dbPath := filepath.Join(t.TempDir(), "central.db")
	base, cmd := startCentral(t, bin, "-db", dbPath, "-store", "store-7", "-sample", "120")
	c, err := client.New(base, &http.Client{Timeout: 10 * time.Second}, "")
	if err != nil {
		t.Fatal(err)
	}
	if h, err := c.Health(ctx); err != nil || h.Status != "ok" {
		t.Fatalf("health %+v, %v", h, err)
	}
	page, err := c.Feed(ctx, "store-7", 0, 1000, 0)
	if err != nil || len(page.Products) != 120 || page.More {
		t.Fatalf("catalog: %d products, more %v, %v", len(page.Products), page.More, err)
	}
	// The sample comes with a stocktake, so the lanes' on-hand view has
	// figures to show: every product counted, every tenth out of stock.
	levels, err := c.Stock(ctx, "store-7")
	if err != nil || len(levels) != 120 {
		t.Fatalf("sample stock: %d levels, %v", len(levels), err)
	}
	out := 0
	for _, l := range levels {
		if !l.Counted || l.OnHand < 0 {
			t.Fatalf("sample stock level %+v", l)
		}
		if l.OnHand == 0 {
			out++
		}
	}
	if out != 12 {
		t.Fatalf("%d of 120 sample products out of stock, want 12", out)
	}
	es, err := testchain.Chain("store-7", "lane-1", nil, 3, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if ack, err := c.PushBatch(ctx, protocol.JournalBatch{DeviceID: "lane-1", Entries: es}); err != nil || ack.AckedSeq != 3 {
			t.Fatalf("push: %+v, %v", ack, err)
		}
	}
	// Graceful stop on SIGTERM, then a restart keeps everything and does not re-seed.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	base, _ = startCentral(t, bin, "-db", dbPath, "-store", "store-7", "-sample", "500")
	c, _ = client.New(base, &http.Client{Timeout: 10 * time.Second}, "")
	rec, err := c.DeviceRecord(ctx, "lane-1", 0, 100)
	if err != nil || rec.EventCount != 3 || len(rec.Sales) != 3 {
		t.Fatalf("after restart: %+v, %v", rec, err)
	}
	page, err = c.Feed(ctx, "store-7", 0, 1000, 0)
	if err != nil || len(page.Products) != 120 {
		t.Fatalf("after restart: %d products, %v", len(page.Products), err)
	}
}

func TestFlags(t *testing.T) {
	o, err := parseFlags(nil, os.Stderr)
	if err != nil || o.listen != "127.0.0.1:8080" || o.store != "store-1" || o.sample != 0 {
		t.Fatalf("defaults %+v, %v", o, err)
	}
	if _, err := parseFlags([]string{"-sample", "x"}, &strings.Builder{}); err == nil {
		t.Fatal("bad -sample accepted")
	}
}

func TestCentralProcessTLSEnrollment(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	ctx := context.Background()
	bin := buildCentral(t)
	dbPath := filepath.Join(t.TempDir(), "central.db")
	out, err := exec.Command(bin, "-db", dbPath, "-tls", "-store", "store-3", "-issue-token", "store-3").Output()
	if err != nil {
		t.Fatalf("issue token: %v", err)
	}
	var tok protocol.EnrollToken
	if err := json.Unmarshal(out, &tok); err != nil || tok.Token == "" || len(tok.Fingerprint) != 64 {
		t.Fatalf("token %q: %v", out, err)
	}
	base, _ := startCentral(t, bin, "-db", dbPath, "-tls", "-require-auth", "-store", "store-3", "-sample", "10")
	url := "https://" + strings.TrimPrefix(base, "http://")
	cr, err := enroll.Enroll(ctx, url, tok.Token, "lane-1", tok.Fingerprint)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := client.New(cr.CentralURL, cr.HTTPClient(), cr.Credential)
	es, _ := testchain.Chain("store-3", "lane-1", nil, 2, time.Now())
	if ack, err := c.PushBatch(ctx, protocol.JournalBatch{DeviceID: "lane-1", Entries: es}); err != nil || ack.AckedSeq != 2 {
		t.Fatalf("push over TLS: %+v, %v", ack, err)
	}
	if page, err := c.Feed(ctx, "store-3", 0, 100, 0); err != nil || len(page.Products) != 10 {
		t.Fatalf("feed over TLS: %v", err)
	}
	anon, _ := client.New(url, enroll.PinnedClient(tok.Fingerprint, nil), "")
	if _, err := anon.Feed(ctx, "store-3", 0, 100, 0); protocol.CodeOf(err) != protocol.CodeUnauthorized {
		t.Fatalf("anonymous feed: %v", err)
	}
}

func TestCentralImportFlag(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildCentral(t)
	dir := t.TempDir()
	var csv strings.Builder
	if err := samplecatalog.WriteCSV(&csv, 40); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte(csv.String()+"X1,Pan,,8410000000024,1.00,EUR,400,,,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-db", filepath.Join(dir, "c.db"), "-listen", "127.0.0.1:0", "-import", bad)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "line=42") || !strings.Contains(stderr.String(), "field=barcodes") {
		t.Fatalf("bad import: %v\n%s", err, stderr.String())
	}
	good := filepath.Join(dir, "good.csv")
	if err := os.WriteFile(good, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// A customers file (told apart by its id column) next to the catalog;
	// a bad one is refused line by line first, importing nothing.
	badCust := filepath.Join(dir, "bad-customers.csv")
	if err := os.WriteFile(badCust, []byte("id,name,home_store,points\nC-1,Lucía Pérez,store-1,10\nC-2,,store-1,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(bin, "-db", filepath.Join(dir, "c.db"), "-listen", "127.0.0.1:0", "-import", badCust)
	stderr.Reset()
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "kind=customers") || !strings.Contains(stderr.String(), "line=3") {
		t.Fatalf("bad customers import: %v\n%s", err, stderr.String())
	}
	custs := filepath.Join(dir, "customers.ndjson")
	if err := os.WriteFile(custs, []byte(`{"id":"C-1","name":"Lucía Pérez","home_store":"store-1","points":1250}`+"\n"+
		`{"id":"C-2","name":"Juan Gil","phone":"600111222"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base, _ := startCentral(t, bin, "-db", filepath.Join(dir, "c.db"), "-import", good, "-import", custs)
	c, _ := client.New(base, nil, "")
	page, err := c.Feed(context.Background(), "store-1", 0, 100, 0)
	if err != nil || len(page.Products) != 40 {
		t.Fatalf("after import: %d products, %v", len(page.Products), err)
	}
	cp, err := c.Customers(context.Background(), "store-1", 0, 100)
	if err != nil || len(cp.Customers) != 2 || cp.Customers[0].Points+cp.Customers[1].Points != 1250 {
		t.Fatalf("customers after import: %+v, %v", cp.Customers, err)
	}
}
