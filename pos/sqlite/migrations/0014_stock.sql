-- Central's stock snapshot of the store, from the feed: a SKU's on-hand as
-- central counted it, and the journal entries of each device (this lane and
-- its peers) that central had counted when it read it. The lane's on-hand
-- is the snapshot plus the movements of later entries (pos.StockView). The
-- feed position is in sync_state (stock_moves, stock_counts).
CREATE TABLE stock_snapshot (
	sku        TEXT PRIMARY KEY,
	on_hand    INTEGER NOT NULL,
	counted    INTEGER NOT NULL,
	counted_at TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE stock_heads (
	device_id TEXT PRIMARY KEY,
	seq       INTEGER NOT NULL
);
