-- Stock ledger, returns and pickups at central.
CREATE TABLE stock_counts (
    store_id   TEXT    NOT NULL,
    sku        TEXT    NOT NULL,
    qty        INTEGER NOT NULL,
    counted_at TEXT    NOT NULL,
    PRIMARY KEY (store_id, sku)
);

-- Every movement is kept; applied = 0 marks one that happened before the
-- count it arrived after (the count already saw it).
CREATE TABLE stock_movements (
    id        INTEGER PRIMARY KEY,
    store_id  TEXT    NOT NULL,
    sku       TEXT    NOT NULL,
    delta     INTEGER NOT NULL,
    reason    TEXT    NOT NULL,
    ref       TEXT    NOT NULL,
    device_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    at        TEXT    NOT NULL,
    applied   INTEGER NOT NULL
);
CREATE INDEX stock_movements_by_sku ON stock_movements (store_id, sku, id);

CREATE TABLE stock_levels (
    store_id TEXT    NOT NULL,
    sku      TEXT    NOT NULL,
    on_hand  INTEGER NOT NULL,
    PRIMARY KEY (store_id, sku)
);

CREATE TABLE returns (
    id               TEXT PRIMARY KEY,
    device_id        TEXT    NOT NULL,
    seq              INTEGER NOT NULL,
    store_id         TEXT    NOT NULL,
    original_sale_id TEXT    NOT NULL,
    total            INTEGER NOT NULL,
    at               TEXT    NOT NULL,
    body             TEXT    NOT NULL
);
CREATE INDEX returns_by_sale ON returns (original_sale_id);

CREATE TABLE returned_lines (
    sale_id TEXT    NOT NULL,
    line_no INTEGER NOT NULL,
    qty     INTEGER NOT NULL,
    PRIMARY KEY (sale_id, line_no)
);

CREATE TABLE orders (
    id         TEXT PRIMARY KEY,
    store_id   TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    change_seq INTEGER NOT NULL UNIQUE,
    updated_at TEXT    NOT NULL
);
CREATE INDEX orders_by_store ON orders (store_id, change_seq);

CREATE TABLE order_releases (
    id        TEXT PRIMARY KEY,
    order_id  TEXT    NOT NULL,
    device_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    body      TEXT    NOT NULL
);

CREATE TABLE order_released_lines (
    order_id TEXT    NOT NULL,
    line_no  INTEGER NOT NULL,
    qty      INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
