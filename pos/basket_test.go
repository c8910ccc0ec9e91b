package pos

import "testing"

func TestTotalsTaxBands(t *testing.T) {
	b := NewBasket(EUR)
	coffee := Product{SKU: "c", Name: "Café", Price: 349, Currency: "EUR", TaxRate: 1000}
	wine := Product{SKU: "w", Name: "Vino", Price: 899, Currency: "EUR", TaxRate: 2100}
	apples := Product{SKU: "a", Name: "Manzanas", Price: 249, Currency: "EUR", TaxRate: 400, ByWeight: true}
	if _, err := b.Add(coffee, "", 2); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Add(wine, "", 1); err != nil {
		t.Fatal(err)
	}
	l, err := b.AddWeighed(apples, "4011", 1234) // 1.234 kg × 2.49 = 3.07266 → 307
	if err != nil || l.Amount != 307 {
		t.Fatalf("weighed line = %+v, %v", l, err)
	}
	if _, err := b.Add(apples, "", 1); err == nil {
		t.Error("a weighed product was added by count")
	}
	if err := b.Void(2); err != nil {
		t.Fatal(err)
	}
	if err := b.Void(2); err == nil {
		t.Error("a line was voided twice")
	}
	tot := b.Totals()
	if tot.Total != 698+307 {
		t.Errorf("total %d", tot.Total)
	}
	// 698 at 10 %: 63.45 → 63; 307 at 4 %: 11.81 → 12.
	if len(tot.Bands) != 2 || tot.Bands[0].Rate != 400 || tot.Bands[0].Tax != 12 || tot.Bands[1].Tax != 63 || tot.Tax != 75 {
		t.Errorf("bands %+v tax %d", tot.Bands, tot.Tax)
	}
}

// Invariants: lines sum to the total, bands sum to the tax and the total,
// nothing is negative.
func FuzzTotalsInvariants(f *testing.F) {
	f.Add(uint16(349), uint8(2), uint16(1000), uint16(899), uint8(1), uint16(2100))
	f.Fuzz(func(t *testing.T, p1 uint16, q1 uint8, r1 uint16, p2 uint16, q2 uint8, r2 uint16) {
		b := NewBasket(EUR)
		for _, x := range []struct {
			p    uint16
			q    uint8
			rate uint16
		}{{p1, q1, r1}, {p2, q2, r2}} {
			if x.q == 0 {
				continue
			}
			_, _ = b.Add(Product{SKU: "x", Name: "x", Price: Money(x.p), Currency: "EUR", TaxRate: int(x.rate % 10001)}, "", int64(x.q))
		}
		tot := b.Totals()
		var lines, gross, tax Money
		for _, l := range b.LiveLines() {
			lines += l.Amount
		}
		for _, band := range tot.Bands {
			gross += band.Gross
			tax += band.Tax
			if band.Tax < 0 || band.Net < 0 || band.Tax > band.Gross {
				t.Fatalf("band %+v", band)
			}
		}
		if lines != tot.Total || gross != tot.Total || tax != tot.Tax || tot.Total < 0 {
			t.Fatalf("lines %d gross %d total %d tax %d/%d", lines, gross, tot.Total, tax, tot.Tax)
		}
	})
}
