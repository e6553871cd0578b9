-- API tokens: an integrator's program calls the API with `Authorization: Bearer pd_…`. Only the
-- secret's SHA-256 is kept (256 random bits: no slow hash needed), and its first characters to
-- tell tokens apart. A request reads its token here each time, so a revocation holds on every
-- node at once.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    name         TEXT NOT NULL,
    -- Comma-separated role codes (shared::access::Role), a subset of the partner's.
    roles        TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    secret_hash  TEXT NOT NULL UNIQUE,
    created_by   TEXT NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
);
CREATE INDEX api_tokens_by_partner ON api_tokens (partner_id, created_at);
