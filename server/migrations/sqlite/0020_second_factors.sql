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

-- Passkeys (WebAuthn credentials) a user signs in with as the second factor: the credential as
-- the WebAuthn library keeps it (public key, signature counter; nothing secret), by its id.
CREATE TABLE passkeys (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    credential   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX passkeys_by_user ON passkeys (user_id, created_at);
