-- Refunds to the original tender (issue 3): a return credits a gift card or
-- store credit account at most once per account (the return's id is the
-- movement's ref), whatever is retried.
CREATE UNIQUE INDEX ledger_movements_return ON ledger_movements(ref, kind, account) WHERE reason = 'return';
