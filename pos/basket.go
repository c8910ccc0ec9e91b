package pos

import "sort"

// Line is one line of a basket or a sale.
type Line struct {
	// No is the line number, from 1, in the order lines were added.
	No int `json:"no"`
	// SKU of the product.
	SKU string `json:"sku"`
	// Name as shown and printed (store language).
	Name string `json:"name"`
	// NameEN is the English name, if the catalog has one.
	NameEN string `json:"name_en,omitempty"`
	// Code is the barcode or PLU the product was found by.
	Code string `json:"code,omitempty"`
	// Qty is the number of units (1 for a weighed item).
	Qty int64 `json:"qty"`
	// Grams is the weight of a weighed item, else 0.
	Grams int64 `json:"grams,omitempty"`
	// UnitPrice is the price per unit (per kg for weighed items), tax included.
	UnitPrice Money `json:"unit_price"`
	// Amount is what the line costs, tax included.
	Amount Money `json:"amount"`
	// TaxRate in basis points.
	TaxRate int `json:"tax_rate"`
	// Voided lines stay visible but count for nothing.
	Voided bool `json:"voided,omitempty"`
}

// TaxBand sums the lines of one tax rate.
type TaxBand struct {
	// Rate in basis points.
	Rate int `json:"rate"`
	// Gross is the tax-inclusive amount of the band.
	Gross Money `json:"gross"`
	// Tax is the tax included in Gross.
	Tax Money `json:"tax"`
	// Net is Gross - Tax.
	Net Money `json:"net"`
}

// Totals are what a basket comes to.
type Totals struct {
	// Total to pay, tax included.
	Total Money `json:"total"`
	// Tax included in Total (the sum of Bands' Tax).
	Tax Money `json:"tax"`
	// Bands summarise tax per rate, lowest rate first.
	Bands []TaxBand `json:"bands"`
	// Items counts units on live lines.
	Items int64 `json:"items"`
}

// Basket is the lines being rung up at a lane. Prices include tax.
type Basket struct {
	// Currency of every amount in the basket.
	Currency Currency
	// Lines in the order added, voided ones included.
	Lines []Line
}

// NewBasket returns an empty basket in a currency.
func NewBasket(c Currency) *Basket { return &Basket{Currency: c} }

// Add puts qty units of p on a new line and returns it. Weighed products are
// added with AddWeighed.
func (b *Basket) Add(p Product, code string, qty int64) (Line, error) {
	if qty <= 0 || qty > 9999 {
		return Line{}, Errorf(EINVALID, "quantity %d must be between 1 and 9999", qty)
	}
	if p.ByWeight {
		return Line{}, Errorf(EINVALID, "%s is sold by weight: weigh it", p.Name)
	}
	if p.Currency != b.Currency.Code {
		return Line{}, Errorf(EINVALID, "%s is priced in %s, the store sells in %s", p.Name, p.Currency, b.Currency.Code)
	}
	l := b.newLine(p, code)
	l.Qty, l.Amount = qty, p.Price*Money(qty)
	b.Lines = append(b.Lines, l)
	return l, nil
}

// AddWeighed puts a weighed product on a new line; the amount is the price
// per kilogram times the weight, rounded half up to the minor unit.
func (b *Basket) AddWeighed(p Product, code string, grams int64) (Line, error) {
	if !p.ByWeight {
		return Line{}, Errorf(EINVALID, "%s is not sold by weight", p.Name)
	}
	if grams <= 0 || grams > 100_000 {
		return Line{}, Errorf(EINVALID, "weight %d g must be between 1 g and 100 kg", grams)
	}
	l := b.newLine(p, code)
	l.Qty, l.Grams = 1, grams
	l.Amount = Money((int64(p.Price)*grams + 500) / 1000)
	b.Lines = append(b.Lines, l)
	return l, nil
}

func (b *Basket) newLine(p Product, code string) Line {
	return Line{No: len(b.Lines) + 1, SKU: p.SKU, Name: p.Name, NameEN: p.NameEN, Code: code, UnitPrice: p.Price, TaxRate: p.TaxRate}
}

// Void marks line no as voided.
func (b *Basket) Void(no int) error {
	if no < 1 || no > len(b.Lines) {
		return Errorf(ENOTFOUND, "there is no line %d", no)
	}
	if b.Lines[no-1].Voided {
		return Errorf(ECONFLICT, "line %d is already voided", no)
	}
	b.Lines[no-1].Voided = true
	return nil
}

// LiveLines returns the lines that count.
func (b *Basket) LiveLines() []Line {
	var out []Line
	for _, l := range b.Lines {
		if !l.Voided {
			out = append(out, l)
		}
	}
	return out
}

// Totals computes the total and the tax per rate. Tax is computed on each
// band's gross (per-total rounding, half up), so the bands sum to the tax.
func (b *Basket) Totals() Totals {
	return ComputeTotals(b.LiveLines())
}

// ComputeTotals sums lines into totals and tax bands.
func ComputeTotals(lines []Line) Totals {
	var t Totals
	byRate := map[int]Money{}
	for _, l := range lines {
		if l.Voided {
			continue
		}
		t.Total += l.Amount
		t.Items += l.Qty
		byRate[l.TaxRate] += l.Amount
	}
	for rate, gross := range byRate {
		tax := IncludedTax(gross, rate)
		t.Bands = append(t.Bands, TaxBand{Rate: rate, Gross: gross, Tax: tax, Net: gross - tax})
		t.Tax += tax
	}
	sort.Slice(t.Bands, func(i, j int) bool { return t.Bands[i].Rate < t.Bands[j].Rate })
	return t
}

// IncludedTax returns the tax contained in a tax-inclusive gross amount at a
// rate in basis points, rounded half away from zero.
func IncludedTax(gross Money, rate int) Money {
	if rate == 0 {
		return 0
	}
	num := int64(gross) * int64(rate)
	den := int64(10000 + rate)
	if num < 0 {
		return -Money((-num + den/2) / den)
	}
	return Money((num + den/2) / den)
}
