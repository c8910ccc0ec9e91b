// Package procs starts Omnilane's server processes (central, simulators)
// and finds the address each announces with its "listening on HOST:PORT"
// line. The demo and the end-to-end tests use it.
package procs

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Proc is a running server process.
type Proc struct {
	// Addr is the HOST:PORT the process announced.
	Addr string
	cmd  *exec.Cmd
	done chan error
}

// Start runs bin with args and waits up to timeout for its "listening on"
// line. The process's other output goes to logs.
func Start(ctx context.Context, logs io.Writer, timeout time.Duration, bin string, args ...string) (*Proc, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stderr = logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &Proc{cmd: cmd, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		found := false
		for sc.Scan() {
			line := sc.Text()
			if a, ok := strings.CutPrefix(line, "listening on "); ok && !found {
				found = true
				addr <- strings.TrimSpace(a)
				continue
			}
			fmt.Fprintln(logs, line)
		}
		p.done <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		p.Addr = a
		return p, nil
	case err := <-p.done:
		return nil, fmt.Errorf("%s exited before listening: %v", bin, err)
	case <-time.After(timeout):
		p.Stop()
		return nil, fmt.Errorf("%s did not say where it listens within %s", bin, timeout)
	}
}

// Stop asks the process to end (SIGTERM), then kills it after 5 s.
func (p *Proc) Stop() {
	if p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// Kill ends the process at once, as a crash or power cut would.
func (p *Proc) Kill() {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}
