-- Sign-in attempts of the last 15 minutes, per account and per client address: in the database,
-- so the limit holds across server nodes and a restart, and reserved before the password is
-- verified, so concurrent attempts can't outrun it. A successful attempt removes its rows.
CREATE TABLE sign_in_attempts (
    attempt_id TEXT NOT NULL,
    -- `account:<lower-cased e-mail>` or `address:<ip>`.
    key        TEXT NOT NULL,
    -- Unix time in milliseconds.
    at_ms      INTEGER NOT NULL,
    PRIMARY KEY (key, attempt_id)
);
CREATE INDEX sign_in_attempts_by_key_time ON sign_in_attempts (key, at_ms);
