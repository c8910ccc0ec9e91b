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
	// Category of the product, for promotions.
	Category string `json:"category,omitempty"`
	// Discount is what the line's discounts take off Amount (promotions,
	// then manual discounts); Amount - Discount is what the line costs.
	// Never more than Amount.
	Discount Money `json:"discount,omitempty"`
	// Discounts explain Discount, one per promotion or manual discount; they
	// sum to Discount.
	Discounts []LineDiscount `json:"discounts,omitempty"`
	// Manual is the manual discount given on this line, if any (see
	// Lane.DiscountLine); its amount is in Discounts once priced.
	Manual *ManualDiscount `json:"manual,omitempty"`
	// Voided lines stay visible but count for nothing.
	Voided bool `json:"voided,omitempty"`
	// AgeRestricted: the product may be sold only to a customer old enough
	// (from Product.AgeRestricted when the line was added).
	AgeRestricted bool `json:"age_restricted,omitempty"`
	// AgeApproved: staff checked the customer's age for this basket (see
	// Lane.ApproveAge); a restricted line added after an approval is
	// approved with it.
	AgeApproved bool `json:"age_approved,omitempty"`
}

// Net is what the line costs after its discounts.
func (l Line) Net() Money { return l.Amount - l.Discount }

// TaxBand sums the lines of one tax rate, after discounts.
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
	// Saved is what every discount on the live lines took off: the
	// receipt's "you saved".
	Saved Money `json:"saved,omitempty"`
}

// Basket is the lines being rung up at a lane. Prices include tax unless
// Tax says otherwise.
type Basket struct {
	// Currency of every amount in the basket.
	Currency Currency
	// Lines in the order added, voided ones included.
	Lines []Line
	// Tax says how tax is computed (the zero value: prices include tax,
	// rounded per rate).
	Tax TaxPolicy
	// Coupons entered for this basket, as typed.
	Coupons []string
	// Manual is the manual discount on the whole basket, if any.
	Manual *ManualDiscount
	// Promotions applied at the last pricing (see Reprice).
	Promotions []AppliedPromotion
	// UnknownCoupons are entered coupons that unlocked nothing at the last pricing.
	UnknownCoupons []string
}

// NewBasket returns an empty basket in a currency.
func NewBasket(c Currency) *Basket { return &Basket{Currency: c} }

// Add puts qty units of p on a new line and returns it. Weighed products are
// added with AddWeighed.
func (b *Basket) Add(p Product, code string, qty int64) (Line, error) {
	if qty <= 0 || qty > 9999 {
		return Line{}, Reasonf(EINVALID, RQtyRange, "quantity %d must be between 1 and 9999", qty)
	}
	if p.ByWeight {
		return Line{}, &Error{Code: EINVALID, Message: p.Name + " is sold by weight", Err: ErrSoldByWeight}
	}
	if p.Currency != b.Currency.Code {
		return Line{}, Errorf(EINVALID, "%s is priced in %s, the store sells in %s", p.Name, p.Currency, b.Currency.Code)
	}
	l := b.newLine(p, code)
	l.Qty, l.Amount = qty, p.Price*Money(qty)
	b.Lines = append(b.Lines, l)
	return l, nil
}

// AddPriced puts one unit of p on a new line at an amount fixed by the code
// (a price-embedded barcode). For a product sold by weight the weight is
// worked out from its price per kilogram, for the receipt.
func (b *Basket) AddPriced(p Product, code string, amount Money) (Line, error) {
	if amount <= 0 || amount > 10_000_000 {
		return Line{}, Errorf(EINVALID, "embedded price %d must be between 1 and 10000000 minor units", amount)
	}
	if p.Currency != b.Currency.Code {
		return Line{}, Errorf(EINVALID, "%s is priced in %s, the store sells in %s", p.Name, p.Currency, b.Currency.Code)
	}
	l := b.newLine(p, code)
	l.Qty, l.Amount = 1, amount
	if p.ByWeight && p.Price > 0 {
		l.Grams = (int64(amount)*1000 + int64(p.Price)/2) / int64(p.Price)
	} else {
		l.UnitPrice = amount
	}
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
	if p.Currency != b.Currency.Code {
		return Line{}, Errorf(EINVALID, "%s is priced in %s, the store sells in %s", p.Name, p.Currency, b.Currency.Code)
	}
	l := b.newLine(p, code)
	l.Qty, l.Grams = 1, grams
	l.Amount = Money((int64(p.Price)*grams + 500) / 1000)
	b.Lines = append(b.Lines, l)
	return l, nil
}

func (b *Basket) newLine(p Product, code string) Line {
	return Line{No: len(b.Lines) + 1, SKU: p.SKU, Name: p.Name, NameEN: p.NameEN, Code: code, UnitPrice: p.Price, TaxRate: p.TaxRate, Category: p.Category,
		AgeRestricted: p.AgeRestricted, AgeApproved: p.AgeRestricted && b.ageApproved()}
}

// ageApproved reports whether staff already checked the customer's age
// for this basket (a line approved, even if voided since).
func (b *Basket) ageApproved() bool {
	for _, l := range b.Lines {
		if l.AgeApproved {
			return true
		}
	}
	return false
}

// Void marks line no as voided.
func (b *Basket) Void(no int) error {
	if no < 1 || no > len(b.Lines) {
		return Errorf(ENOTFOUND, "there is no line %d", no)
	}
	if b.Lines[no-1].Voided {
		return Reasonf(ECONFLICT, RLineVoided, "line %d is already voided", no)
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

// Totals computes the total, the tax per rate and the total saved, after
// the lines' discounts, under the basket's tax policy.
func (b *Basket) Totals() Totals {
	return ComputeTotalsWith(b.Lines, b.Tax) // voided lines are skipped there
}

// ComputeTotals sums lines into totals and tax bands, prices including tax
// and tax rounded per rate (see ComputeTotalsWith). Each line counts for
// Amount - Discount.
func ComputeTotals(lines []Line) Totals {
	return ComputeTotalsWith(lines, TaxPolicy{})
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

// AddedTax returns the tax to add to a tax-exclusive net amount at a rate in
// basis points, rounded half away from zero.
func AddedTax(net Money, rate int) Money {
	if rate == 0 {
		return 0
	}
	num := int64(net) * int64(rate)
	if num < 0 {
		return -Money((-num + 5000) / 10000)
	}
	return Money((num + 5000) / 10000)
}

// sortBands orders bands by rate.
func sortBands(b []TaxBand) {
	sort.Slice(b, func(i, j int) bool { return b[i].Rate < b[j].Rate })
}
