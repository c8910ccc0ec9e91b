package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/enroll"
)

// headlessSale rings two products and bananas weighed on the scale simulator,
// pays 20,00 € cash through the lane binary,
// then shows the printed receipt and what central recorded.
func headlessSale(ctx context.Context, s *servers, out io.Writer, logs io.Writer) error {
	args := append([]string{"sell"}, s.laneArgs()...)
	for i := range 2 {
		p, err := samplecatalog.Product(i)
		if err != nil {
			return err
		}
		args = append(args, "-scan", strings.TrimPrefix(p.Barcodes[0], "0"))
	}
	args = append(args, "-weigh", "4011") // bananas, on the scale simulator
	args = append(args, "-cash", "20.00")
	fmt.Fprintf(out, "== lane: omnilane %s\n", strings.Join(args, " "))
	cmd := exec.CommandContext(ctx, filepath.Join(s.bin, "omnilane"), args...)
	cmd.Stdout, cmd.Stderr = out, logs
	cmd.Env = append(os.Environ(), "OMNILANE_PIN=1234")
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("the lane's scripted sale failed: %w", err)
	}
	receipt, err := os.ReadFile(filepath.Join(s.receipts, "receipt-0001.txt"))
	if err != nil {
		return fmt.Errorf("no receipt from the printer simulator: %w", err)
	}
	fmt.Fprintf(out, "\n== receipt as the printer simulator decoded it (%s)\n%s\n", filepath.Join(s.receipts, "receipt-0001.txt"), receipt)
	cr, err := enroll.Load(filepath.Join(s.dir, "lane-1.db.credentials.json"))
	if err != nil {
		return err
	}
	c, err := client.New(cr.CentralURL, cr.HTTPClient(), cr.Credential)
	if err != nil {
		return err
	}
	rec, err := c.DeviceRecord(ctx, "lane-1", 0, 100)
	if err != nil {
		return fmt.Errorf("central's record: %w", err)
	}
	fmt.Fprintf(out, "== central's record of lane-1: %d journal event(s), acknowledged up to seq %d\n", rec.EventCount, rec.AckedSeq)
	saleEvents := 0
	for _, e := range rec.Events {
		fmt.Fprintf(out, "   event seq %d %-22s operator %-5s hash %s…\n", e.Seq, e.Type, e.Operator, e.Hash[:16])
		if e.Type == pos.EventSaleCompleted {
			saleEvents++
		}
	}
	for _, sale := range rec.Sales {
		fmt.Fprintf(out, "   sale %s receipt %s: %d line(s), total %s, change %s\n", sale.ID, sale.ReceiptCode(),
			len(sale.Lines), pos.EUR.Format(sale.Totals.Total, "es"), pos.EUR.Format(sale.Change, "es"))
	}
	if saleEvents != 1 || len(rec.Sales) != 1 {
		return fmt.Errorf("central holds %d sale events and %d sales; expected the sale once", saleEvents, len(rec.Sales))
	}
	return nil
}
