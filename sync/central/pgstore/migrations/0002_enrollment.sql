-- Enrollment: one-time store-scoped tokens and per-device credentials.
-- Only SHA-256 hashes of secrets are stored.
CREATE TABLE enroll_tokens (
    token_hash text        PRIMARY KEY,
    store_id   text        NOT NULL REFERENCES stores (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    used_by    text
);

CREATE TABLE devices (
    id              text        PRIMARY KEY,
    store_id        text        NOT NULL REFERENCES stores (id),
    credential_hash text        NOT NULL UNIQUE,
    enrolled_at     timestamptz NOT NULL,
    revoked_at      timestamptz
);
