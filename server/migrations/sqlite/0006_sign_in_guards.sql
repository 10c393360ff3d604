-- Bumped by every change of password that must stop sign-ins already in flight (set,
-- changed, reset or removed). A sign-in creates its session only if the version
-- it read before checking the password is still the account's.
ALTER TABLE users ADD COLUMN credential_version BIGINT NOT NULL DEFAULT 0;

-- Wrong passwords against identifiers that name no account count and lock like a real
-- account's, so a lock says nothing about whether the account exists. Keyed by a MAC of
-- the identifier: the table holds no addresses.
CREATE TABLE identifier_lockouts (
    key TEXT PRIMARY KEY,
    failed_attempts INTEGER NOT NULL,
    locked_until BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX identifier_lockouts_by_age ON identifier_lockouts (updated_at);
