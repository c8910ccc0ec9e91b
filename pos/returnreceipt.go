package pos

import (
	"fmt"
	"time"
)

var returnWords = map[string]map[string]string{
	"es": {"title": "DEVOLUCIÓN", "number": "Devolución", "original": "Ticket original", "reason": "Motivo", "refund": "TOTAL DEVUELTO", "new_voucher": "Vale nuevo"},
	"en": {"title": "RETURN", "number": "Return", "original": "Original receipt", "reason": "Reason", "refund": "TOTAL REFUNDED", "new_voucher": "New voucher"},
}

// BuildReturnReceipt lays a return out as a receipt in the store's language.
func BuildReturnReceipt(store StoreInfo, r Return) Receipt {
	lang := "es"
	if store.Lang == "en" {
		lang = "en"
	}
	w, rw := receiptWords[lang], returnWords[lang]
	c := store.Currency
	m := func(v Money) string { return c.Format(v, lang) }
	out := Receipt{
		Header:  append([]string{store.Name}, store.Address...),
		Title:   rw["title"],
		Barcode: r.ReceiptCode(),
		Meta: []string{
			fmt.Sprintf("%s: %s", rw["number"], r.ReceiptCode()),
			fmt.Sprintf("%s: %s", rw["original"], r.OriginalReceipt),
			fmt.Sprintf("%s: %s", w["date"], r.At.In(store.location()).Format("02/01/2006 15:04")),
			fmt.Sprintf("%s: %s", rw["reason"], r.Reason),
		},
	}
	if store.TaxID != "" {
		out.Header = append(out.Header, store.TaxID)
	}
	for _, l := range r.Lines {
		rl := ReceiptLine{Left: l.Name, Right: "-" + m(l.Amount)}
		if l.Qty != 1 {
			rl.Detail = fmt.Sprintf("%d x", l.Qty)
		}
		out.Items = append(out.Items, rl)
	}
	out.Totals = append(out.Totals, ReceiptLine{Left: rw["refund"], Right: m(r.Totals.Total), Bold: true})
	for _, b := range r.Totals.Bands {
		out.Totals = append(out.Totals, ReceiptLine{Left: fmt.Sprintf("%s %s%%", w["tax"], ratePercent(b.Rate)), Right: m(b.Tax)})
	}
	for _, t := range r.Tenders {
		label := w[t.Method]
		if label == "" {
			label = t.Method
		}
		rl := ReceiptLine{Left: label, Right: m(t.Amount)}
		switch t.Method {
		case TenderGiftCard, TenderStoreCredit:
			rl.Detail = MaskRef(t.Ref) // never the whole card number
		case TenderVoucher:
			rl.Detail = rw["new_voucher"] + " " + t.Ref // the customer spends it with this code
		}
		out.Totals = append(out.Totals, rl)
	}
	return out
}

// location is the store's time zone, or the machine's when unset.
func (s StoreInfo) location() *time.Location {
	if s.Location == nil {
		return time.Local
	}
	return s.Location
}
