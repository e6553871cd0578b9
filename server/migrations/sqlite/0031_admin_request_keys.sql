-- Idempotency-Key of admin (GDAP) requests (`POST /api/customers/{id}/admin-relationships`):
-- a retry with the key gets the relationship the first request made. Kept 24 hours, as the
-- other keys.
CREATE TABLE admin_request_keys (
    partner_id      TEXT NOT NULL REFERENCES partners (id),
    key             TEXT NOT NULL,
    request         TEXT NOT NULL,
    relationship_id TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (partner_id, key)
);
