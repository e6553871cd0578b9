-- Partners, their users, and their customer accounts. Every row outside `partners` carries the
-- owning partner_id, and every query filters by it.

CREATE TABLE partners (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    instance     TEXT NOT NULL CHECK (instance IN ('global', 'us-government', 'germany')),
    program      TEXT NOT NULL CHECK (program IN ('direct-reseller', 'indirect-provider', 'indirect-reseller')),
    email_domain TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE users (
    id           TEXT PRIMARY KEY NOT NULL,
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    email        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX users_by_partner ON users (partner_id);

CREATE TABLE customers (
    id                  TEXT PRIMARY KEY NOT NULL,
    partner_id          TEXT NOT NULL REFERENCES partners (id),
    -- Copied from the partner so the per-instance uniqueness of domains is a plain constraint.
    instance            TEXT NOT NULL,
    tenant_id           TEXT NOT NULL UNIQUE,
    company_name        TEXT NOT NULL,
    country             TEXT NOT NULL,
    domain_prefix       TEXT NOT NULL,
    address_line1       TEXT NOT NULL,
    address_line2       TEXT,
    address_line3       TEXT,
    city                TEXT NOT NULL,
    state               TEXT,
    postal_code         TEXT,
    contact_first_name  TEXT NOT NULL,
    contact_last_name   TEXT NOT NULL,
    contact_email       TEXT NOT NULL,
    contact_phone       TEXT,
    registration_number TEXT,
    language            TEXT NOT NULL,
    relationship        TEXT NOT NULL CHECK (relationship IN ('invited', 'active', 'ended', 'expired', 'revoked')),
    -- argon2id PHC string of the admin's temporary password; the password itself is never stored.
    admin_password_hash TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    UNIQUE (instance, domain_prefix)
);
CREATE INDEX customers_by_partner_created ON customers (partner_id, created_at DESC, id);
