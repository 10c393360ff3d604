-- The journal's own table, beside Hallpass's in the same database. Portable SQL: the same
-- statements run on SQLite and PostgreSQL. `user_id` is the session token's `sub`.
-- Timestamps are Unix milliseconds.

CREATE TABLE journal_entries (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Every read is one user's entries, newest first.
CREATE INDEX journal_entries_by_user ON journal_entries (user_id, created_at DESC, id DESC);
