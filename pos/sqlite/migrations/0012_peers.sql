-- Copies of the journals of the store's other lanes (peers), pulled over the
-- LAN and chain-verified before they are stored, so a return here finds a
-- sale rung at another lane while the WAN is down. The lane's own journal
-- stays in `journal`; these tables never feed this lane's sync to central.
CREATE TABLE peer_events (
	device_id TEXT NOT NULL,
	seq       INTEGER NOT NULL CHECK (seq >= 1),
	id        TEXT NOT NULL,
	type      TEXT NOT NULL,
	payload   TEXT NOT NULL,
	hlc       INTEGER NOT NULL,
	at        TEXT NOT NULL,
	operator  TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL,
	PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;

-- Per peer: the high-water mark (highest contiguous, verified seq held) and
-- the store it belongs to.
CREATE TABLE peer_heads (
	device_id TEXT PRIMARY KEY,
	store_id  TEXT NOT NULL,
	seq       INTEGER NOT NULL,
	hash      TEXT NOT NULL,
	pulled_at TEXT NOT NULL
);

-- Peer sales projected from their sale.completed entries, by receipt code.
CREATE TABLE peer_sales (
	receipt_code TEXT PRIMARY KEY,
	sale_id      TEXT NOT NULL,
	device_id    TEXT NOT NULL,
	number       INTEGER NOT NULL,
	store_id     TEXT NOT NULL,
	at           TEXT NOT NULL,
	total        INTEGER NOT NULL,
	seq          INTEGER NOT NULL,
	body         TEXT NOT NULL -- the pos.Sale as journalled
);
CREATE INDEX peer_sales_id ON peer_sales(sale_id);

-- Lines returned at peers, projected from their return.completed entries,
-- so this lane can count what other lanes already took back.
CREATE TABLE peer_returned_lines (
	device_id        TEXT NOT NULL,
	seq              INTEGER NOT NULL,
	original_sale_id TEXT NOT NULL,
	line_no          INTEGER NOT NULL,
	qty              INTEGER NOT NULL
);
CREATE INDEX peer_returned_lines_sale ON peer_returned_lines(original_sale_id);
