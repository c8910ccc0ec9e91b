package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/omnilane/omnilane/cmd/internal/procs"
)

// servers are the processes that stand in for the store and head office.
type servers struct {
	bin, dir, receipts string
	central, printer   *procs.Proc
	scale              *procs.Proc
	devices            string // the lane's -devices file
	token              procs.Token
}

func startServers(ctx context.Context, bin, dir string, products int, logs io.Writer) (*servers, error) {
	s := &servers{bin: bin, dir: dir, receipts: filepath.Join(dir, "receipts")}
	centralBin, centralDB := filepath.Join(bin, "omnilane-central"), filepath.Join(dir, "central.db")
	var err error
	// Central serves TLS and takes only enrolled devices; the lane enrolls
	// with a one-time token and pins the certificate's fingerprint.
	s.token, err = procs.IssueToken(ctx, centralBin, centralDB, "store-1")
	if err != nil {
		return nil, err
	}
	s.central, err = procs.Start(ctx, logs, waitLimit, centralBin,
		"-listen", "127.0.0.1:0", "-db", centralDB, "-store", "store-1", "-sample", itoa(products), "-tls", "-require-auth")
	if err != nil {
		return nil, err
	}
	s.printer, err = procs.Start(ctx, logs, waitLimit, filepath.Join(bin, "omnilane-sim"), "printer", "-listen", "127.0.0.1:0", "-out", s.receipts)
	if err != nil {
		s.central.Stop()
		return nil, err
	}
	// A checkout scale on a pseudo-terminal holding 1,234 kg, so that
	// weighed produce (bananas, PLU 4011) can be sold.
	s.scale, err = procs.Start(ctx, logs, waitLimit, filepath.Join(bin, "omnilane-sim"), "scale", "-stdin=false", "-grams", itoa(demoGrams))
	if err != nil {
		s.printer.Stop()
		s.central.Stop()
		return nil, err
	}
	s.devices = filepath.Join(dir, "devices.json")
	devs, _ := json.Marshal([]map[string]string{{"name": "scale", "class": "scale", "profile": demoScaleProfile, "transport": "serial", "address": s.scale.Addr}})
	if err := os.WriteFile(s.devices, devs, 0o644); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// The demo scale's profile and the weight lying on it.
const (
	demoScaleProfile = "datalogic-magellan-9800i"
	demoGrams        = 1234
)

func (s *servers) stop() {
	s.scale.Stop()
	s.printer.Stop()
	s.central.Stop()
}

// enrollLane gives the lane its own credential at central.
func (s *servers) enrollLane(ctx context.Context, logs io.Writer) error {
	args := append([]string{"enroll", "-token", s.token.Token, "-fingerprint", s.token.Fingerprint}, s.laneArgs()[:6]...)
	args = append(args, "-central", s.centralURL())
	cmd := exec.CommandContext(ctx, filepath.Join(s.bin, "omnilane"), args...)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("enroll the lane: %w", err)
	}
	return nil
}

func (s *servers) centralURL() string { return "https://" + s.central.Addr }

// seedOperators creates the demo operators in the lane's database.
func (s *servers) seedOperators(ctx context.Context, logs io.Writer) error {
	cmd := exec.CommandContext(ctx, filepath.Join(s.bin, "omnilane"), append([]string{"operator", "seed-demo"}, s.laneArgs()[:4]...)...)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("seed demo operators: %w", err)
	}
	return nil
}

// laneArgs are the flags that point a lane at the demo's servers.
func (s *servers) laneArgs() []string {
	return []string{"-db", filepath.Join(s.dir, "lane-1.db"), "-device", "lane-1", "-store", "store-1",
		"-central", s.centralURL(), "-printer", s.printer.Addr,
		"-peer-listen", "127.0.0.1:0", "-peer-dnssd=false", // one lane: keep the demo off the LAN
		"-devices", s.devices}
}

func itoa(n int) string {
	b := []byte{}
	if n == 0 {
		return "0"
	}
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
