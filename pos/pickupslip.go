package pos

import (
	"context"
	"fmt"
	"time"
)

var pickupWords = map[string]map[string]string{
	"es": {"title": "ENTREGA DE PEDIDO", "order": "Pedido", "code": "Código de recogida", "customer": "Cliente", "date": "Fecha",
		"staff": "Entregado por", "released": "ENTREGADO AHORA", "pending": "PENDIENTE DE ENTREGA", "none_pending": "Pedido entregado completo",
		"paid": "Pagado en línea", "sign": "Firma del cliente:", "sign_line": "______________________________", "received": "Recibí conforme"},
	"en": {"title": "ORDER PICKUP", "order": "Order", "code": "Pickup code", "customer": "Customer", "date": "Date",
		"staff": "Handed over by", "released": "HANDED OVER NOW", "pending": "STILL TO COLLECT", "none_pending": "Order collected in full",
		"paid": "Paid online", "sign": "Customer's signature:", "sign_line": "______________________________", "received": "Received in good order"},
}

// BuildPickupSlip lays out the slip of one release of an online order, in
// the store's language: the order, its customer, the lines handed over now,
// what is still to collect (pending units per line), a line for the
// customer's signature, and the store and date. copy marks a reprint.
func BuildPickupSlip(store StoreInfo, o Order, rel PickupRelease, pending map[int]int64, copy bool) Receipt {
	lang := "es"
	if store.Lang == "en" {
		lang = "en"
	}
	w, pw := receiptWords[lang], pickupWords[lang]
	c, err := CurrencyByCode(o.Currency)
	if err != nil {
		c = store.Currency
	}
	r := Receipt{
		Header:  append([]string{store.Name}, store.Address...),
		Title:   pw["title"],
		Copy:    copy,
		Barcode: o.PickupCode,
		Meta: []string{
			fmt.Sprintf("%s: %s", pw["order"], o.ID),
			fmt.Sprintf("%s: %s", pw["code"], o.PickupCode),
			fmt.Sprintf("%s: %s", pw["customer"], o.CustomerName),
			fmt.Sprintf("%s: %s", pw["date"], rel.At.In(store.location()).Format("02/01/2006 15:04")),
			fmt.Sprintf("%s: %s", pw["staff"], rel.Operator),
		},
	}
	if store.TaxID != "" {
		r.Header = append(r.Header, store.TaxID)
	}
	if copy {
		r.Title = w["copy"] + "\n" + r.Title
	}
	names := map[int]string{}
	for _, l := range o.Lines {
		names[l.No] = l.Name
	}
	r.Items = append(r.Items, ReceiptLine{Left: pw["released"], Bold: true})
	for _, l := range rel.Lines {
		r.Items = append(r.Items, ReceiptLine{Left: fmt.Sprintf("%d x %s", l.Qty, names[l.LineNo])})
	}
	var left []ReceiptLine
	for _, l := range o.Lines {
		if n := pending[l.No]; n > 0 {
			left = append(left, ReceiptLine{Left: fmt.Sprintf("%d x %s", n, l.Name)})
		}
	}
	if len(left) > 0 {
		r.Items = append(r.Items, ReceiptLine{Left: pw["pending"], Bold: true})
		r.Items = append(r.Items, left...)
	} else {
		r.Items = append(r.Items, ReceiptLine{Left: pw["none_pending"], Bold: true})
	}
	r.Totals = []ReceiptLine{{Left: pw["paid"], Right: c.Format(o.Paid, lang)}}
	r.Footer = []string{pw["received"], "", pw["sign"], "", pw["sign_line"]}
	return r
}

// pendingAfter is what is left of each line of o once done units are out.
func pendingAfter(o Order, done map[int]int64) map[int]int64 {
	out := map[int]int64{}
	for _, l := range o.Lines {
		out[l.No] = max(0, l.Qty-done[l.No])
	}
	return out
}

// printPickupSlip prints a release's slip on the report printer, if the
// lane has one; a failure is logged (the desk can reprint it).
func (l *Lane) printPickupSlip(ctx context.Context, o Order, rel PickupRelease, pending map[int]int64, copy bool) error {
	if l.cfg.ReportPrinter == nil {
		return Reasonf(EINVALID, RNoPrinter, "this desk has no printer")
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := l.cfg.ReportPrinter.PrintReceipt(pctx, BuildPickupSlip(l.cfg.Store, o, rel, pending, copy)); err != nil {
		return fmt.Errorf("print pickup slip of order %s: %w", o.PickupCode, err)
	}
	return nil
}

// ReprintPickupSlip prints a copy of the slip of release releaseID, with
// what is still to collect as of now, journalled as a reprint. Needs
// PermReprint.
func (l *Lane) ReprintPickupSlip(ctx context.Context, releaseID string) error {
	auth, err := l.access.Authorize(ctx, PermReprint, nil)
	if err != nil {
		return err
	}
	rel, err := l.store.ReleaseByID(ctx, releaseID)
	if err != nil {
		return err
	}
	o, err := l.store.OrderByID(ctx, rel.OrderID)
	if err != nil {
		return err
	}
	done, err := l.store.ReleasedQty(ctx, o.ID)
	if err != nil {
		return err
	}
	if err := l.access.Record(ctx, auth, EventReceiptReprint, map[string]any{"pickup_release_id": rel.ID, "order_id": o.ID}); err != nil {
		return err
	}
	return l.printPickupSlip(ctx, o, rel, pendingAfter(o, done), true)
}
