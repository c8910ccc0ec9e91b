package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/omnilane/omnilane/pos/samplecatalog"
)

// window opens the lane window. Without a display it starts a virtual one
// (Xvfb) and says so.
func window(ctx context.Context, s *servers, out io.Writer, logs io.Writer) error {
	env := os.Environ()
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		xvfb, err := exec.LookPath("Xvfb")
		if err != nil {
			return fmt.Errorf("no display and no Xvfb: run on a desktop, or install xvfb (make setup does)")
		}
		x := exec.CommandContext(ctx, xvfb, ":77", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
		x.Stdout, x.Stderr = logs, logs
		if err := x.Start(); err != nil {
			return fmt.Errorf("start Xvfb: %w", err)
		}
		defer func() { _ = x.Process.Kill(); _ = x.Wait() }()
		env = append(env, "DISPLAY=:77")
		fmt.Fprintln(out, "no display found: the lane window opens on the virtual display :77 (DISPLAY=:77 import -window root shot.png takes a picture)")
	}
	var codes []string
	for i := range 5 {
		if p, err := samplecatalog.Product(i); err == nil {
			codes = append(codes, fmt.Sprintf("%s (%s)", strings.TrimPrefix(p.Barcodes[0], "0"), p.Name))
		}
	}
	fmt.Fprintf(out, "codes to type or scan:\n  %s\n", strings.Join(codes, "\n  "))
	fmt.Fprintln(out, "close the window or press Ctrl-C to stop the demo")
	cmd := exec.CommandContext(ctx, filepath.Join(s.bin, "omnilane"), append([]string{"run"}, s.laneArgs()...)...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, logs, logs
	if err := cmd.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("lane window: %w", err)
	}
	return nil
}
