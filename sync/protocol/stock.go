package protocol

// PathStockFeed answers GET ?moves=&counts=&device=…&device=… with a
// StockPage: the store's stock levels changed since a position (all of them
// when the position is 0/0), and how far central had counted each named
// device's journal when it read them.
const PathStockFeed = "/v1/stores/{store}/stock/feed"

// MaxStockDevices is the most devices a stock feed request may name.
const MaxStockDevices = 256

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
	// Levels changed (or all of them when Full).
	Levels []StockLevel `json:"levels"`
}
