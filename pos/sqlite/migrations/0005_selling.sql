-- Selling at a million products (issue 3): store prices with validity
-- windows, tax classes, promotions from the feed, parked baskets, gift card
-- and store credit ledgers, vouchers.
ALTER TABLE products ADD COLUMN tax_class TEXT NOT NULL DEFAULT '';

CREATE TABLE product_prices (
	sku        TEXT NOT NULL REFERENCES products(sku) ON DELETE CASCADE,
	valid_from TEXT NOT NULL,              -- UTC, timeLayout; included
	valid_to   TEXT NOT NULL DEFAULT '',   -- UTC; excluded; '' = open-ended
	price      INTEGER NOT NULL CHECK (price >= 0),
	PRIMARY KEY (sku, valid_from)
) WITHOUT ROWID;

CREATE TABLE tax_classes (
	class TEXT PRIMARY KEY,
	rate  INTEGER NOT NULL CHECK (rate BETWEEN 0 AND 10000)
) WITHOUT ROWID;

-- One row per promotion, its JSON exactly as the feed sent it (pos/promo form).
CREATE TABLE promotions (
	id   TEXT PRIMARY KEY,
	body TEXT NOT NULL
);

CREATE TABLE parked_baskets (
	id          TEXT PRIMARY KEY,
	parked_at   TEXT NOT NULL,
	operator    TEXT NOT NULL,
	label       TEXT NOT NULL DEFAULT '',
	total       INTEGER NOT NULL,
	body        TEXT NOT NULL,            -- the pos.ParkedBasket as JSON
	park_seq    INTEGER NOT NULL,         -- journal seq of basket.parked
	resumed_at  TEXT,
	resumed_by  TEXT
);
CREATE INDEX parked_baskets_open ON parked_baskets(parked_at) WHERE resumed_at IS NULL;

-- Gift cards and store credit: a ledger of movements; the balance is their sum.
CREATE TABLE ledger_accounts (
	kind       TEXT NOT NULL CHECK (kind IN ('gift_card', 'store_credit')),
	account    TEXT NOT NULL,
	currency   TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (kind, account)
) WITHOUT ROWID;

CREATE TABLE ledger_movements (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,
	account     TEXT NOT NULL,
	delta       INTEGER NOT NULL CHECK (delta <> 0),
	reason      TEXT NOT NULL,
	ref         TEXT NOT NULL DEFAULT '',   -- sale id for tenders
	at          TEXT NOT NULL,
	journal_seq INTEGER NOT NULL,           -- the event that records it
	FOREIGN KEY (kind, account) REFERENCES ledger_accounts(kind, account)
);
CREATE INDEX ledger_movements_account ON ledger_movements(kind, account);

CREATE TABLE vouchers (
	code          TEXT PRIMARY KEY,
	amount        INTEGER NOT NULL CHECK (amount > 0),
	currency      TEXT NOT NULL,
	issued_at     TEXT NOT NULL,
	reason        TEXT NOT NULL DEFAULT '',
	redeemed_sale TEXT NOT NULL DEFAULT '',
	redeemed_at   TEXT NOT NULL DEFAULT ''
);
