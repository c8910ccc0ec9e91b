package protocol

// PathLedgerFeed answers GET ?since=&after_kind=&after_account=&limit=&device=…
// with a LedgerPage: the chain's gift card and store credit balances changed
// since a position (all of them when the position is 0), by (kind, account)
// after the cursor, and how far central had counted each named device's
// journal when it read them. Any enrolled device of the chain may read it.
const PathLedgerFeed = "/v1/ledgers/feed"

// Limits of the ledger feed.
const (
	// MaxLedgerDevices is the most devices a ledger feed request may name.
	MaxLedgerDevices = 256
	// DefaultLedgerPage is the page size when a request names none.
	DefaultLedgerPage = 10000
	// MaxLedgerPage is the largest ledger page a client may ask for.
	MaxLedgerPage = 50000
)

// LedgerQuery is what a lane asks the ledger feed.
type LedgerQuery struct {
	// Since is the lane's position (0 for a fresh lane).
	Since int64
	// AfterKind and AfterAccount are the last account of the previous page
	// of the same snapshot or delta ("" for the first page).
	AfterKind, AfterAccount string
	// Limit is the most balances per page (0: DefaultLedgerPage).
	Limit int
	// Devices whose heads the lane needs: itself and its peers.
	Devices []string
}

// LedgerBalance is a gift card or store credit account's balance as central
// knows it, in minor units of Currency.
type LedgerBalance struct {
	// Kind is "gift_card" or "store_credit".
	Kind string `json:"kind"`
	// Account is the card number or customer account.
	Account string `json:"account"`
	// Currency code of the account.
	Currency string `json:"currency"`
	// Balance in minor units (negative when lanes overspent it offline).
	Balance int64 `json:"balance"`
}

// LedgerPage is a consistent snapshot of the chain's ledgers, whole (Full)
// or the balances changed since the position asked for. Every balance, and
// every head in Heads, was read at one moment: a balance includes exactly
// the movements of journal entries up to its device's head.
type LedgerPage struct {
	// Position after this page; the lane sends it back as since.
	Position int64 `json:"position"`
	// Full is true when Balances is every account (a bootstrap): the lane
	// replaces its snapshot instead of merging.
	Full bool `json:"full"`
	// Heads gives, for every device asked about, the highest journal seq
	// whose ledger movements the balances include (0: none).
	Heads map[string]int64 `json:"heads"`
	// Balances changed (or all of them when Full), by kind then account.
	Balances []LedgerBalance `json:"balances"`
	// More is true when balances past the last one remain: ask again with
	// the last kind and account as the cursor and the same position.
	More bool `json:"more,omitempty"`
}
