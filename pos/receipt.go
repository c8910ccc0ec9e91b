package pos

import (
	"fmt"
	"time"
)

// Receipt is a device-neutral receipt: the words and amounts to print,
// already formatted in the store's language.
type Receipt struct {
	// Header lines: store name, address, tax id.
	Header []string
	// Title such as "FACTURA SIMPLIFICADA"; Copy receipts add a copy mark.
	Title string
	// Copy marks a reprint.
	Copy bool
	// Meta lines: number, date, operator.
	Meta []string
	// Items are the sold lines.
	Items []ReceiptLine
	// Totals are total, tax bands, tenders and change.
	Totals []ReceiptLine
	// Footer lines.
	Footer []string
	// Barcode is the receipt code (CODE128) for returns.
	Barcode string
}

// ReceiptLine is a left text and a right-aligned amount, with an optional
// detail line under it ("2 x 1,50").
type ReceiptLine struct {
	// Left text.
	Left string
	// Right text (an amount).
	Right string
	// Detail under the line, if any.
	Detail string
	// Bold emphasises the line (the total).
	Bold bool
}

// StoreInfo is what a receipt says about the store.
type StoreInfo struct {
	// ID of the store.
	ID string
	// Name of the store as printed.
	Name string
	// Address lines.
	Address []string
	// TaxID of the retailer (NIF/CIF).
	TaxID string
	// Lang of receipts: "es" or "en".
	Lang string
	// Currency the store sells in.
	Currency Currency
	// Location is the store's time zone for printed times.
	Location *time.Location
	// PricesExcludeTax: prices are net and tax is added on top; by default
	// prices include tax (IVA, VAT).
	PricesExcludeTax bool
	// TaxPerLine rounds tax per line instead of per rate total.
	TaxPerLine bool
}

// TaxPolicy returns how the store computes tax.
func (s StoreInfo) TaxPolicy() TaxPolicy {
	return TaxPolicy{Exclusive: s.PricesExcludeTax, PerLine: s.TaxPerLine}
}

var receiptWords = map[string]map[string]string{
	"es": {"title": "FACTURA SIMPLIFICADA", "copy": "*** COPIA ***", "number": "Ticket", "date": "Fecha", "operator": "Atendido por",
		"total": "TOTAL", "tax": "IVA", "base": "Base", "cash": "Efectivo", "card": "Tarjeta", "change": "Cambio", "thanks": "¡Gracias por su compra!", "voided": "ANULADA", "items": "Artículos",
		"saved": "Ahorro total", "subtotal": "Subtotal", "gift_card": "Tarjeta regalo", "store_credit": "Saldo a favor", "voucher": "Vale"},
	"en": {"title": "RECEIPT", "copy": "*** COPY ***", "number": "Receipt", "date": "Date", "operator": "Served by",
		"total": "TOTAL", "tax": "VAT", "base": "Net", "cash": "Cash", "card": "Card", "change": "Change", "thanks": "Thank you for shopping with us!", "voided": "VOID", "items": "Items",
		"saved": "You saved", "subtotal": "Subtotal", "gift_card": "Gift card", "store_credit": "Store credit", "voucher": "Voucher"},
}

// BuildReceipt lays out a sale as a receipt in the store's language.
func BuildReceipt(store StoreInfo, s Sale, copy bool) Receipt {
	w := receiptWords["es"]
	if store.Lang == "en" {
		w = receiptWords["en"]
	}
	loc := store.Location
	if loc == nil {
		loc = time.Local
	}
	c := store.Currency
	m := func(v Money) string { return c.Format(v, store.Lang) }
	r := Receipt{
		Header:  append([]string{store.Name}, store.Address...),
		Title:   w["title"],
		Copy:    copy,
		Barcode: s.ReceiptCode(),
		Meta: []string{
			fmt.Sprintf("%s: %s", w["number"], s.ReceiptCode()),
			fmt.Sprintf("%s: %s", w["date"], s.At.In(loc).Format("02/01/2006 15:04")),
		},
	}
	if store.TaxID != "" {
		r.Header = append(r.Header, store.TaxID)
	}
	if s.Operator != "" {
		r.Meta = append(r.Meta, fmt.Sprintf("%s: %s", w["operator"], s.Operator))
	}
	for _, l := range s.Lines {
		if l.Voided {
			continue
		}
		rl := ReceiptLine{Left: l.Name, Right: m(l.Amount)}
		switch {
		case l.Grams > 0:
			rl.Detail = fmt.Sprintf("%d,%03d kg x %s/kg", l.Grams/1000, l.Grams%1000, m(l.UnitPrice))
		case l.Qty != 1:
			rl.Detail = fmt.Sprintf("%d x %s", l.Qty, m(l.UnitPrice))
		}
		r.Items = append(r.Items, rl)
		for _, d := range l.Discounts {
			r.Items = append(r.Items, ReceiptLine{Left: "  " + d.Text(store.Lang), Right: m(-d.Amount)})
		}
	}
	if store.PricesExcludeTax {
		r.Totals = append(r.Totals, ReceiptLine{Left: w["subtotal"], Right: m(s.Totals.Total - s.Totals.Tax)})
	}
	r.Totals = append(r.Totals, ReceiptLine{Left: w["total"], Right: m(s.Totals.Total), Bold: true})
	for _, b := range s.Totals.Bands {
		r.Totals = append(r.Totals, ReceiptLine{
			Left:  fmt.Sprintf("%s %s%%  %s %s", w["tax"], ratePercent(b.Rate), w["base"], m(b.Net)),
			Right: m(b.Tax),
		})
	}
	for _, t := range s.Tenders {
		label := w[t.Method]
		if label == "" {
			label = t.Method
		}
		amt := t.Amount
		if t.Received > 0 {
			amt = t.Received
		}
		rl := ReceiptLine{Left: label, Right: m(amt)}
		if (t.Method == TenderGiftCard || t.Method == TenderStoreCredit || t.Method == TenderVoucher) && len(t.Ref) > 4 {
			rl.Detail = "···" + t.Ref[len(t.Ref)-4:] // never the whole card number
		}
		r.Totals = append(r.Totals, rl)
	}
	if s.Change > 0 {
		r.Totals = append(r.Totals, ReceiptLine{Left: w["change"], Right: m(s.Change)})
	}
	if s.Totals.Saved > 0 {
		r.Footer = append(r.Footer, fmt.Sprintf("%s: %s", w["saved"], m(s.Totals.Saved)))
	}
	r.Footer = append(r.Footer, w["thanks"])
	if copy {
		r.Title = w["copy"] + "\n" + r.Title
	}
	return r
}

func ratePercent(bp int) string {
	if bp%100 == 0 {
		return fmt.Sprintf("%d", bp/100)
	}
	return fmt.Sprintf("%d,%02d", bp/100, bp%100)
}
