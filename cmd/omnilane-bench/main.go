// Command omnilane-bench measures the lane's performance targets at catalog
// scale and prints each figure beside its floor measured in the same run.
//
//	omnilane-bench [-products 1000000] [-dir DIR]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

func main() {
	products := flag.Int("products", 1_000_000, "catalog size")
	dir := flag.String("dir", "", "work folder (default: a new temporary folder, removed after)")
	child := flag.String("coldstart-child", "", "internal: measure a cold start of the lane database at this path")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	if *child != "" {
		if err := coldStartChild(ctx, *child, log); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	work := *dir
	if work == "" {
		d, err := os.MkdirTemp("", "omnilane-bench-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer os.RemoveAll(d)
		work = d
	}
	t := &table{}
	start := time.Now()
	if err := run(ctx, t, work, *products, log); err != nil {
		t.print(os.Stdout)
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	t.print(os.Stdout)
	fmt.Printf("\n%d products, %s in all, folder %s\n", *products, time.Since(start).Round(time.Second), filepath.Clean(work))
}
