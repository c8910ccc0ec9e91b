package peer

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/protocol"
)

// centralSalesLimit is the most sales central's device record lists.
const centralSalesLimit = 10000

// CentralSales finds sales through central's record of a device
// (GET /v1/devices/{device}), which lists a device's sales by receipt
// number: a lane of any store, online only. It is a stopgap until central
// serves a lookup by receipt code: it reaches only a device's first 10,000
// receipts, and not the online channel's orders.
type CentralSales struct {
	// Client talks to central.
	Client *client.Client
	// Timeout bounds one lookup (default 5 s), so the desk does not wait
	// long on a WAN that is down.
	Timeout time.Duration
}

// SaleByReceipt implements pos.SaleFinder.
func (c CentralSales) SaleByReceipt(ctx context.Context, code string) (pos.Sale, error) {
	device, n, err := pos.ParseReceiptCode(code, "")
	if err != nil {
		return pos.Sale{}, err
	}
	if n > centralSalesLimit {
		return pos.Sale{}, fmt.Errorf("receipt %s: central's device record lists only the first %d receipts of a lane", code, centralSalesLimit)
	}
	d := c.Timeout
	if d <= 0 {
		d = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	// after=MaxInt64: no journal entries, only the sales 1…n.
	rec, err := c.Client.DeviceRecord(ctx, device, math.MaxInt64, int(n))
	if protocol.CodeOf(err) == protocol.CodeNotFound {
		return pos.Sale{}, &pos.Error{Code: pos.ENOTFOUND, Message: "central knows no lane " + device, Err: err}
	}
	if err != nil {
		return pos.Sale{}, fmt.Errorf("ask central for %s: %w", code, err)
	}
	for i := len(rec.Sales) - 1; i >= 0; i-- {
		if s := rec.Sales[i]; s.Number == n && s.DeviceID == device {
			return s, nil
		}
	}
	return pos.Sale{}, pos.Errorf(pos.ENOTFOUND, "central holds no sale %s (it holds %s's journal up to seq %d)", pos.ReceiptCode(device, n), device, rec.AckedSeq)
}
