package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/omnilane/omnilane/devices/sim/scannersim"
)

const scannerHelp = `Runs a virtual serial barcode scanner on a pseudo-terminal. It prints
"listening on /dev/pts/N": open that path as a serial port (any baud). Each
code (from -codes, then one per line on stdin) is written as a serial scanner
sends it: AIM identifier (guessed from the content: ]E0 EAN-13/UPC, ]E4 EAN-8,
]C1 GS1-128 for "(01)…(10)…" input, ]Q1 URLs, ]C0 other), data, suffix.
A line that starts with "]" is sent with the identifier it already has.
`

func runScanner(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("scanner", flag.ContinueOnError)
	fl.SetOutput(stderr)
	codes := fl.String("codes", "", "comma-separated codes to scan at start")
	interval := fl.Duration("interval", 300*time.Millisecond, "pause between scans")
	delay := fl.Duration("delay", 0, "wait before the first -codes scan (for the app to open the port)")
	suffix := fl.String("suffix", "CR", "suffix: CR, LF, CRLF, TAB, NONE or literal text")
	noAIM := fl.Bool("no-aim", false, "send no AIM symbology identifier")
	stdin := fl.Bool("stdin", true, "read more codes from stdin, one per line")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: omnilane-sim scanner [flags]\n\n%s\nflags:\n", scannerHelp)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	suf := map[string]string{"CR": "\r", "LF": "\n", "CRLF": "\r\n", "TAB": "\t", "NONE": ""}[strings.ToUpper(*suffix)]
	if _, named := map[string]bool{"CR": true, "LF": true, "CRLF": true, "TAB": true, "NONE": true}[strings.ToUpper(*suffix)]; !named {
		suf = *suffix
	}
	p, err := scannersim.OpenPTY()
	if err != nil {
		return err
	}
	defer p.Close()
	if _, err := fmt.Fprintf(stdout, "listening on %s\n", p.Path()); err != nil {
		return err
	}
	send := func(code string) error {
		code = strings.TrimRight(code, "\r\n")
		if code == "" {
			return nil
		}
		if _, err := p.Write(scannersim.Frame(code, !*noAIM, suf)); err != nil {
			return fmt.Errorf("write scan: %w", err)
		}
		log.Info("scanned", "code", code)
		return nil
	}
	go func() { // the host side may write (some scanners take commands): drain it
		buf := make([]byte, 256)
		for {
			if _, err := p.Read(buf); err != nil {
				return
			}
		}
	}()
	if *codes != "" {
		select {
		case <-time.After(*delay):
		case <-ctx.Done():
			return nil
		}
		for i, c := range strings.Split(*codes, ",") {
			if i > 0 {
				select {
				case <-time.After(*interval):
				case <-ctx.Done():
					return nil
				}
			}
			if err := send(c); err != nil {
				return err
			}
		}
	}
	if *stdin {
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(os.Stdin)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		for {
			select {
			case <-ctx.Done():
				return nil
			case l, ok := <-lines:
				if !ok {
					<-ctx.Done() // stdin closed: keep the port until stopped
					return nil
				}
				if err := send(l); err != nil {
					return err
				}
			}
		}
	}
	<-ctx.Done()
	return nil
}
