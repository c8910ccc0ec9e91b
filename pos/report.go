package pos

import (
	"fmt"
	"sort"
	"time"
)

// Report kinds.
const (
	// ReportX is a mid-shift report: figures so far, nothing closed.
	ReportX = "X"
	// ReportZ closes a shift; Z numbers are consecutive per device, never reused.
	ReportZ = "Z"
)

// TenderLine is one tender of a report: what the sales brought in, what the
// till should hold, and (Z only) what was counted and the difference.
type TenderLine struct {
	// Method is TenderCash, TenderCard, …
	Method string `json:"method"`
	// Sales is the sum of the method's tenders on sales.
	Sales Money `json:"sales"`
	// Refunds is what was paid back with the method.
	Refunds Money `json:"refunds"`
	// Expected is what the till should hold: sales minus refunds, and for
	// cash also the float plus cash in, minus cash out and safe drops.
	Expected Money `json:"expected"`
	// Counted is what was counted or declared (Z only).
	Counted Money `json:"counted"`
	// Declared is false when a non-cash tender was not declared and
	// Counted was taken as Expected.
	Declared bool `json:"declared"`
	// Difference is Counted - Expected: negative is a shortage.
	Difference Money `json:"difference"`
}

// Report is an X or Z report: stored, journalled and printable as a Receipt.
type Report struct {
	// ID of the report (UUIDv7).
	ID string `json:"id"`
	// Kind is ReportX or ReportZ.
	Kind string `json:"kind"`
	// Number is consecutive per device and kind.
	Number int64 `json:"number"`
	// DeviceID of the till.
	DeviceID string `json:"device_id"`
	// StoreID of the store.
	StoreID string `json:"store_id,omitempty"`
	// ShiftID reported on.
	ShiftID string `json:"shift_id"`
	// Currency of the amounts.
	Currency string `json:"currency"`
	// Operator who ran it.
	Operator string `json:"operator"`
	// OverrideID of the override that allowed it, if any.
	OverrideID string `json:"override_id,omitempty"`
	// At is when it was made.
	At time.Time `json:"at"`
	// OpenedAt and OpenedBy describe the shift.
	OpenedAt time.Time `json:"opened_at"`
	// OpenedBy is who opened the shift.
	OpenedBy string `json:"opened_by"`
	// Float the shift started with.
	Float Money `json:"float"`
	// Sales counts the shift's sales; FirstSale and LastSale are their
	// receipt numbers (LastSale < FirstSale when there were none).
	Sales int64 `json:"sales"`
	// FirstSale is the first receipt number of the shift.
	FirstSale int64 `json:"first_sale"`
	// LastSale is the last receipt number of the shift so far.
	LastSale int64 `json:"last_sale"`
	// Gross is the sales total, tax included.
	Gross Money `json:"gross"`
	// Tax included in Gross.
	Tax Money `json:"tax"`
	// Bands sums tax per rate.
	Bands []TaxBand `json:"bands"`
	// CashIn, CashOut and SafeDrops sum the cash movements.
	CashIn Money `json:"cash_in"`
	// CashOut sums paid-outs.
	CashOut Money `json:"cash_out"`
	// SafeDrops sums cash taken to the safe.
	SafeDrops Money `json:"safe_drops"`
	// Tenders expected (and for Z counted) per method, cash first.
	Tenders []TenderLine `json:"tenders"`
	// CashCount is the blind count by denomination (Z only).
	CashCount *CashCount `json:"cash_count,omitempty"`
	// Events counts the shift's journal events by type; the printed report
	// lists the exceptions (voids, no-sales, overrides, cash movements…).
	Events map[string]int64 `json:"events"`
	// UpToSeq is the journal seq the figures cover.
	UpToSeq int64 `json:"up_to_seq"`
}

// CashDifference is counted minus expected cash (0 on an X report).
func (r Report) CashDifference() Money {
	for _, t := range r.Tenders {
		if t.Method == TenderCash {
			return t.Difference
		}
	}
	return 0
}

