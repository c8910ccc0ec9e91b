-- Operators, overrides, shifts, cash movements, X/Z reports (issue 4).
CREATE TABLE operators (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	role        TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager', 'kiosk', 'admin')),
	pin_hash    TEXT NOT NULL,            -- bcrypt; the PIN itself is never stored
	badge_hash  TEXT UNIQUE,              -- hex SHA-256 of the badge code, NULL for none
	active      INTEGER NOT NULL DEFAULT 1,
	failures    INTEGER NOT NULL DEFAULT 0,
	locked_until TEXT NOT NULL DEFAULT '', -- '' when not locked out
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);

-- An override authorises one action: its id can be consumed once.
CREATE TABLE overrides (
	id          TEXT PRIMARY KEY,
	permission  TEXT NOT NULL,
	asked_by    TEXT NOT NULL,
	granted_by  TEXT NOT NULL,
	reason      TEXT NOT NULL,
	granted_at  TEXT NOT NULL,
	used_at     TEXT NOT NULL,
	journal_seq INTEGER NOT NULL
);

CREATE TABLE shifts (
	id                TEXT PRIMARY KEY,
	currency          TEXT NOT NULL,
	opened_at         TEXT NOT NULL,
	opened_by         TEXT NOT NULL,
	float             INTEGER NOT NULL CHECK (float >= 0),
	float_count       TEXT NOT NULL,      -- JSON pos.CashCount
	first_sale_number INTEGER NOT NULL,
	open_seq          INTEGER NOT NULL,   -- journal seq of shift.opened
	closed_at         TEXT,
	closed_by         TEXT,
	last_sale_number  INTEGER,
	z_number          INTEGER UNIQUE
);
-- At most one open shift per device (one device per database).
CREATE UNIQUE INDEX shifts_one_open ON shifts((closed_at IS NULL)) WHERE closed_at IS NULL;

CREATE TABLE cash_movements (
	id          TEXT PRIMARY KEY,
	shift_id    TEXT NOT NULL REFERENCES shifts(id),
	kind        TEXT NOT NULL CHECK (kind IN ('in', 'out', 'drop')),
	amount      INTEGER NOT NULL CHECK (amount > 0),
	count       TEXT NOT NULL DEFAULT '', -- JSON pos.CashCount when counted
	reason      TEXT NOT NULL,
	operator    TEXT NOT NULL,
	at          TEXT NOT NULL,
	override_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cash_movements_shift ON cash_movements(shift_id);

CREATE TABLE reports (
	id       TEXT PRIMARY KEY,
	kind     TEXT NOT NULL CHECK (kind IN ('X', 'Z')),
	number   INTEGER NOT NULL,
	shift_id TEXT NOT NULL REFERENCES shifts(id),
	at       TEXT NOT NULL,
	operator TEXT NOT NULL,
	body     TEXT NOT NULL,            -- the pos.Report as JSON, exactly as journalled
	UNIQUE (kind, number)
);

-- Counters that only go up (Z and X numbers): never reused, even if a
-- report row were lost.
CREATE TABLE device_counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);

-- Journal export by date range.
CREATE INDEX journal_at ON journal(at);
