package pos

import "context"

// CardSlips returns the approved card requests of a sale (its payment and
// any refunds) whose terminal receipt lines are to be printed.
func (c *CardPayments) CardSlips(ctx context.Context, saleID string) ([]CardPayment, error) {
	ps, err := c.store.CardPaymentsOfSale(ctx, saleID)
	if err != nil {
		return nil, err
	}
	var out []CardPayment
	for _, p := range ps {
		if p.State == CardRecorded {
			out = append(out, p)
		}
	}
	return out, nil
}

// WithCustomerSlips appends the terminal's customer copy of each card
// payment to a sale receipt, so it prints with the sale.
func WithCustomerSlips(r Receipt, slips []CardPayment) Receipt {
	for _, p := range slips {
		if len(p.Result.CustomerReceipt) == 0 {
			continue
		}
		r.Footer = append(append(r.Footer, ""), p.Result.CustomerReceipt...)
	}
	return r
}

// MerchantSlip is the terminal's merchant copy of a card request as a
// receipt of its own, for terminal profiles that want it printed by the lane.
func MerchantSlip(info StoreInfo, p CardPayment) Receipt {
	return Receipt{Header: append([]string{info.Name}, info.Address...), Meta: p.Result.MerchantReceipt, Copy: false}
}
