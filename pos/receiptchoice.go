package pos

// SetNoReceipt records whether the customer of the open sale declined a
// printed receipt. It holds for the next sale the lane completes (cash,
// card or split) and then resets, so every customer is asked afresh; a
// voided or parked sale drops it too. The sale is recorded and journalled
// as usual, with Sale.NoReceipt set; the receipt queue then prints nothing
// for it but the terminal's merchant copy when the terminal profile needs
// one. Safe to call while a payment runs.
func (l *Lane) SetNoReceipt(none bool) { l.noReceipt.Store(none) }

// NoReceipt reports the choice SetNoReceipt made for the open sale.
func (l *Lane) NoReceipt() bool { return l.noReceipt.Load() }
