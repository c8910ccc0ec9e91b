-- Chain-wide gift card and store credit ledgers (issue 3). Every movement a
-- lane journalled (ledger.credited, a sale's gift card or store credit
-- tender, a refund to one) is counted once per (device, seq, kind,
-- account). A lane's position in the ledger feed is the highest
-- ledger_entries.id it has seen: the balances changed since are those
-- whose changed_id is above it.
CREATE TABLE ledger_entries (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    account   TEXT    NOT NULL,
    delta     INTEGER NOT NULL,
    currency  TEXT    NOT NULL,
    at        TEXT    NOT NULL,
    UNIQUE (device_id, seq, kind, account)
);

CREATE TABLE ledger_balances (
    kind       TEXT    NOT NULL,
    account    TEXT    NOT NULL,
    currency   TEXT    NOT NULL,
    balance    INTEGER NOT NULL,
    changed_id INTEGER NOT NULL,
    PRIMARY KEY (kind, account)
);
CREATE INDEX ledger_balances_changed ON ledger_balances (changed_id);
