-- PostgreSQL: the schema that migrations/sqlite 0001–0009 build, in one step. The same tables,
-- columns and rules; what differs is written down where it does:
-- - integers are BIGINT (SQLite's INTEGER is 64-bit), flags SMALLINT 0/1 as in SQLite;
-- - the columns lists sort or page by are `COLLATE "C"` (byte order, as SQLite compares), so
--   both databases answer a page in the same order whatever the server's locale;
-- - search: trigram GIN indexes (pg_trgm) for ILIKE instead of SQLite's FTS5 tables;
-- - e-mail uniqueness ignores case through a unique index on lower(email).
-- Every row outside `partners` carries the owning partner_id, and every query filters by it.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE partners (
    id           TEXT COLLATE "C" PRIMARY KEY,
    name         TEXT NOT NULL,
    instance     TEXT NOT NULL CHECK (instance IN ('global', 'us-government', 'germany')),
    program      TEXT NOT NULL CHECK (program IN ('direct-reseller', 'indirect-provider', 'indirect-reseller')),
    email_domain TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE users (
    id                   TEXT COLLATE "C" PRIMARY KEY,
    partner_id           TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    email                TEXT NOT NULL,
    display_name         TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    -- argon2id PHC string.
    password_hash        TEXT NOT NULL DEFAULT '',
    -- Comma-separated role codes (shared::access::Role).
    roles                TEXT NOT NULL DEFAULT '',
    disabled             SMALLINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    must_change_password SMALLINT NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1))
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_by_partner ON users (partner_id);

CREATE TABLE customers (
    id                    TEXT COLLATE "C" PRIMARY KEY,
    partner_id            TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    -- Copied from the partner so the per-instance uniqueness of domains is a plain constraint.
    instance              TEXT NOT NULL,
    tenant_id             TEXT NOT NULL UNIQUE,
    company_name          TEXT COLLATE "C" NOT NULL,
    country               TEXT COLLATE "C" NOT NULL,
    domain_prefix         TEXT COLLATE "C" NOT NULL,
    address_line1         TEXT NOT NULL,
    address_line2         TEXT,
    address_line3         TEXT,
    city                  TEXT NOT NULL,
    state                 TEXT,
    postal_code           TEXT,
    contact_first_name    TEXT NOT NULL,
    contact_last_name     TEXT NOT NULL,
    contact_email         TEXT NOT NULL,
    contact_phone         TEXT,
    registration_number   TEXT,
    language              TEXT NOT NULL,
    relationship          TEXT COLLATE "C" NOT NULL CHECK (relationship IN ('invited', 'active', 'ended', 'expired', 'revoked')),
    -- argon2id PHC string of the admin's temporary password; the password itself is never stored.
    admin_password_hash   TEXT NOT NULL,
    created_at            TEXT COLLATE "C" NOT NULL,
    updated_at            TEXT NOT NULL,
    version               BIGINT NOT NULL DEFAULT 1,
    agreement_first_name  TEXT NOT NULL DEFAULT '',
    agreement_last_name   TEXT NOT NULL DEFAULT '',
    agreement_email       TEXT NOT NULL DEFAULT '',
    agreement_accepted_on TEXT NOT NULL DEFAULT '',
    indirect_reseller_id  TEXT COLLATE "C",
    ended_at              TEXT,
    end_reason            TEXT,
    end_reason_text       TEXT,
    CONSTRAINT customers_instance_domain_prefix_key UNIQUE (instance, domain_prefix)
);
-- An index per sort column, partner first (keyset pagination walks them in order); company
-- names in ASCII-case-insensitive order, as the list sorts them (`lower(company_name)`).
CREATE INDEX customers_by_partner_created ON customers (partner_id, created_at, id);
CREATE INDEX customers_by_partner_company ON customers (partner_id, lower(company_name), id);
CREATE INDEX customers_by_partner_domain ON customers (partner_id, domain_prefix, id);
CREATE INDEX customers_by_partner_country ON customers (partner_id, country, created_at, id);
CREATE INDEX customers_by_partner_state ON customers (partner_id, relationship, created_at, id);
CREATE INDEX customers_by_partner_country_company
    ON customers (partner_id, country, lower(company_name), id);
CREATE INDEX customers_by_partner_state_company
    ON customers (partner_id, relationship, lower(company_name), id);
-- A reseller's list shows the customers providers created on its behalf.
CREATE INDEX customers_by_indirect_reseller ON customers (indirect_reseller_id, created_at DESC)
    WHERE indirect_reseller_id IS NOT NULL;
-- Substring search (ILIKE '%…%') over company name, primary domain and contact e-mail: trigram
-- indexes serve searches of three characters or more, Chinese included (the database's ctype
-- must be a UTF-8 locale for pg_trgm to see CJK letters); shorter ones read the partner's rows.
CREATE INDEX customers_search_company ON customers USING gin (company_name gin_trgm_ops);
CREATE INDEX customers_search_domain ON customers USING gin (domain_prefix gin_trgm_ops);
CREATE INDEX customers_search_email ON customers USING gin (contact_email gin_trgm_ops);

-- Customers per partner and relationship state, kept by triggers: the list's total without
-- counting 100,000 rows on every request.
CREATE TABLE customer_counts (
    partner_id   TEXT COLLATE "C" NOT NULL,
    relationship TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (partner_id, relationship)
);

CREATE FUNCTION customer_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE customer_counts SET n = n - 1
            WHERE partner_id = OLD.partner_id AND relationship = OLD.relationship;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO customer_counts (partner_id, relationship, n)
            VALUES (NEW.partner_id, NEW.relationship, 1)
            ON CONFLICT (partner_id, relationship) DO UPDATE SET n = customer_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER customer_counts_insert AFTER INSERT ON customers
    FOR EACH ROW EXECUTE FUNCTION customer_counts_follow();
CREATE TRIGGER customer_counts_delete AFTER DELETE ON customers
    FOR EACH ROW EXECUTE FUNCTION customer_counts_follow();
CREATE TRIGGER customer_counts_update AFTER UPDATE OF partner_id, relationship ON customers
    FOR EACH ROW EXECUTE FUNCTION customer_counts_follow();

-- Create requests already answered, so a retried POST with the same Idempotency-Key creates
-- nothing new. The request is kept to refuse the key's reuse for a different one.
CREATE TABLE idempotency_keys (
    partner_id  TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    key         TEXT NOT NULL,
    request     TEXT NOT NULL,
    customer_id TEXT COLLATE "C" NOT NULL REFERENCES customers (id),
    created_at  TEXT NOT NULL,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (partner_id, key)
);

-- Reseller relationship requests. Only the SHA-256 of the link's token is stored.
CREATE TABLE invitations (
    id            TEXT COLLATE "C" PRIMARY KEY,
    partner_id    TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    customer_id   TEXT COLLATE "C" NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    email         TEXT NOT NULL,
    language      TEXT NOT NULL,
    message       TEXT NOT NULL DEFAULT '',
    token_hash    TEXT NOT NULL UNIQUE,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'expired', 'revoked')),
    created_by    TEXT NOT NULL,
    created_at    TEXT COLLATE "C" NOT NULL,
    expires_at    TEXT COLLATE "C" NOT NULL,
    sent_count    BIGINT NOT NULL DEFAULT 1,
    last_sent_at  TEXT NOT NULL,
    accepted_at   TEXT,
    accepted_by   TEXT,
    revoked_at    TEXT
);
CREATE INDEX invitations_by_partner ON invitations (partner_id, created_at DESC);
CREATE UNIQUE INDEX invitations_one_per_customer ON invitations (customer_id);
CREATE INDEX invitations_pending_expiry ON invitations (state, expires_at);

