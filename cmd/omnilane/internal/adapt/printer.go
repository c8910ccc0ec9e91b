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

// Drawer opens the cash drawer wired to a printer's drawer port; it
// implements pos.CashDrawer. The printer pulses it even when out of paper.
type Drawer struct {
	// Printer the drawer hangs from.
	Printer *printer.Printer
}

// OpenDrawer pulses the drawer connector (pin 2, the usual drawer).
func (d Drawer) OpenDrawer(ctx context.Context) error {
	return d.Printer.OpenDrawer(ctx, 0)
}
