-- Card payments: every request to a card terminal, recorded before it is
-- sent and kept until it is recorded on a sale (or journalled, for a refund)
-- or known not taken. No card number is ever stored: only what the terminal
-- returns (masked PAN, brand, auth code, terminal transaction id, receipts).
CREATE TABLE card_service_ids (
	terminal_id TEXT PRIMARY KEY,
	last        INTEGER NOT NULL
);

CREATE TABLE card_payments (
	id              TEXT PRIMARY KEY,
	kind            TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
	terminal_id     TEXT NOT NULL,
	service_id      TEXT NOT NULL,
	transaction_ref TEXT NOT NULL,
	sale_id         TEXT NOT NULL DEFAULT '',
	amount          INTEGER NOT NULL CHECK (amount > 0),
	currency        TEXT NOT NULL,
	state           TEXT NOT NULL CHECK (state IN ('in_flight', 'unknown', 'approved', 'recorded', 'not_taken')),
	terminal_tx_id  TEXT NOT NULL DEFAULT '',
	body            TEXT NOT NULL, -- the pos.CardPayment as JSON
	closed          INTEGER NOT NULL DEFAULT 0,
	period_id       TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	UNIQUE (terminal_id, service_id)
);
CREATE INDEX card_payments_open ON card_payments(created_at) WHERE state NOT IN ('recorded', 'not_taken');
CREATE INDEX card_payments_sale ON card_payments(sale_id);
CREATE INDEX card_payments_ref ON card_payments(transaction_ref);
CREATE INDEX card_payments_unclosed ON card_payments(terminal_id) WHERE closed = 0;
CREATE INDEX sale_tenders_ref ON sale_tenders(ref) WHERE ref <> '';
