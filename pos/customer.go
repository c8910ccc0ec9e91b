package pos

import "context"

// Customer is a customer summary from central's feed: just enough for staff
// to recognise a customer and find their online orders at the desk — no
// address, birth date or purchase history ever reaches a lane.
type Customer struct {
	// ID is the chain's customer id, as printed on the loyalty card.
	ID string `json:"id"`
	// HomeStore is the store whose lanes get the summary; "" sends it to
	// every store.
	HomeStore string `json:"home_store,omitempty"`
	// Name as the customer gave it.
	Name string `json:"name"`
	// Phone and Email the customer gave (either may be empty).
	Phone string `json:"phone,omitempty"`
	// Email address.
	Email string `json:"email,omitempty"`
	// Tier is the loyalty tier ("" when not a member).
	Tier string `json:"tier,omitempty"`
	// Points is the loyalty points balance.
	Points int64 `json:"points,omitempty"`
	// CreditAccount is the customer's store credit account id, if any.
	CreditAccount string `json:"credit_account,omitempty"`
}

// Validate reports what is wrong with a summary.
func (c Customer) Validate() error {
	switch {
	case c.ID == "" || len(c.ID) > 64:
		return Errorf(EINVALID, "a customer needs an id of 1 to 64 characters (got %q)", c.ID)
	case c.Name == "":
		return Errorf(EINVALID, "customer %s has no name", c.ID)
	case c.Points < 0:
		return Errorf(EINVALID, "customer %s has negative points (%d)", c.ID, c.Points)
	}
	return nil
}

// CustomerDelta is a page of customer summaries from central, applied with
// its cursor in one transaction.
type CustomerDelta struct {
	// Cursor is the customers feed position after the page.
	Cursor int64
	// Customers added or changed, in full.
	Customers []Customer
	// Removed customer ids: the lane forgets them (erased at central, or
	// moved to another home store).
	Removed []string
}

// CustomerStore is a SyncStore that keeps the customer summaries of the
// store; with it the desk finds a customer's online orders by their email
// or loyalty card (FindOrders).
type CustomerStore interface {
	// CustomersCursor is the customers feed position reached (0 at first).
	CustomersCursor(ctx context.Context) (int64, error)
	// ApplyCustomers stores a page and its cursor in one transaction.
	ApplyCustomers(ctx context.Context, d CustomerDelta) error
}
