-- Chain-wide gift card and store credit ledgers (as the SQLite backend's
-- 0006_ledgers.sql). Writers take the ledgers lock (lockLedgers) before
-- their first entry and hold it until commit, so ledger_entries.id grows in
-- commit order and a reader holding it shared sees no change in flight.
CREATE TABLE ledger_entries (
    id        bigserial   PRIMARY KEY,
    device_id text        NOT NULL,
    seq       bigint      NOT NULL,
    kind      text        NOT NULL,
    account   text        NOT NULL,
    delta     bigint      NOT NULL,
    currency  text        NOT NULL,
    at        timestamptz NOT NULL,
    UNIQUE (device_id, seq, kind, account)
);

CREATE TABLE ledger_balances (
    kind       text   NOT NULL,
    account    text   NOT NULL,
    currency   text   NOT NULL,
    balance    bigint NOT NULL,
    changed_id bigint NOT NULL,
    PRIMARY KEY (kind, account)
);
CREATE INDEX ledger_balances_changed ON ledger_balances (changed_id);
