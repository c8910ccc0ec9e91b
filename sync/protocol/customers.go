package protocol

import "github.com/omnilane/omnilane/pos"

// PathCustomers answers GET ?cursor=&limit= with a CustomersPage: the
// customer summaries of a store changed after the cursor.
const PathCustomers = "/v1/stores/{store}/customers"

// CustomersPage is one page of a store's customer summaries.
type CustomersPage struct {
	// Cursor after the page.
	Cursor int64 `json:"cursor"`
	// Customers changed, in full.
	Customers []pos.Customer `json:"customers"`
	// Removed ids: erased at central, or moved to another home store.
	Removed []string `json:"removed,omitempty"`
	// More is true when more changes exist now.
	More bool `json:"more"`
}
