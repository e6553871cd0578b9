-- Customer relationships: invitations, the e-mail outbox, ending relationships, subscriptions,
-- imports and the audit log.

-- Why and when a relationship ended (DOMAIN.md "Relationship").
ALTER TABLE customers ADD COLUMN ended_at TEXT;
ALTER TABLE customers ADD COLUMN end_reason TEXT;
ALTER TABLE customers ADD COLUMN end_reason_text TEXT;

-- Reseller relationship requests. Only the SHA-256 of the link's token is stored: a database
-- copy can't be turned into working links. One invitation per customer: resending replaces the
-- token (the old link dies) and restarts the 30 days.
CREATE TABLE invitations (
    id            TEXT PRIMARY KEY NOT NULL,
    partner_id    TEXT NOT NULL REFERENCES partners (id),
    customer_id   TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    email         TEXT NOT NULL,
    language      TEXT NOT NULL,
    message       TEXT NOT NULL DEFAULT '',
    token_hash    TEXT NOT NULL UNIQUE,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'expired', 'revoked')),
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    sent_count    INTEGER NOT NULL DEFAULT 1,
    last_sent_at  TEXT NOT NULL,
    accepted_at   TEXT,
    accepted_by   TEXT,
    revoked_at    TEXT
);
CREATE INDEX invitations_by_partner ON invitations (partner_id, created_at DESC);
CREATE UNIQUE INDEX invitations_one_per_customer ON invitations (customer_id);
CREATE INDEX invitations_pending_expiry ON invitations (state, expires_at);

-- Every e-mail the app sends, written in the same transaction as the change that causes it and
-- delivered afterwards by the mail worker (nothing is lost when the mail server is down).
CREATE TABLE outbox (
    id            TEXT PRIMARY KEY NOT NULL,
    partner_id    TEXT NOT NULL REFERENCES partners (id),
    recipient     TEXT NOT NULL,
    subject       TEXT NOT NULL,
    text_body     TEXT NOT NULL,
    html_body     TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    next_attempt_at TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    sent_at       TEXT
);
CREATE INDEX outbox_by_partner ON outbox (partner_id, created_at DESC);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Subscriptions: only what ending a relationship needs (selling them comes later).
CREATE TABLE subscriptions (
    id           TEXT PRIMARY KEY NOT NULL,
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    customer_id  TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    offer        TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    status       TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'cancelled')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX subscriptions_by_customer ON subscriptions (partner_id, customer_id);

-- Who changed what. Append-only: the triggers refuse any UPDATE or DELETE, whoever asks.
CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    at           TEXT NOT NULL,
    partner_id   TEXT NOT NULL,
    -- NULL for the system (expiry) or a customer acting through an invitation link.
    user_id      TEXT,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    customer_id  TEXT,
    before_json  TEXT,
    after_json   TEXT
);
CREATE INDEX audit_by_partner_time ON audit_log (partner_id, at DESC, seq DESC);
CREATE INDEX audit_by_customer ON audit_log (partner_id, customer_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
