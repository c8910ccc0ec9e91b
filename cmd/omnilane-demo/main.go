// Command omnilane-demo runs the whole system on this machine: central with
// a sample catalog, the printer simulator and the lane, all as separate
// processes. With -headless it rings a scripted sale and prints the receipt
// as the printer simulator decoded it and central's record of the sale.
//
// `make demo` and `make demo HEADLESS=1` run it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	headless := flag.Bool("headless", false, "ring a scripted sale with no window, print the results and exit")
	bin := flag.String("bin", "bin", "folder holding the omnilane binaries")
	dir := flag.String("dir", "demo-data", "folder for the demo's databases and receipts (emptied first)")
	products := flag.Int("products", 5000, "sample catalog size")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *headless, *bin, *dir, *products, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, headless bool, bin, dir string, products int, out io.Writer) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	abs, _ := filepath.Abs(dir)
	logPath := filepath.Join(dir, "demo.log")
	logs, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logs.Close()
	sys, err := startServers(ctx, bin, abs, products, logs)
	if err != nil {
		return fmt.Errorf("%w (see %s)", err, logPath)
	}
	defer sys.stop()
	fmt.Fprintf(out, "central:           https://%s (sample catalog of %d products, database %s)\n", sys.central.Addr, products, filepath.Join(abs, "central.db"))
	fmt.Fprintf(out, "printer simulator: %s; receipts appear in %s\n", sys.printer.Addr, sys.receipts)
	fmt.Fprintf(out, "scale simulator:   %s (%s) holding %s kg: ring PLU 4011 (bananas) to weigh\n", sys.scale.Addr, demoScaleProfile, "1,234")
	fmt.Fprintf(out, "logs:              %s\n", filepath.Join(abs, "demo.log"))
	if err := sys.enrollLane(ctx, logs); err != nil {
		return err
	}
	fmt.Fprintf(out, "lane-1 enrolled:   central's certificate pinned (%s…)\n", sys.token.Fingerprint[:16])
	if err := sys.seedOperators(ctx, logs); err != nil {
		return err
	}
	fmt.Fprintln(out, "operators:         1001 Ana (cashier, PIN 1234), 2001 Sergio (supervisor, PIN 9999), 3001 Marta (manager, PIN 5555)")
	fmt.Fprintln(out)
	if headless {
		return headlessSale(ctx, sys, out, logs)
	}
	return window(ctx, sys, out, logs)
}

const waitLimit = 60 * time.Second
