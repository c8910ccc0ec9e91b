-- Customer summaries (as the SQLite backend's 0005_customers.sql). Writers
-- take the customers feed lock, so change_seq grows in commit order.
CREATE TABLE customers (
    id         text        PRIMARY KEY,
    home_store text        NOT NULL,
    body       text        NOT NULL,
    removed    boolean     NOT NULL DEFAULT false,
    change_seq bigint      NOT NULL UNIQUE,
    updated_at timestamptz NOT NULL
);
