-- "Forgot password": single-use links valid for 30 minutes. Only the token's SHA-256 is stored;
-- the token itself travels in the e-mailed link's fragment.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX password_resets_by_user ON password_resets (user_id, created_at);

-- A message for its recipient's eyes only (a reset link): the outbox page shows that it was
-- sent, not what it says.
ALTER TABLE outbox ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;
