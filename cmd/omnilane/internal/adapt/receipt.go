// Package adapt connects the domain's ports (pos) to device drivers
// (devices) for the lane binary: pos knows no device bytes and devices knows
// no sale, so the translation lives here, in cmd.
package adapt

import (
	"strings"

	"github.com/omnilane/omnilane/devices/escpos"
	"github.com/omnilane/omnilane/pos"
)

// ReceiptDocument lays a domain receipt out as a printer document.
func ReceiptDocument(r pos.Receipt) *escpos.Document {
	d := &escpos.Document{}
	center := escpos.Style{Align: escpos.AlignCenter}
	for i, h := range r.Header {
		st := center
		if i == 0 {
			st.Bold, st.DoubleHeight = true, true
		}
		d.Text(h, st)
	}
	d.Feed(1)
	for _, t := range strings.Split(r.Title, "\n") {
		d.Text(t, escpos.Style{Align: escpos.AlignCenter, Bold: true})
	}
	for _, m := range r.Meta {
		d.Line(m)
	}
	d.Separator()
	for _, l := range r.Items {
		d.Columns(l.Left, l.Right, escpos.Style{Bold: l.Bold})
		if l.Detail != "" {
			d.Line("  " + l.Detail)
		}
	}
	d.Separator()
	for _, l := range r.Totals {
		st := escpos.Style{Bold: l.Bold, DoubleHeight: l.Bold}
		d.Columns(l.Left, l.Right, st)
	}
	d.Feed(1)
	for _, f := range r.Footer {
		d.Text(f, center)
	}
	if r.Barcode != "" {
		d.Add(escpos.Barcode{Symbology: escpos.CODE128, Data: r.Barcode, Align: escpos.AlignCenter})
	}
	d.Cut()
	return d
}
