package pos

// Product is a sellable item as the lane knows it from the central catalog.
type Product struct {
	// SKU is the retailer's product id, unique in the catalog.
	SKU string `json:"sku"`
	// Name is the product name in the store's language.
	Name string `json:"name"`
	// NameEN is the English name, shown to customers who chose English.
	NameEN string `json:"name_en,omitempty"`
	// Barcodes are the product's codes as GTIN-14 (see NormalizeGTIN) or PLUs.
	Barcodes []string `json:"barcodes,omitempty"`
	// Price is the unit price in minor units (per kg when ByWeight).
	Price Money `json:"price"`
	// Currency is the ISO 4217 code of Price.
	Currency string `json:"currency"`
	// TaxRate is the tax rate in basis points: 2100 is 21 %. When TaxClass
	// names a class the store knows, the class's rate is used instead.
	TaxRate int `json:"tax_rate"`
	// TaxClass names the product's tax class (see TaxClass), if any.
	TaxClass string `json:"tax_class,omitempty"`
	// ByWeight marks products sold by weight; Price is then per kilogram.
	ByWeight bool `json:"by_weight,omitempty"`
	// Category groups products for promotions and reports.
	Category string `json:"category,omitempty"`
	// AgeRestricted products need staff approval at a kiosk.
	AgeRestricted bool `json:"age_restricted,omitempty"`
}

// DisplayName returns the product's name for a language.
func (p Product) DisplayName(lang string) string {
	if lang == "en" && p.NameEN != "" {
		return p.NameEN
	}
	return p.Name
}

// Validate reports the first problem that makes p unusable at a till.
func (p Product) Validate() error {
	switch {
	case p.SKU == "":
		return Errorf(EINVALID, "product has no SKU")
	case p.Name == "":
		return Errorf(EINVALID, "product %s has no name", p.SKU)
	case p.Price < 0:
		return Errorf(EINVALID, "product %s has a negative price", p.SKU)
	case p.TaxRate < 0 || p.TaxRate > 10000:
		return Errorf(EINVALID, "product %s has tax rate %d outside 0..10000 basis points", p.SKU, p.TaxRate)
	case p.Currency == "":
		return Errorf(EINVALID, "product %s has no currency", p.SKU)
	}
	for _, b := range p.Barcodes {
		if b == "" {
			return Errorf(EINVALID, "product %s has an empty barcode", p.SKU)
		}
	}
	return nil
}
