-- Sign-in: argon2id password hashes, roles, disabling, forced password change.
ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
-- Comma-separated role codes (shared::access::Role).
ALTER TABLE users ADD COLUMN roles TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
