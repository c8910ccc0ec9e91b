-- Central's first schema: stores, device journals, projected sales, the
-- catalog with its change feed, and exceptions for staff.
CREATE TABLE stores (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

CREATE TABLE events (
    device_id   TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    id          TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    hlc         INTEGER NOT NULL,
    at          TEXT    NOT NULL,
    operator    TEXT    NOT NULL DEFAULT '',
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    received_at TEXT    NOT NULL,
    UNIQUE (device_id, seq)
);

CREATE TABLE sales (
    id        TEXT PRIMARY KEY,
    device_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    store_id  TEXT    NOT NULL,
    number    INTEGER NOT NULL,
    currency  TEXT    NOT NULL,
    total     INTEGER NOT NULL,
    tax       INTEGER NOT NULL,
    at        TEXT    NOT NULL,
    body      TEXT    NOT NULL
);
CREATE INDEX sales_by_device ON sales (device_id, number);
CREATE INDEX sales_by_store ON sales (store_id, at);

CREATE TABLE products (
    sku        TEXT PRIMARY KEY,
    body       TEXT    NOT NULL,
    removed    INTEGER NOT NULL DEFAULT 0,
    change_seq INTEGER NOT NULL UNIQUE,
    updated_at TEXT    NOT NULL
);

CREATE TABLE exceptions (
    id        INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL,
    device_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    ref       TEXT    NOT NULL DEFAULT '',
    detail    TEXT    NOT NULL,
    at        TEXT    NOT NULL
);
