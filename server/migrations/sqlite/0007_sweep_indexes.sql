-- What the sweeper (`maintenance.rs`) finds expired rows by, and the client references it
-- checks and cascades through when it deletes an orphaned client: without these, every
-- batch would scan whole tables, and deleting one client would scan every sign-in.
CREATE INDEX sign_ins_by_client ON sign_ins (client_id);
CREATE INDEX sign_ins_by_expiry ON sign_ins (expire_at);
CREATE INDEX sign_ups_by_client ON sign_ups (client_id);
CREATE INDEX sign_ups_by_expiry ON sign_ups (expire_at);
CREATE INDEX sessions_by_expiry ON sessions (expire_at);
CREATE INDEX verifications_by_expiry ON verifications (expire_at);
CREATE INDEX rate_limits_by_window ON rate_limits (window_start);
CREATE INDEX clients_by_update ON clients (updated_at);
CREATE INDEX email_outbox_by_creation ON email_outbox (created_at);
