-- An e-mail address is unique within a partner, not across partners: one partner's admin must
-- not learn, from a refused "add user", that an address is a user of another partner. Sign-in
-- tries the password on every account with the address (auth::first_match).
-- `session_epoch` ends a user's other sessions on a password change: a session signed in
-- under an older epoch is no longer signed in.
DROP INDEX users_email_key;
CREATE UNIQUE INDEX users_partner_email_key ON users (partner_id, lower(email));
CREATE INDEX users_by_lower_email ON users (lower(email));
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
