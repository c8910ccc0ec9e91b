package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/sim/displaysim"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

const displayHelp = `Runs a virtual customer pole display on a pseudo-terminal. It prints
"listening on /dev/pts/N": open that path as a serial port. Every change of
the screen is logged to stderr as a box and, with -out, written to FILE (the
rows, one per line).
`

func runDisplay(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("display", flag.ContinueOnError)
	fl.SetOutput(stderr)
	profID := fl.String("profile", "epson-dm-d110", "display profile id from firmware-profiles/displays")
	out := fl.String("out", "", "file that always holds the current screen")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: omnilane-sim display [flags]\n\n%s\nflags:\n", displayHelp)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	cat, err := profile.Load(firmwareprofiles.FS())
	if err != nil {
		return fmt.Errorf("load profiles: %w", err)
	}
	p, err := cat.Display(*profID)
	if err != nil {
		return err
	}
	d, err := displaysim.Open(p)
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := fmt.Fprintf(stdout, "listening on %s\n", d.Path()); err != nil {
		return err
	}
	return d.Run(ctx, func(lines []string) {
		border := "+" + strings.Repeat("-", p.Columns) + "+"
		var b strings.Builder
		b.WriteString(border + "\n")
		for _, l := range lines {
			fmt.Fprintf(&b, "|%-*s|\n", p.Columns, l)
		}
		b.WriteString(border)
		fmt.Fprintln(stderr, b.String())
		if *out != "" {
			tmp := *out + ".tmp"
			if err := os.WriteFile(tmp, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err == nil {
				_ = os.Rename(tmp, *out)
			} else {
				log.Error("write screen", "err", err)
			}
		}
	})
}
