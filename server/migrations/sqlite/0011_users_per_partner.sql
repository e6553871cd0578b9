-- An e-mail address is unique within a partner, not across partners: one partner's admin must
-- not learn, from a refused "add user", that an address is a user of another partner. Sign-in
-- tries the password on every account with the address (auth::first_match).
-- `session_epoch` ends a user's other sessions on a password change: a session signed in
-- under an older epoch is no longer signed in.
-- The inline UNIQUE on `email` can only go with the table, so the table is rebuilt (nothing
-- references users by foreign key).
CREATE TABLE users_rebuilt (
    id                   TEXT PRIMARY KEY NOT NULL,
    partner_id           TEXT NOT NULL REFERENCES partners (id),
    email                TEXT NOT NULL,
    display_name         TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    password_hash        TEXT NOT NULL DEFAULT '',
    roles                TEXT NOT NULL DEFAULT '',
    disabled             INTEGER NOT NULL DEFAULT 0,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    session_epoch        INTEGER NOT NULL DEFAULT 0
);
INSERT INTO users_rebuilt (id, partner_id, email, display_name, created_at, password_hash,
                           roles, disabled, must_change_password)
SELECT id, partner_id, email, display_name, created_at, password_hash, roles, disabled,
       must_change_password
FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE INDEX users_by_partner ON users (partner_id);
CREATE UNIQUE INDEX users_partner_email_key ON users (partner_id, lower(email));
CREATE INDEX users_by_lower_email ON users (lower(email));
