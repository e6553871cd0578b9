-- Webhooks: a partner's endpoints and the deliveries of events to them (Standard Webhooks).
-- The signing secret must be read to sign, so it is sealed (server::sealed), never stored
-- plain; after a rotation the previous one keeps signing beside it until previous_until.
CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    partner_id      TEXT NOT NULL REFERENCES partners (id),
    url             TEXT NOT NULL,
    -- Comma-separated event type codes (shared::webhook::EventType).
    events          TEXT NOT NULL,
    secret_sealed   TEXT NOT NULL,
    previous_sealed TEXT,
    previous_until  TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_by_partner ON webhook_endpoints (partner_id, created_at);

-- One event for one endpoint, written in the transaction of the change it tells of (as the
-- outbox's e-mails are); the worker sends those due and records each attempt.
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    partner_id      TEXT NOT NULL REFERENCES partners (id),
    endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    message_id      TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    -- pending | delivered | failed (shared::webhook::DeliveryStatus)
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    next_attempt_at TEXT,
    response_code   INTEGER,
    last_result     TEXT,
    -- Why the last attempt got no answer (shared::webhook::DeliveryFailure).
    failure         TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at);
