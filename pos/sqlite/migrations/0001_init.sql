-- The lane's local store: catalog, sales, journal, receipt jobs, sync state.
CREATE TABLE products (
	sku            TEXT PRIMARY KEY,
	name           TEXT NOT NULL,
	name_en        TEXT NOT NULL DEFAULT '',
	price          INTEGER NOT NULL CHECK (price >= 0),
	currency       TEXT NOT NULL,
	tax_rate       INTEGER NOT NULL CHECK (tax_rate BETWEEN 0 AND 10000),
	by_weight      INTEGER NOT NULL DEFAULT 0,
	category       TEXT NOT NULL DEFAULT '',
	age_restricted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE barcodes (
	code TEXT PRIMARY KEY,
	sku  TEXT NOT NULL REFERENCES products(sku) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX barcodes_sku ON barcodes(sku);

CREATE TABLE sales (
	id       TEXT PRIMARY KEY,
	number   INTEGER NOT NULL UNIQUE,
	at       TEXT NOT NULL,
	operator TEXT NOT NULL DEFAULT '',
	currency TEXT NOT NULL,
	total    INTEGER NOT NULL,
	tax      INTEGER NOT NULL,
	body     TEXT NOT NULL -- the pos.Sale as JSON, exactly as journalled
);

CREATE TABLE sale_tenders (
	sale_id TEXT NOT NULL REFERENCES sales(id),
	idx     INTEGER NOT NULL,
	method  TEXT NOT NULL,
	amount  INTEGER NOT NULL,
	ref     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (sale_id, idx)
);

CREATE TABLE stock_movements (
	id      INTEGER PRIMARY KEY,
	sku     TEXT NOT NULL,
	delta   INTEGER NOT NULL, -- units, or grams for weighed items
	reason  TEXT NOT NULL,
	ref     TEXT NOT NULL,
	at      TEXT NOT NULL
);
CREATE INDEX stock_movements_sku ON stock_movements(sku);

CREATE TABLE journal (
	seq       INTEGER PRIMARY KEY,
	id        TEXT NOT NULL UNIQUE,
	device_id TEXT NOT NULL,
	type      TEXT NOT NULL,
	payload   TEXT NOT NULL,
	hlc       INTEGER NOT NULL,
	at        TEXT NOT NULL,
	operator  TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);

CREATE TABLE receipt_jobs (
	id         INTEGER PRIMARY KEY,
	sale_id    TEXT NOT NULL REFERENCES sales(id),
	copy       INTEGER NOT NULL DEFAULT 0,
	printed    INTEGER NOT NULL DEFAULT 0,
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX receipt_jobs_pending ON receipt_jobs(printed, id);

CREATE TABLE sync_state (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
