package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/scale"
	"github.com/omnilane/omnilane/devices/sim/scalesim"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

const scaleHelp = `Runs a virtual checkout scale speaking its profile's protocol (Toledo 8213
or NCI) on a pseudo-terminal, or on TCP with -listen. It prints "listening on
/dev/pts/N" (or HOST:PORT). Control it with lines on stdin:
  1234        place 1234 g (also "1.234kg"); 0 empties it
  motion      keep it moving until the next weight or "stable"
  stable      stop moving
  under       under zero
  over        over capacity
A new weight moves for -settle before it reads stable.
`

func runScale(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("scale", flag.ContinueOnError)
	fl.SetOutput(stderr)
	profID := fl.String("profile", "datalogic-magellan-9800i", "scale profile id from firmware-profiles/scales")
	listen := fl.String("listen", "", "serve on this TCP address instead of a pseudo-terminal")
	grams := fl.Int64("grams", 0, "weight on the scale at start, in grams")
	settle := fl.Duration("settle", 500*time.Millisecond, "how long a new weight reads as motion")
	stdin := fl.Bool("stdin", true, "read control lines from stdin")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: omnilane-sim scale [flags]\n\n%s\nflags:\n", scaleHelp)
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
	p, err := cat.Scale(*profID)
	if err != nil {
		return err
	}
	sim, err := scalesim.New(scalesim.Config{Dialect: scale.Dialect(p.Dialect), Unit: scale.Unit(p.Unit),
		Capacity: int64(p.CapacityGrams), Settle: *settle})
	if err != nil {
		return err
	}
	sim.Place(*grams)
	if *stdin {
		go control(ctx, sim, os.Stdin, log)
	}
	if *listen != "" {
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(stdout, "listening on %s\n", ln.Addr()); err != nil {
			return err
		}
		log.Info("scale ready", "profile", p.ID, "dialect", p.Dialect, "unit", p.Unit)
		return sim.Listen(ctx, ln)
	}
	var werr error
	err = sim.PTY(ctx, func(path string) {
		_, werr = fmt.Fprintf(stdout, "listening on %s\n", path)
		log.Info("scale ready", "profile", p.ID, "dialect", p.Dialect, "unit", p.Unit)
	})
	if werr != nil {
		return werr
	}
	return err
}

// control applies the lines read from r to the scale.
func control(ctx context.Context, sim *scalesim.Scale, r io.Reader, log *slog.Logger) {
	sc := bufio.NewScanner(r)
	var st scalesim.State
	for sc.Scan() && ctx.Err() == nil {
		line := strings.ToLower(strings.TrimSpace(sc.Text()))
		switch line {
		case "":
			continue
		case "motion":
			st.Motion = true
		case "stable":
			st.Motion = false
		case "under":
			st = scalesim.State{Grams: -50, UnderZero: true}
		case "over":
			st = scalesim.State{Grams: 1_000_000, Over: true}
		default:
			g, err := parseGrams(line)
			if err != nil {
				log.Error("scale control", "line", line, "err", err)
				continue
			}
			st = scalesim.State{Grams: g}
		}
		sim.Set(st)
		log.Info("scale", "grams", st.Grams, "motion", st.Motion, "under_zero", st.UnderZero, "over", st.Over)
	}
}

// parseGrams reads "1234", "1234g" or "1.234kg".
func parseGrams(s string) (int64, error) {
	if v, ok := strings.CutSuffix(s, "kg"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || !(f >= 0 && f <= 1000) { // NaN fails both
			return 0, fmt.Errorf("weight %q: want grams or N.NNNkg", s)
		}
		return int64(f*1000 + 0.5), nil
	}
	g, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(s, "g")), 10, 64)
	if err != nil || g < 0 || g > 1_000_000 {
		return 0, fmt.Errorf("weight %q: want grams or N.NNNkg", s)
	}
	return g, nil
}
