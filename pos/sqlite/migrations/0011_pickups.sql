-- Online orders to pick up at this store (from central's feed) and what
-- this desk has handed over.
CREATE TABLE orders (
	id            TEXT PRIMARY KEY,
	pickup_code   TEXT NOT NULL,
	customer_name TEXT NOT NULL DEFAULT '',
	phone         TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL,
	body          TEXT NOT NULL
);
CREATE INDEX orders_pickup_code ON orders(pickup_code);

CREATE TABLE order_released (
	order_id TEXT NOT NULL,
	line_no  INTEGER NOT NULL,
	qty      INTEGER NOT NULL CHECK (qty >= 0),
	PRIMARY KEY (order_id, line_no)
) WITHOUT ROWID;

CREATE TABLE pickup_releases (
	id       TEXT PRIMARY KEY,
	order_id TEXT NOT NULL,
	at       TEXT NOT NULL,
	body     TEXT NOT NULL
);
