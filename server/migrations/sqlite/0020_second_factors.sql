-- Multi-factor sign-in. The partner's "require multi-factor" (on unless a partner turns it off:
-- Microsoft requires it of every partner user); each user's authenticator app, its secret sealed
-- with the server's key (`sealed.rs`) — `authenticator_pending` while enrolment awaits its first
-- code — and the last 30-second step a code was accepted for, so no code works twice; and the
-- one-time recovery codes, as SHA-256 of 80 random bits each.
ALTER TABLE partners ADD COLUMN multi_factor_required INTEGER NOT NULL DEFAULT 1
    CHECK (multi_factor_required IN (0, 1));
ALTER TABLE users ADD COLUMN authenticator_secret TEXT;
ALTER TABLE users ADD COLUMN authenticator_pending TEXT;
ALTER TABLE users ADD COLUMN authenticator_last_step INTEGER NOT NULL DEFAULT 0;

CREATE TABLE recovery_codes (
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TEXT,
    PRIMARY KEY (user_id, code_hash)
);
