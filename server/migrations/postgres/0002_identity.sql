-- Identity core: users and their email addresses, browser clients and their sessions,
-- in-progress sign-ups and sign-ins, signing keys, and rate-limit counters.
-- Timestamps are Unix milliseconds; JSON is stored as text.

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT,
    username_normalized TEXT UNIQUE,
    first_name TEXT,
    last_name TEXT,
    image_url TEXT,
    password_hash TEXT,
    public_metadata TEXT NOT NULL DEFAULT '{}',
    private_metadata TEXT NOT NULL DEFAULT '{}',
    unsafe_metadata TEXT NOT NULL DEFAULT '{}',
    banned BOOLEAN NOT NULL DEFAULT FALSE,
    failed_sign_in_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_sign_in_at BIGINT
);

CREATE TABLE email_addresses (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email_address TEXT NOT NULL,
    -- The uniqueness key: two people can never hold the same address.
    normalized TEXT NOT NULL UNIQUE,
    verified BOOLEAN NOT NULL DEFAULT FALSE,
    is_primary BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX email_addresses_by_user ON email_addresses (user_id);
CREATE UNIQUE INDEX email_addresses_one_primary ON email_addresses (user_id) WHERE is_primary;

CREATE TABLE clients (
    id TEXT PRIMARY KEY,
    -- SHA-256 of the cookie token; the token itself is never stored.
    token_hash TEXT NOT NULL UNIQUE,
    last_active_session_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    user_agent TEXT,
    ip_address TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_active_at BIGINT NOT NULL,
    expire_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE INDEX sessions_by_client ON sessions (client_id);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE sign_ups (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    email_address TEXT,
    username TEXT,
    first_name TEXT,
    last_name TEXT,
    password_hash TEXT,
    unsafe_metadata TEXT NOT NULL DEFAULT '{}',
    created_user_id TEXT,
    created_session_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expire_at BIGINT NOT NULL
);

CREATE TABLE sign_ins (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    identifier TEXT NOT NULL,
    -- NULL when the identifier matched nobody; the answers look the same either way.
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    created_session_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expire_at BIGINT NOT NULL
);

CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    algorithm TEXT NOT NULL,
    -- PKCS#8 private key, AES-256-GCM encrypted under a key derived from the master secret.
    private_key_encrypted TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Signs from this moment on; published in the JWKS from creation.
    active_from BIGINT NOT NULL,
    -- Leaves the JWKS after this moment, once every token it signed has expired.
    retire_after BIGINT
);

CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits INTEGER NOT NULL
);
