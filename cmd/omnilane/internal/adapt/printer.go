package adapt

import (
	"context"

	"github.com/omnilane/omnilane/devices/printer"
	"github.com/omnilane/omnilane/pos"
)

// ReceiptPrinter prints domain receipts on a devices printer; it implements
// pos.ReceiptPrinter.
type ReceiptPrinter struct {
	// Printer is the driver.
	Printer *printer.Printer
}

// PrintReceipt lays r out and prints it.
func (p ReceiptPrinter) PrintReceipt(ctx context.Context, r pos.Receipt) error {
	return p.Printer.Print(ctx, ReceiptDocument(r))
}
