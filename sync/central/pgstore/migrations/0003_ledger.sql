-- Stock ledger, returns and pickups at central (as the SQLite backend's
-- 0003_ledger.sql).
CREATE TABLE stock_counts (
    store_id   text        NOT NULL,
    sku        text        NOT NULL,
    qty        bigint      NOT NULL,
    counted_at timestamptz NOT NULL,
    PRIMARY KEY (store_id, sku)
);

-- Every movement is kept; applied = false marks one that happened before
-- the count it arrived after (the count already saw it).
CREATE TABLE stock_movements (
    id        bigserial   PRIMARY KEY,
    store_id  text        NOT NULL,
    sku       text        NOT NULL,
    delta     bigint      NOT NULL,
    reason    text        NOT NULL,
    ref       text        NOT NULL,
    device_id text        NOT NULL,
    seq       bigint      NOT NULL,
    at        timestamptz NOT NULL,
    applied   boolean     NOT NULL
);
CREATE INDEX stock_movements_by_sku ON stock_movements (store_id, sku, at);

CREATE TABLE stock_levels (
    store_id text   NOT NULL,
    sku      text   NOT NULL,
    on_hand  bigint NOT NULL,
    PRIMARY KEY (store_id, sku)
);

CREATE TABLE returns (
    id               text        PRIMARY KEY,
    device_id        text        NOT NULL,
    seq              bigint      NOT NULL,
    store_id         text        NOT NULL,
    original_sale_id text        NOT NULL,
    total            bigint      NOT NULL,
    at               timestamptz NOT NULL,
    body             text        NOT NULL
);
CREATE INDEX returns_by_sale ON returns (original_sale_id);

CREATE TABLE returned_lines (
    sale_id text   NOT NULL,
    line_no int    NOT NULL,
    qty     bigint NOT NULL,
    PRIMARY KEY (sale_id, line_no)
);

CREATE TABLE orders (
    id         text        PRIMARY KEY,
    store_id   text        NOT NULL,
    status     text        NOT NULL,
    body       text        NOT NULL,
    change_seq bigint      NOT NULL UNIQUE,
    updated_at timestamptz NOT NULL
);
CREATE INDEX orders_by_store ON orders (store_id, change_seq);

CREATE TABLE order_releases (
    id        text   PRIMARY KEY,
    order_id  text   NOT NULL,
    device_id text   NOT NULL,
    seq       bigint NOT NULL,
    body      text   NOT NULL
);

CREATE TABLE order_released_lines (
    order_id text   NOT NULL,
    line_no  int    NOT NULL,
    qty      bigint NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
