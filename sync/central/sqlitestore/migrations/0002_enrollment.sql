-- Enrollment: one-time store-scoped tokens and per-device credentials.
-- Only SHA-256 hashes of secrets are stored.
CREATE TABLE enroll_tokens (
    token_hash TEXT PRIMARY KEY,
    store_id   TEXT NOT NULL REFERENCES stores (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    used_by    TEXT
);

CREATE TABLE devices (
    id              TEXT PRIMARY KEY,
    store_id        TEXT NOT NULL REFERENCES stores (id),
    credential_hash TEXT NOT NULL UNIQUE,
    enrolled_at     TEXT NOT NULL,
    revoked_at      TEXT
);
