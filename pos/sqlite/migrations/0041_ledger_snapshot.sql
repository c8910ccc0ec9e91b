-- Central's chain-wide gift card and store credit balances, from the
-- ledger feed, and the journal entries of each device (this lane and its
-- peers) central had counted when it read them. The lane's balance is the
-- snapshot plus the movements of later entries (ledgerBalance). The feed
-- position is in sync_state (ledger_position).
CREATE TABLE ledger_snapshot (
	kind     TEXT NOT NULL,
	account  TEXT NOT NULL,
	currency TEXT NOT NULL,
	balance  INTEGER NOT NULL,
	PRIMARY KEY (kind, account)
) WITHOUT ROWID;

CREATE TABLE ledger_heads (
	device_id TEXT PRIMARY KEY,
	seq       INTEGER NOT NULL
);