func buildReport(kind string, sh Shift, f ShiftFigures, count *ClosingCount) Report {
	r := Report{Kind: kind, DeviceID: sh.DeviceID, ShiftID: sh.ID, Currency: sh.Currency, OpenedAt: sh.OpenedAt, OpenedBy: sh.OpenedBy,
		Float: sh.Float, Sales: f.Sales, FirstSale: sh.FirstSaleNumber, LastSale: f.LastSaleNumber, Gross: f.Gross, Tax: f.Tax,
		Bands: f.Bands, CashIn: f.CashIn, CashOut: f.CashOut, SafeDrops: f.SafeDrops, Events: f.Events, UpToSeq: f.UpToSeq}
	if r.Bands == nil {
		r.Bands = []TaxBand{}
	}
	if r.Events == nil {
		r.Events = map[string]int64{}
	}
	methods := map[string]bool{TenderCash: true}
	for m := range f.Tenders {
		methods[m] = true
	}
	for m := range f.Refunds {
		methods[m] = true
	}
	if count != nil {
		for m := range count.Declared {
			methods[m] = true
		}
	}
	var names []string
	for m := range methods {
		names = append(names, m)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == TenderCash) != (names[j] == TenderCash) {
			return names[i] == TenderCash
		}
		return names[i] < names[j]
	})
	for _, m := range names {
		tl := TenderLine{Method: m, Sales: f.Tenders[m], Refunds: f.Refunds[m], Expected: f.Tenders[m] - f.Refunds[m]}
		if m == TenderCash {
			tl.Expected += sh.Float + f.CashIn - f.CashOut - f.SafeDrops
		}
		if count != nil {
			switch v, ok := count.Declared[m]; {
			case m == TenderCash:
				c := count.Cash.normalized()
				r.CashCount = &c
				tl.Counted, tl.Declared = c.Total(), true
			case ok:
				tl.Counted, tl.Declared = v, true
			default:
				tl.Counted = tl.Expected
			}
			tl.Difference = tl.Counted - tl.Expected
		}
		r.Tenders = append(r.Tenders, tl)
	}
	return r
}

// exceptionEvents are the event types a report lists for the manager.
var exceptionEvents = map[string]bool{
	EventLineVoided: true, EventBasketVoided: true, EventPriceOverridden: true, EventOverrideGranted: true,
	EventNoSale: true, EventReceiptReprint: true, EventReportReprinted: true, EventOperatorSignInFail: true,
	EventOperatorLocked: true, EventCashIn: true, EventCashOut: true, EventSafeDrop: true,
}

var reportWords = map[string]map[string]string{
	"es": {"X": "INFORME X", "Z": "INFORME Z - CIERRE DE CAJA", "copy": "*** COPIA ***", "number": "Número", "device": "Caja",
		"date": "Fecha", "operator": "Operador", "opened": "Apertura", "float": "Fondo de caja", "sales": "Ventas",
		"receipts": "Tickets", "gross": "Total ventas", "tax": "IVA", "base": "Base", "cash_in": "Entradas de efectivo",
		"cash_out": "Salidas de efectivo", "drops": "Retiradas a caja fuerte", "expected": "esperado", "counted": "contado",
		"difference": "Diferencia", "undeclared": "no declarado", "cash": "Efectivo", "card": "Tarjeta", "count": "Arqueo",
		"events": "Incidencias", "end": "Fin del informe", "refunds": "devoluciones"},
	"en": {"X": "X REPORT", "Z": "Z REPORT - SHIFT CLOSE", "copy": "*** COPY ***", "number": "Number", "device": "Till",
		"date": "Date", "operator": "Operator", "opened": "Opened", "float": "Float", "sales": "Sales",
		"receipts": "Receipts", "gross": "Sales total", "tax": "VAT", "base": "Net", "cash_in": "Cash in",
		"cash_out": "Cash out", "drops": "Safe drops", "expected": "expected", "counted": "counted",
		"difference": "Difference", "undeclared": "not declared", "cash": "Cash", "card": "Card", "count": "Cash count",
		"events": "Exceptions", "end": "End of report", "refunds": "refunds"},
}

