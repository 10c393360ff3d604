-- The address id a sign-in shows in its email factors: random per sign-in, for known and
-- unknown identifiers alike, so it reveals neither the account's real address id (a
-- UUIDv7 carrying the account's creation time) nor whether the account exists. The real
-- id stays in `email_address_id`, server-side.
ALTER TABLE sign_ins ADD COLUMN email_address_alias TEXT;
