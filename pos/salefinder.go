package pos

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// SaleFinder finds a completed sale by the code printed on its receipt
// (Sale.ReceiptCode, e.g. "lane-1-000042"). The local store, the copies of
// peer lanes' journals and central each implement it. A finder that does not
// hold the sale answers an ENOTFOUND error; any other error means it could
// not look (database failure, central unreachable).
type SaleFinder interface {
	// SaleByReceipt returns the sale whose receipt code is code, given in its
	// canonical form (see ParseReceiptCode).
	SaleByReceipt(ctx context.Context, code string) (Sale, error)
}

// SaleFinderFunc adapts a function to SaleFinder.
type SaleFinderFunc func(ctx context.Context, code string) (Sale, error)

// SaleByReceipt calls f.
func (f SaleFinderFunc) SaleByReceipt(ctx context.Context, code string) (Sale, error) {
	return f(ctx, code)
}

// ParseReceiptCode splits a receipt code, as printed under the receipt's
// barcode or typed by staff, into the device that rang the sale and its
// receipt number. Spaces around it are ignored and the number may come
// without its leading zeros ("lane-1-42" is "lane-1-000042"). A bare number
// is a receipt of defaultDevice, when one is given. The canonical code is
// ReceiptCode(device, number).
func ParseReceiptCode(code, defaultDevice string) (device string, number int64, err error) {
	code = strings.TrimSpace(code)
	num := code
	if i := strings.LastIndexByte(code, '-'); i >= 0 {
		device, num = strings.TrimSpace(code[:i]), code[i+1:]
	} else {
		device = defaultDevice
	}
	bad := func() (string, int64, error) {
		return "", 0, Reasonf(EINVALID, RNotReceiptCode, "%q is not a receipt code: expected a lane and a number, like lane-1-000042", code)
	}
	if device == "" || num == "" || len(num) > 18 {
		return bad()
	}
	for _, c := range []byte(num) {
		if c < '0' || c > '9' {
			return bad()
		}
	}
	n, perr := strconv.ParseInt(num, 10, 64)
	if perr != nil || n <= 0 {
		return bad()
	}
	return device, n, nil
}

// SaleLookup finds the original sale of a return wherever it was rung: in
// this lane's own store, then in the copies of peer lanes' journals (which
// work with the WAN down), then at central (online only; other stores and the
// online channel). Nil finders are skipped.
type SaleLookup struct {
	// DeviceID is this lane's device id: a bare receipt number typed at the
	// desk means one of its receipts.
	DeviceID string
	// Local is this lane's own store.
	Local SaleFinder
	// Peers holds the verified copies of the store's other lanes' journals.
	Peers SaleFinder
	// Central looks the sale up at central.
	Central SaleFinder
}

// FindSale returns the sale whose receipt code is code. When no source has
// it the error is ENOTFOUND and its message lists where the lane looked and
// what each place said; a code that is not a receipt code is EINVALID.
func (l SaleLookup) FindSale(ctx context.Context, code string) (Sale, error) {
	device, number, err := ParseReceiptCode(code, l.DeviceID)
	if err != nil {
		return Sale{}, err
	}
	canon := ReceiptCode(device, number)
	sources := []struct {
		name string
		f    SaleFinder
	}{{"this lane", l.Local}, {"peer lanes' copies", l.Peers}, {"central", l.Central}}
	var looked []string
	var failures []error
	for _, src := range sources {
		if src.f == nil {
			looked = append(looked, src.name+": not configured")
			continue
		}
		if src.name == "this lane" && l.DeviceID != "" && device != l.DeviceID {
			looked = append(looked, src.name+": not one of its receipts")
			continue
		}
		s, err := src.f.SaleByReceipt(ctx, canon)
		if err == nil && s.ReceiptCode() != canon {
			err = Errorf(ENOTFOUND, "answered sale %s for %s", s.ReceiptCode(), canon)
		}
		if err == nil {
			return s, nil
		}
		if ctx.Err() != nil {
			return Sale{}, fmt.Errorf("find sale %s: %w", canon, ctx.Err())
		}
		if ErrorCode(err) == ENOTFOUND {
			looked = append(looked, src.name+": "+err.Error())
		} else {
			looked = append(looked, src.name+": could not look")
			failures = append(failures, err)
		}
	}
	return Sale{}, &Error{Code: ENOTFOUND,
		Message: fmt.Sprintf("no sale with receipt %s; looked in %s", canon, strings.Join(looked, "; ")),
		Err:     errors.Join(failures...)}
}
