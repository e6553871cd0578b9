-- Multi-factor sign-in. The partner's "require multi-factor" (on unless a partner turns it off:
-- Microsoft requires it of every partner user); each user's authenticator app, its secret sealed
-- with the server's key (`sealed.rs`) — `authenticator_pending` while enrolment awaits its first
-- code — and the last 30-second step a code was accepted for, so no code works twice; and the
-- one-time recovery codes, as SHA-256 of 80 random bits each.
ALTER TABLE partners ADD COLUMN multi_factor_required SMALLINT NOT NULL DEFAULT 1
    CHECK (multi_factor_required IN (0, 1));
ALTER TABLE users ADD COLUMN authenticator_secret TEXT;
ALTER TABLE users ADD COLUMN authenticator_pending TEXT;
ALTER TABLE users ADD COLUMN authenticator_last_step BIGINT NOT NULL DEFAULT 0;

CREATE TABLE recovery_codes (
    user_id   TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TEXT,
    PRIMARY KEY (user_id, code_hash)
);

-- Passkeys (WebAuthn credentials) a user signs in with as the second factor: the credential as
-- the WebAuthn library keeps it (public key, signature counter; nothing secret), by its id.
CREATE TABLE passkeys (
    id           TEXT COLLATE "C" PRIMARY KEY,
    user_id      TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    credential   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX passkeys_by_user ON passkeys (user_id, created_at);

-- A request's `Ctx` now says whether the user has a second factor and whether the partner
-- requires one: changing either moves the signed-in generation (0009), as the other fields do.
DROP TRIGGER users_signed_in_generation ON users;
CREATE TRIGGER users_signed_in_generation
    AFTER DELETE OR UPDATE OF partner_id, email, roles, disabled, must_change_password,
        session_epoch, authenticator_secret
    ON users FOR EACH STATEMENT EXECUTE FUNCTION next_signed_in_generation();
DROP TRIGGER partners_signed_in_generation ON partners;
CREATE TRIGGER partners_signed_in_generation
    AFTER DELETE OR UPDATE OF instance, program, email_domain, multi_factor_required
    ON partners FOR EACH STATEMENT EXECUTE FUNCTION next_signed_in_generation();
CREATE TRIGGER passkeys_signed_in_generation
    AFTER INSERT OR DELETE ON passkeys
    FOR EACH STATEMENT EXECUTE FUNCTION next_signed_in_generation();