-- Every e-mail the app sends, written in the same transaction as the change that causes it.
CREATE TABLE outbox (
    id              TEXT COLLATE "C" PRIMARY KEY,
    partner_id      TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TEXT COLLATE "C" NOT NULL,
    created_at      TEXT COLLATE "C" NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_by_partner ON outbox (partner_id, created_at DESC);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE subscriptions (
    id           TEXT COLLATE "C" PRIMARY KEY,
    partner_id   TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    customer_id  TEXT COLLATE "C" NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    offer        TEXT NOT NULL,
    quantity     BIGINT NOT NULL CHECK (quantity > 0),
    status       TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'cancelled')),
    created_at   TEXT COLLATE "C" NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX subscriptions_by_customer ON subscriptions (partner_id, customer_id);

-- Who changed what. Append-only: the triggers refuse any UPDATE or DELETE, whoever asks.
CREATE TABLE audit_log (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    at           TEXT COLLATE "C" NOT NULL,
    partner_id   TEXT COLLATE "C" NOT NULL,
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
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- The partner's business profile, links between indirect providers and resellers, referrals.
CREATE TABLE business_profiles (
    partner_id    TEXT COLLATE "C" PRIMARY KEY REFERENCES partners (id),
    name          TEXT NOT NULL,
    description   TEXT,
    website       TEXT,
    -- Comma-separated codes (shared::profile::Industry / Offering).
    industries    TEXT NOT NULL DEFAULT '',
    offerings     TEXT NOT NULL DEFAULT '',
    -- JSON array of {"city", "country"}.
    locations     TEXT NOT NULL DEFAULT '[]',
    contact_email TEXT,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);

CREATE TABLE partner_links (
    id           TEXT COLLATE "C" PRIMARY KEY,
    provider_id  TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    reseller_id  TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    state        TEXT NOT NULL CHECK (state IN ('pending', 'active', 'declined', 'ended')),
    created_at   TEXT COLLATE "C" NOT NULL,
    responded_at TEXT,
    ended_at     TEXT
);
-- At most one open link per pair; declined and ended ones stay as history.
CREATE UNIQUE INDEX partner_links_one_open ON partner_links (provider_id, reseller_id)
    WHERE state IN ('pending', 'active');
CREATE INDEX partner_links_by_reseller ON partner_links (reseller_id);

CREATE TABLE referrals (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    -- The partner it was sent to.
    partner_id         TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    source             TEXT NOT NULL CHECK (source IN ('provider', 'marketplace')),
    -- The provider that sent it (NULL from the marketplace).
    from_partner_id    TEXT COLLATE "C" REFERENCES partners (id),
    company_name       TEXT NOT NULL,
    contact_first_name TEXT NOT NULL,
    contact_last_name  TEXT NOT NULL,
    contact_email      TEXT NOT NULL,
    country            TEXT NOT NULL,
    offerings          TEXT NOT NULL,
    seats              BIGINT NOT NULL,
    notes              TEXT,
    state              TEXT NOT NULL CHECK (state IN ('new', 'accepted', 'declined', 'won', 'expired')),
    received_at        TEXT COLLATE "C" NOT NULL,
    responded_at       TEXT,
    responded_by       TEXT,
    decline_reason     TEXT,
    decline_text       TEXT,
    customer_id        TEXT
);
CREATE INDEX referrals_inbox ON referrals (partner_id, received_at DESC);
CREATE INDEX referrals_sent ON referrals (from_partner_id, received_at DESC);
CREATE INDEX referrals_new ON referrals (state, received_at) WHERE state = 'new';
