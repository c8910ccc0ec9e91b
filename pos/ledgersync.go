package pos

import "context"

// LedgerSnapshot is central's picture of the chain's gift card and store
// credit balances as the ledger feed brings it: balances read at one
// moment, with the journal entries of each device they already include.
// Whole (Full) or the balances changed since the lane's last snapshot.
type LedgerSnapshot struct {
	// Position is the feed position after the snapshot (opaque to the
	// lane: it sends it back).
	Position int64
	// Full replaces the lane's whole snapshot; otherwise Balances are merged.
	Full bool
	// Heads gives per device the highest journal seq whose ledger
	// movements the balances include: the lane adds only later entries'.
	Heads map[string]int64
	// Balances of the accounts.
	Balances []LedgerBalance
}

// LedgerBalance is an account's balance at central.
type LedgerBalance struct {
	// Kind is LedgerGiftCard or LedgerStoreCredit; Account the card number
	// or customer account.
	Kind, Account string
	// Currency of the account.
	Currency string
	// Balance in minor units (negative when lanes overspent it offline).
	Balance Money
}

// LedgerSyncStore is a LedgerStore that keeps central's chain-wide ledger
// snapshot, so that a gift card or store credit account works at every
// lane: its balance is the snapshot plus this lane's and its peers'
// movements central had not counted.
type LedgerSyncStore interface {
	// LedgerPosition is the feed position of the snapshot held (0 at
	// first) and the peer devices whose journals the lane holds copies of.
	LedgerPosition(ctx context.Context) (position int64, peers []string, err error)
	// ApplyLedgers stores a snapshot and its position in one transaction.
	ApplyLedgers(ctx context.Context, s LedgerSnapshot) error
}
