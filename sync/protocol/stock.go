package protocol

// PathStockFeed answers GET ?moves=&counts=&after=&limit=&device=…&device=…
// with a StockPage: the store's stock levels changed since a position (all
// of them when the position is 0/0), by SKU after `after`, and how far
// central had counted each named device's journal when it read them.
const PathStockFeed = "/v1/stores/{store}/stock/feed"

// Limits of the stock feed.
const (
	// MaxStockDevices is the most devices a stock feed request may name.
	MaxStockDevices = 256
	// DefaultStockPage is the page size when a request names none.
	DefaultStockPage = 10000
	// MaxStockPage is the largest stock page a client may ask for.
	MaxStockPage = 50000
)

// StockQuery is what a lane asks the stock feed.
type StockQuery struct {
	// Moves and Counts are the lane's position (0, 0 for a fresh lane).
	Moves, Counts int64
	// After is the last SKU of the previous page of the same snapshot or
	// delta ("" for the first page).
	After string
	// Limit is the most levels per page (0: DefaultStockPage).
	Limit int
	// Devices whose heads the lane needs: itself and its peers.
	Devices []string
}

// StockPage is a consistent snapshot of a store's stock, whole (Full) or
// the levels changed since the position asked for. Every figure, and every
// head in Heads, was read at one moment: a level includes exactly the
// movements of journal entries up to its device's head.
type StockPage struct {
	// Moves and Counts are the position after this page; the lane sends
	// them back to get the next changes.
	Moves int64 `json:"moves"`
	// Counts is the count part of the position.
	Counts int64 `json:"counts"`
	// Full is true when Levels is the store's whole stock (a bootstrap):
	// the lane replaces its snapshot instead of merging.
	Full bool `json:"full"`
	// Heads gives, for every device asked about, the highest journal seq
	// whose stock movements the levels include (0: none).
	Heads map[string]int64 `json:"heads"`
	// Levels changed (or all of them when Full), by SKU.
	Levels []StockLevel `json:"levels"`
	// More is true when levels past the last SKU remain: ask again with
	// after = that SKU and the same position.
	More bool `json:"more,omitempty"`
}
