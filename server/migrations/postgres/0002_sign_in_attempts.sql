-- Sign-in attempts of the last 15 minutes, per account and per client address (as
-- migrations/sqlite 0010): shared by every node, reserved before the password is verified.
CREATE TABLE sign_in_attempts (
    attempt_id TEXT NOT NULL,
    -- `account:<lower-cased e-mail>` or `address:<ip>`.
    key        TEXT COLLATE "C" NOT NULL,
    -- Unix time in milliseconds.
    at_ms      BIGINT NOT NULL,
    PRIMARY KEY (key, attempt_id)
);
CREATE INDEX sign_in_attempts_by_key_time ON sign_in_attempts (key, at_ms);
