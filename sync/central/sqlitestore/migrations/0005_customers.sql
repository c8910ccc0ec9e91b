-- Customer summaries (pos.Customer) in their own feed sequence. Every change
-- reaches every store's lanes: in full for the lanes of the customer's home
-- store (all stores when home_store is ''), as a bare removal of the id for
-- the others, so a customer who moves home store is forgotten where they
-- left. An erased customer keeps only its id (body '').
CREATE TABLE customers (
    id         TEXT PRIMARY KEY,
    home_store TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    removed    INTEGER NOT NULL DEFAULT 0,
    change_seq INTEGER NOT NULL UNIQUE,
    updated_at TEXT    NOT NULL
);
