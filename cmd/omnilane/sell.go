package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// codes collects repeated -scan flags.
type codes []string

func (c *codes) String() string     { return strings.Join(*c, ",") }
func (c *codes) Set(v string) error { *c = append(*c, v); return nil }

// runSell rings one sale with no window: it waits for the catalog from
// central, scans the codes, pays cash, waits until the receipt is printed and
// central has acknowledged the sale (each for at most -wait), and prints the
// sale as JSON lines a script can read.
func runSell(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cfg config
	fs := flag.NewFlagSet("omnilane sell", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.bind(fs)
	var scans codes
	fs.Var(&scans, "scan", "a barcode to scan (repeat)")
	var weighs codes
	fs.Var(&weighs, "weigh", "a PLU sold by weight to weigh on the configured scale (repeat)")
	cash := fs.String("cash", "", "cash received, e.g. 20.00 (default: the exact total)")
	card := fs.Bool("card", false, "pay by card on the -terminal instead of cash")
	wait := fs.Duration("wait", 30*time.Second, "how long to wait for the catalog, the receipt and central's acknowledgement")
	operator := fs.String("operator", "1001", "operator code to sign in; the PIN comes from $OMNILANE_PIN")
	openShift := fs.Bool("open-shift", true, "open a shift with an empty float when none is open")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := newLogger(stderr, cfg.LogLevel)
	sys, err := startSystem(ctx, cfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "omnilane sell:", err)
		return 1
	}
	defer sys.close()
	if err := sys.waitForCatalog(ctx, *wait); err != nil {
		fmt.Fprintln(stderr, "omnilane sell:", err)
		return 1
	}
	if err := signInAndOpen(ctx, sys.lane, *operator, os.Getenv("OMNILANE_PIN"), *openShift); err != nil {
		fmt.Fprintln(stderr, "omnilane sell:", err)
		return 1
	}
	for _, c := range scans {
		l, err := sys.lane.Scan(ctx, c)
		if err != nil {
			fmt.Fprintf(stderr, "omnilane sell: scan %s: %v\n", c, err)
			return 1
		}
		fmt.Fprintf(stdout, "scanned %s: %s %s\n", c, l.Name, sys.info.Currency.Format(l.Amount, sys.info.Lang))
	}
	for _, c := range weighs {
		if sys.scale == nil {
			fmt.Fprintln(stderr, "omnilane sell: -weigh needs a scale in -devices")
			return 2
		}
		wctx, cancel := context.WithTimeout(ctx, *wait)
		grams, err := sys.scale.Weigh(wctx)
		cancel()
		if err != nil {
			fmt.Fprintf(stderr, "omnilane sell: weigh %s: %v\n", c, err)
			return 1
		}
		l, err := sys.lane.AddWeighed(ctx, c, grams)
		if err != nil {
			fmt.Fprintf(stderr, "omnilane sell: weighed %s: %v\n", c, err)
			return 1
		}
		fmt.Fprintf(stdout, "weighed %s: %s %d g %s\n", c, l.Name, l.Grams, sys.info.Currency.Format(l.Amount, sys.info.Lang))
	}
	received := sys.lane.Basket().Totals.Total
	if *cash != "" {
		if received, err = sys.info.Currency.ParseMoney(*cash); err != nil {
			fmt.Fprintln(stderr, "omnilane sell: -cash:", err)
			return 2
		}
	}
	m := func(v pos.Money) string { return sys.info.Currency.Format(v, sys.info.Lang) }
	var s pos.Sale
	if *card {
		if sys.cards == nil {
			fmt.Fprintln(stderr, "omnilane sell: -card needs -terminal")
			return 2
		}
		s, err = sys.lane.PayCard(ctx, sys.cards)
	} else {
		s, err = sys.lane.PayCash(ctx, received)
	}
	if err != nil {
		fmt.Fprintln(stderr, "omnilane sell: pay:", err)
		return 1
	}
	paid := "cash " + m(received)
	if *card {
		paid = "card " + m(s.Totals.Total)
	}
	fmt.Fprintf(stdout, "sale %s receipt %s total %s paid %s change %s\n", s.ID, s.ReceiptCode(), m(s.Totals.Total), paid, m(s.Change))
	if err := sys.waitPrinted(ctx, *wait); err != nil {
		fmt.Fprintln(stderr, "omnilane sell: receipt:", err)
		return 1
	}
	if err := sys.waitSynced(ctx, *wait); err != nil {
		fmt.Fprintln(stderr, "omnilane sell: sync:", err)
		return 1
	}
	fmt.Fprintln(stdout, "receipt printed; central acknowledged the sale")
	return 0
}

// signInAndOpen signs an operator in and, when asked, opens a shift with an
// empty float if none is open.
func signInAndOpen(ctx context.Context, lane *pos.Lane, operator, pin string, openShift bool) error {
	if pin == "" {
		return fmt.Errorf("set OMNILANE_PIN to the PIN of operator %s", operator)
	}
	if _, err := lane.Access().SignIn(ctx, operator, pin); err != nil {
		return fmt.Errorf("sign in %s: %w", operator, err)
	}
	if _, err := lane.Till().Current(ctx); pos.ErrorCode(err) == pos.ENOSHIFT && openShift {
		if _, err := lane.Till().Open(ctx, pos.CashCount{}, nil); err != nil {
			return fmt.Errorf("open shift: %w", err)
		}
	} else if err != nil {
		return fmt.Errorf("shift: %w", err)
	}
	return nil
}
