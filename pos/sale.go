package pos

import "time"

// Tender methods.
const (
	TenderCash = "cash"
	TenderCard = "card"
)

// Tender is one payment towards a sale.
type Tender struct {
	// Method is TenderCash, TenderCard, …
	Method string `json:"method"`
	// Amount applied to the sale.
	Amount Money `json:"amount"`
	// Received is what the customer handed over (cash), ≥ Amount.
	Received Money `json:"received,omitempty"`
	// Change given back from this tender.
	Change Money `json:"change,omitempty"`
	// Ref is the terminal's transaction reference for card tenders.
	Ref string `json:"ref,omitempty"`
	// Offline marks a card tender the terminal approved offline (store and
	// forward): the acquirer has not yet seen it.
	Offline bool `json:"offline,omitempty"`
}

// Sale is a completed sale. It is never edited: corrections are new events.
type Sale struct {
	// ID is the sale's UUIDv7.
	ID string `json:"id"`
	// StoreID of the store.
	StoreID string `json:"store_id"`
	// DeviceID of the lane that rang it.
	DeviceID string `json:"device_id"`
	// Number is the lane's receipt number, consecutive per device.
	Number int64 `json:"number"`
	// Operator who rang it.
	Operator string `json:"operator,omitempty"`
	// Currency code of every amount.
	Currency string `json:"currency"`
	// Lines sold, voided lines included for the record.
	Lines []Line `json:"lines"`
	// Totals of the live lines.
	Totals Totals `json:"totals"`
	// Tenders that paid it.
	Tenders []Tender `json:"tenders"`
	// Change handed back in total.
	Change Money `json:"change"`
	// Promotions used, with their per-line allocations.
	Promotions []AppliedPromotion `json:"promotions,omitempty"`
	// Coupons entered.
	Coupons []string `json:"coupons,omitempty"`
	// Manual is the manual basket discount given, if any.
	Manual *ManualDiscount `json:"manual_discount,omitempty"`
	// At is when it completed.
	At time.Time `json:"at"`
	// NoReceipt: the customer declined a printed receipt; none printed
	// with the sale (a reprint, marked as a copy, still can be).
	NoReceipt bool `json:"no_receipt,omitempty"`
}

// ReceiptCode is the code printed as the receipt's barcode, by which the
// desk finds the sale for a return: device id and receipt number.
func (s Sale) ReceiptCode() string { return ReceiptCode(s.DeviceID, s.Number) }

// ReceiptCode builds the receipt code of a device's receipt number.
func ReceiptCode(deviceID string, number int64) string {
	return deviceID + "-" + itoa6(number)
}

func itoa6(n int64) string {
	s := []byte("000000")
	for i := len(s) - 1; i >= 0 && n > 0; i-- {
		s[i] = byte('0' + n%10)
		n /= 10
	}
	if n > 0 {
		return itoa6(n/1000000) + string(s)
	}
	return string(s)
}
