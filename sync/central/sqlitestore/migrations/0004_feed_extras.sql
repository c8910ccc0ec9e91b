-- Store prices with validity windows, tax classes and promotion sets, in the
-- same change sequence (feed cursor) as products.
CREATE TABLE feed_extras (
    kind       TEXT    NOT NULL, -- price | tax_class | promotions
    store_id   TEXT    NOT NULL, -- '' for every store
    key        TEXT    NOT NULL, -- SKU@valid_from, class, or '' for promotions
    body       TEXT    NOT NULL,
    change_seq INTEGER NOT NULL UNIQUE,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (kind, store_id, key)
);
