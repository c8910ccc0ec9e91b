-- Device settings changed from the manager screen (issue 8): one row per
-- key, the value as JSON; they override flags at the next start.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
