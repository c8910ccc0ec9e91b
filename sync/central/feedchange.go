package central

import (
	"encoding/json"
	"fmt"

	"github.com/omnilane/omnilane/pos"
)

// AddFeedChange adds one stored feed row (a product, a store price, a tax
// class or a promotion set, or a product removal) to a delta. Storage
// backends share it.
func AddFeedChange(d *pos.CatalogDelta, kind, key string, body []byte, removed bool) error {
	switch kind {
	case "product":
		if removed {
			d.Removed = append(d.Removed, key)
			return nil
		}
		var p pos.Product
		if err := json.Unmarshal(body, &p); err != nil {
			return fmt.Errorf("feed product %s: %w", key, err)
		}
		d.Products = append(d.Products, p)
	case "price":
		var p pos.StorePrice
		if err := json.Unmarshal(body, &p); err != nil {
			return fmt.Errorf("feed price %s: %w", key, err)
		}
		d.Prices = append(d.Prices, p)
	case "tax_class":
		var t pos.TaxClass
		if err := json.Unmarshal(body, &t); err != nil {
			return fmt.Errorf("feed tax class %s: %w", key, err)
		}
		d.TaxClasses = append(d.TaxClasses, t)
	case "promotions":
		d.Promotions = json.RawMessage(append([]byte(nil), body...))
	}
	return nil
}
