-- Admin (GDAP) relationships: what a partner asks of a customer's tenant — a name the customer
-- sees, Entra roles, a duration — and where each request is (docs/domain.md "Admin
-- relationships"). The approval link's token is stored as its SHA-256 only.
CREATE TABLE admin_relationships (
    id                  TEXT PRIMARY KEY NOT NULL,
    partner_id          TEXT NOT NULL REFERENCES partners (id),
    customer_id         TEXT NOT NULL REFERENCES customers (id),
    display_name        TEXT NOT NULL,
    -- Role codes in catalog order, comma-separated.
    roles               TEXT NOT NULL,
    duration_days       INTEGER NOT NULL CHECK (duration_days BETWEEN 1 AND 730),
    auto_extend         INTEGER NOT NULL DEFAULT 0,
    state               TEXT NOT NULL
        CHECK (state IN ('approval-pending', 'active', 'expired', 'terminated')),
    requested_by        TEXT NOT NULL,
    requested_at        TEXT NOT NULL,
    approval_token_hash TEXT UNIQUE,
    approved_at         TEXT,
    approved_by         TEXT,
    -- YYYY-MM-DD, set when approved; moved by extensions.
    ends_on             TEXT,
    ended_at            TEXT,
    end_reason          TEXT
);
-- A name is unique among the partner's open relationships (an expired one may be asked for
-- again under its name).
CREATE UNIQUE INDEX admin_relationships_open_name ON admin_relationships (partner_id, lower(display_name))
    WHERE state IN ('approval-pending', 'active');
CREATE INDEX admin_relationships_by_customer ON admin_relationships (partner_id, customer_id, requested_at);
CREATE INDEX admin_relationships_by_state ON admin_relationships (state, ends_on);
