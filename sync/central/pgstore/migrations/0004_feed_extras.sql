-- Store prices with validity windows, tax classes and promotion sets, in the
-- same change sequence (feed cursor) as products.
CREATE TABLE feed_extras (
    kind       text        NOT NULL, -- price | tax_class | promotions
    store_id   text        NOT NULL, -- '' for every store
    key        text        NOT NULL, -- SKU@valid_from, class, or '' for promotions
    body       text        NOT NULL,
    change_seq bigint      NOT NULL UNIQUE,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (kind, store_id, key)
);
CREATE INDEX feed_extras_by_store ON feed_extras (store_id, change_seq);