// Receipt lays the report out as a device-neutral document for the
// receipt printer port, in the store's language; copy marks a reprint.
func (r Report) Receipt(store StoreInfo, copy bool) Receipt {
	w := reportWords["es"]
	if store.Lang == "en" {
		w = reportWords["en"]
	}
	loc := store.Location
	if loc == nil {
		loc = time.Local
	}
	c := store.Currency
	if c.Code != r.Currency {
		if cc, err := CurrencyByCode(r.Currency); err == nil {
			c = cc
		}
	}
	m := func(v Money) string { return c.Format(v, store.Lang) }
	out := Receipt{
		Header: append([]string{store.Name}, store.Address...),
		Title:  w[r.Kind],
		Copy:   copy,
		Meta: []string{
			fmt.Sprintf("%s: %s %d", w["number"], r.Kind, r.Number),
			fmt.Sprintf("%s: %s", w["device"], r.DeviceID),
			fmt.Sprintf("%s: %s", w["date"], r.At.In(loc).Format("02/01/2006 15:04")),
			fmt.Sprintf("%s: %s", w["operator"], r.Operator),
			fmt.Sprintf("%s: %s (%s)", w["opened"], r.OpenedAt.In(loc).Format("02/01/2006 15:04"), r.OpenedBy),
		},
	}
	if store.TaxID != "" {
		out.Header = append(out.Header, store.TaxID)
	}
	receipts := "-"
	if r.Sales > 0 {
		receipts = fmt.Sprintf("%s … %s", ReceiptCode(r.DeviceID, r.FirstSale), ReceiptCode(r.DeviceID, r.LastSale))
	}
	out.Items = append(out.Items,
		ReceiptLine{Left: w["sales"], Right: fmt.Sprintf("%d", r.Sales), Detail: w["receipts"] + ": " + receipts},
		ReceiptLine{Left: w["gross"], Right: m(r.Gross), Bold: true},
	)
	for _, b := range r.Bands {
		out.Items = append(out.Items, ReceiptLine{Left: fmt.Sprintf("%s %s%%  %s %s", w["tax"], ratePercent(b.Rate), w["base"], m(b.Net)), Right: m(b.Tax)})
	}
	out.Items = append(out.Items,
		ReceiptLine{Left: w["float"], Right: m(r.Float)},
		ReceiptLine{Left: w["cash_in"], Right: m(r.CashIn)},
		ReceiptLine{Left: w["cash_out"], Right: m(r.CashOut)},
		ReceiptLine{Left: w["drops"], Right: m(r.SafeDrops)},
	)
	for _, t := range r.Tenders {
		label := w[t.Method]
		if label == "" {
			label = t.Method
		}
		if t.Refunds != 0 {
			out.Totals = append(out.Totals, ReceiptLine{Left: label + " (" + w["refunds"] + ")", Right: m(-t.Refunds)})
		}
		out.Totals = append(out.Totals, ReceiptLine{Left: label + " (" + w["expected"] + ")", Right: m(t.Expected), Bold: r.Kind == ReportX})
		if r.Kind == ReportZ {
			cl := ReceiptLine{Left: label + " (" + w["counted"] + ")", Right: m(t.Counted)}
			if !t.Declared {
				cl.Detail = w["undeclared"]
			}
			out.Totals = append(out.Totals, cl, ReceiptLine{Left: w["difference"] + " " + label, Right: m(t.Difference), Bold: true})
		}
	}
	if r.CashCount != nil {
		out.Footer = append(out.Footer, w["count"]+":")
		for _, d := range r.CashCount.Denominations {
			out.Footer = append(out.Footer, fmt.Sprintf("  %d x %s = %s", d.Count, m(d.Value), m(d.Value*Money(d.Count))))
		}
	}
	var types []string
	for typ := range r.Events {
		if exceptionEvents[typ] {
			types = append(types, typ)
		}
	}
	sort.Strings(types)
	if len(types) > 0 {
		out.Footer = append(out.Footer, w["events"]+":")
		for _, typ := range types {
			out.Footer = append(out.Footer, fmt.Sprintf("  %s: %d", typ, r.Events[typ]))
		}
	}
	out.Footer = append(out.Footer, w["end"])
	if copy {
		out.Title = w["copy"] + "\n" + out.Title
	}
	return out
}
