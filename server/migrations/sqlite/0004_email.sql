-- Email: the outbox every message goes through, and the one-time codes and links the
-- email flows send. Timestamps are Unix milliseconds.

-- Written in the same transaction as the change that causes the email; a sender task
-- delivers it. A sender claims a row by setting `claimed_until` (a lease) in a single
-- conditional UPDATE, so two instances never hold the same row at once.
CREATE TABLE email_outbox (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    -- What the email is for: `verification_code`, `password_changed`, ...
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- Emptied once sent (outside dev mode): they may carry a one-time code.
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    -- `pending`, `sent` or `failed` (permanently; `last_error` says why).
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    claim_token TEXT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX email_outbox_due ON email_outbox (status, next_attempt_at);

-- One live code or link per flow and purpose: a new one replaces the old.
CREATE TABLE verifications (
    id TEXT PRIMARY KEY,
    -- The sign-up or sign-in that asked, and for what (`sign_up_email`, `email_code`,
    -- `email_link`, `reset_password`): a code works for that flow only.
    flow_id TEXT NOT NULL,
    purpose TEXT NOT NULL,
    -- NULL when the address belongs to nobody: the flow answers the same, sends nothing.
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    email_address TEXT NOT NULL,
    -- HMAC-SHA256 of the code or link token under a key derived from the master secret.
    secret_hash TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expire_at BIGINT NOT NULL,
    consumed_at BIGINT
);
CREATE UNIQUE INDEX verifications_one_per_flow ON verifications (flow_id, purpose);
CREATE UNIQUE INDEX verifications_by_secret ON verifications (secret_hash);

-- Sign-ins remember the first factor's email address and whether a reset code was
-- right (`needs_new_password`); sign-ups remember a verified address.
ALTER TABLE sign_ins ADD COLUMN email_address_id TEXT;
ALTER TABLE sign_ups ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;
