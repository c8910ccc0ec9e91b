-- Customer summaries of the store (pos.Customer, from central's feed): the
-- desk finds a customer's online orders by their email or loyalty card id
-- through the phone the customer gave. The feed position is in sync_state
-- (customers_cursor). Erased customers are deleted.
CREATE TABLE customers (
	id    TEXT PRIMARY KEY,
	name  TEXT NOT NULL,
	phone TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	body  TEXT NOT NULL
);
CREATE INDEX customers_email ON customers(email COLLATE NOCASE);
