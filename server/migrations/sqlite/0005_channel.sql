-- Getting new customers: the partner's business profile, links between indirect providers and
-- indirect resellers, and referrals. Every row names the partner(s) it belongs to; queries
-- filter by the signed-in partner.

CREATE TABLE business_profiles (
    partner_id    TEXT PRIMARY KEY NOT NULL REFERENCES partners (id),
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
    id           TEXT PRIMARY KEY NOT NULL,
    provider_id  TEXT NOT NULL REFERENCES partners (id),
    reseller_id  TEXT NOT NULL REFERENCES partners (id),
    state        TEXT NOT NULL CHECK (state IN ('pending', 'active', 'declined', 'ended')),
    created_at   TEXT NOT NULL,
    responded_at TEXT,
    ended_at     TEXT
);
-- At most one open link per pair; declined and ended ones stay as history.
CREATE UNIQUE INDEX partner_links_one_open ON partner_links (provider_id, reseller_id)
    WHERE state IN ('pending', 'active');
CREATE INDEX partner_links_by_reseller ON partner_links (reseller_id);

CREATE TABLE referrals (
    id                 TEXT PRIMARY KEY NOT NULL,
    -- The partner it was sent to.
    partner_id         TEXT NOT NULL REFERENCES partners (id),
    source             TEXT NOT NULL CHECK (source IN ('provider', 'marketplace')),
    -- The provider that sent it (NULL from the marketplace).
    from_partner_id    TEXT REFERENCES partners (id),
    company_name       TEXT NOT NULL,
    contact_first_name TEXT NOT NULL,
    contact_last_name  TEXT NOT NULL,
    contact_email      TEXT NOT NULL,
    country            TEXT NOT NULL,
    offerings          TEXT NOT NULL,
    seats              INTEGER NOT NULL,
    notes              TEXT,
    state              TEXT NOT NULL CHECK (state IN ('new', 'accepted', 'declined', 'won', 'expired')),
    received_at        TEXT NOT NULL,
    responded_at       TEXT,
    responded_by       TEXT,
    decline_reason     TEXT,
    decline_text       TEXT,
    customer_id        TEXT
);
CREATE INDEX referrals_inbox ON referrals (partner_id, received_at DESC);
CREATE INDEX referrals_sent ON referrals (from_partner_id, received_at DESC);
CREATE INDEX referrals_new ON referrals (state, received_at) WHERE state = 'new';

-- A reseller's list shows the customers providers created on its behalf.
CREATE INDEX customers_by_indirect_reseller ON customers (indirect_reseller_id, created_at DESC)
    WHERE indirect_reseller_id IS NOT NULL;
