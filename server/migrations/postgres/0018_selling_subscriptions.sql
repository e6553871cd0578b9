-- Subscriptions sold under new commerce (docs/domain.md "Subscriptions"): the offer, its term
-- and billing cycle, auto-renew, the seat price held for the term in the customer's currency,
-- and the dates the sweep charges and renews on. Rows from before (demo data without an offer)
-- become month-to-month terms from their creation, priced at zero.
ALTER TABLE subscriptions ADD COLUMN offer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN term TEXT NOT NULL DEFAULT 'P1M'
    CHECK (term IN ('P1M', 'P1Y', 'P3Y'));
ALTER TABLE subscriptions ADD COLUMN billing_cycle TEXT NOT NULL DEFAULT 'monthly'
    CHECK (billing_cycle IN ('monthly', 'annual', 'triennial'));
ALTER TABLE subscriptions ADD COLUMN auto_renew INTEGER NOT NULL DEFAULT 1;
ALTER TABLE subscriptions ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';
-- List price of one seat for one billing period, in the currency's minor unit.
ALTER TABLE subscriptions ADD COLUMN seat_price_minor BIGINT NOT NULL DEFAULT 0;
-- When the current term began (the purchase or the last renewal): the change window's start.
ALTER TABLE subscriptions ADD COLUMN term_started_at TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN term_starts_on TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN renews_on TEXT COLLATE "C" NOT NULL DEFAULT '';
-- The next billing period's first day (the sweep charges it then); = renews_on at the last.
ALTER TABLE subscriptions ADD COLUMN next_charge_on TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE subscriptions SET
    term_started_at = created_at,
    term_starts_on = substr(created_at, 1, 10),
    renews_on = to_char(to_date(substr(created_at, 1, 10), 'YYYY-MM-DD') + interval '1 month', 'YYYY-MM-DD'),
    next_charge_on = to_char(to_date(substr(created_at, 1, 10), 'YYYY-MM-DD') + interval '1 month', 'YYYY-MM-DD');
ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_status_check;
ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_status_check
    CHECK (status IN ('active', 'suspended', 'cancelled', 'expired'));
CREATE INDEX subscriptions_due ON subscriptions (status, next_charge_on);

-- The ledger: every charge and refund, in the customer's currency, at list price, with the
-- markup in force when it was charged (what the customer pays is that applied to the amount).
-- Append-only.
CREATE TABLE charges (
    id              TEXT COLLATE "C" PRIMARY KEY,
    partner_id      TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    customer_id     TEXT COLLATE "C" NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    subscription_id TEXT COLLATE "C" NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('purchase', 'increase', 'refund', 'renewal', 'period')),
    offer           TEXT NOT NULL,
    -- Seats charged (negative for a refund).
    quantity        BIGINT NOT NULL,
    -- The part of a billing period charged: [period_start, period_end).
    period_start    TEXT COLLATE "C" NOT NULL,
    period_end      TEXT COLLATE "C" NOT NULL,
    amount_minor    BIGINT NOT NULL,
    currency        TEXT NOT NULL,
    -- Hundredths of a percent (1250 = 12.5 per cent).
    markup_bp       INTEGER NOT NULL,
    -- The day charged (the server's clock): the month it is billed in.
    charged_on      TEXT COLLATE "C" NOT NULL,
    created_at      TEXT COLLATE "C" NOT NULL
);
CREATE INDEX charges_by_month ON charges (partner_id, charged_on);
CREATE INDEX charges_by_customer ON charges (partner_id, customer_id, charged_on);

-- Orders answered before, so a retried POST with the same Idempotency-Key orders nothing twice.
CREATE TABLE order_keys (
    partner_id      TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    key             TEXT NOT NULL,
    request         TEXT NOT NULL,
    subscription_id TEXT COLLATE "C" NOT NULL,
    created_at      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (partner_id, key)
);

-- Markups on list prices, in hundredths of a percent: the partner's (customer_id '') and a
-- customer's own.
CREATE TABLE billing_markups (
    partner_id  TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    customer_id TEXT COLLATE "C" NOT NULL,
    markup_bp   INTEGER NOT NULL CHECK (markup_bp BETWEEN 0 AND 10000),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (partner_id, customer_id)
);
