-- Central's first schema on PostgreSQL: stores, device journals, projected
-- sales, the catalog with its change feed, and exceptions for staff. The
-- same tables as the SQLite backend; payloads and bodies are text, not
-- jsonb, because a journal entry's hash covers its exact bytes.
CREATE TABLE stores (
    id         text        PRIMARY KEY,
    created_at timestamptz NOT NULL
);

CREATE TABLE events (
    device_id   text        NOT NULL,
    seq         bigint      NOT NULL CHECK (seq > 0),
    id          text        NOT NULL,
    type        text        NOT NULL,
    payload     text        NOT NULL,
    hlc         bigint      NOT NULL,
    at          timestamptz NOT NULL,
    operator    text        NOT NULL DEFAULT '',
    prev_hash   text        NOT NULL,
    hash        text        NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (device_id, seq)
);

CREATE TABLE sales (
    id        text        PRIMARY KEY,
    device_id text        NOT NULL,
    seq       bigint      NOT NULL,
    store_id  text        NOT NULL,
    number    bigint      NOT NULL,
    currency  text        NOT NULL,
    total     bigint      NOT NULL,
    tax       bigint      NOT NULL,
    at        timestamptz NOT NULL,
    body      text        NOT NULL
);
CREATE INDEX sales_by_device ON sales (device_id, number);
CREATE INDEX sales_by_store ON sales (store_id, at);

CREATE TABLE products (
    sku        text        PRIMARY KEY,
    body       text        NOT NULL,
    removed    boolean     NOT NULL DEFAULT false,
    change_seq bigint      NOT NULL UNIQUE,
    updated_at timestamptz NOT NULL
);

CREATE TABLE exceptions (
    id        bigserial   PRIMARY KEY,
    kind      text        NOT NULL,
    device_id text        NOT NULL,
    seq       bigint      NOT NULL,
    ref       text        NOT NULL DEFAULT '',
    detail    text        NOT NULL,
    at        timestamptz NOT NULL
);
