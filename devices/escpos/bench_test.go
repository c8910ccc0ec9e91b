package escpos

import (
	"fmt"
	"testing"
)

// BenchmarkEncode40LineReceipt encodes a 40-line Spanish receipt (target
// ≤ 100 µs per receipt, reported by make bench).
func BenchmarkEncode40LineReceipt(b *testing.B) {
	p := printer(b, "TM-T88V")
	d := &Document{}
	d.Text("Supermercado Peñalara", Style{Bold: true, DoubleWidth: true, Align: AlignCenter})
	d.Line("Calle de Alcalá 42, 28014 Madrid").Separator()
	for i := 0; len(d.Blocks) < 36; i++ {
		d.Columns(fmt.Sprintf("Jamón ibérico de bellota %d", i), "12,95 €", Style{})
	}
	d.Separator().Columns("TOTAL", "466,20 €", Style{Bold: true}).Barcode(CODE128, "L01-000042").Cut()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(d, p); err != nil {
			b.Fatal(err)
		}
	}
}
