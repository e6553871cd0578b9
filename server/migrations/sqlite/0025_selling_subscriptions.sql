-- Subscriptions sold under new commerce (docs/domain.md "Subscriptions"): the offer, its term
-- and billing cycle, auto-renew, the seat price held for the term in the customer's currency,
-- and the dates the sweep charges and renews on. SQLite can't widen a CHECK: the table is
-- rebuilt. Rows from before (demo data without an offer) become month-to-month terms from their
-- creation, priced at zero.
CREATE TABLE subscriptions_sold (
    id               TEXT PRIMARY KEY NOT NULL,
    partner_id       TEXT NOT NULL REFERENCES partners (id),
    customer_id      TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    -- The offer's product id ('' for rows from before) and its name when it was sold.
    offer_id         TEXT NOT NULL,
    offer            TEXT NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    status           TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'cancelled', 'expired')),
    term             TEXT NOT NULL CHECK (term IN ('P1M', 'P1Y', 'P3Y')),
    billing_cycle    TEXT NOT NULL CHECK (billing_cycle IN ('monthly', 'annual', 'triennial')),
    auto_renew       INTEGER NOT NULL,
    currency         TEXT NOT NULL,
    -- List price of one seat for one billing period, in the currency's minor unit.
    seat_price_minor INTEGER NOT NULL,
    -- When the current term began (the purchase or the last renewal): the change window's start.
    term_started_at  TEXT NOT NULL,
    term_starts_on   TEXT NOT NULL,
    renews_on        TEXT NOT NULL,
    -- The next billing period's first day (the sweep charges it then); = renews_on at the last.
    next_charge_on   TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
INSERT INTO subscriptions_sold
SELECT id, partner_id, customer_id, '', offer, quantity, status, 'P1M', 'monthly', 1, 'USD', 0,
       created_at, substr(created_at, 1, 10), date(substr(created_at, 1, 10), '+1 month'),
       date(substr(created_at, 1, 10), '+1 month'), created_at, updated_at
FROM subscriptions;
DROP TABLE subscriptions;
ALTER TABLE subscriptions_sold RENAME TO subscriptions;
CREATE INDEX subscriptions_by_customer ON subscriptions (partner_id, customer_id);
CREATE INDEX subscriptions_due ON subscriptions (status, next_charge_on);

-- The ledger: every charge and refund, in the customer's currency, at list price, with the
-- markup in force when it was charged (what the customer pays is that applied to the amount).
-- Append-only.
CREATE TABLE charges (
    id              TEXT PRIMARY KEY NOT NULL,
    partner_id      TEXT NOT NULL REFERENCES partners (id),
    customer_id     TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    subscription_id TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('purchase', 'increase', 'refund', 'renewal', 'period')),
    offer           TEXT NOT NULL,
    -- Seats charged (negative for a refund).
    quantity        INTEGER NOT NULL,
    -- The part of a billing period charged: [period_start, period_end).
    period_start    TEXT NOT NULL,
    period_end      TEXT NOT NULL,
    amount_minor    INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    -- Hundredths of a percent (1250 = 12.5 per cent).
    markup_bp       INTEGER NOT NULL,
    -- The day charged (the server's clock): the month it is billed in.
    charged_on      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX charges_by_month ON charges (partner_id, charged_on);
CREATE INDEX charges_by_customer ON charges (partner_id, customer_id, charged_on);

-- Orders answered before, so a retried POST with the same Idempotency-Key orders nothing twice.
CREATE TABLE order_keys (
    partner_id      TEXT NOT NULL REFERENCES partners (id),
    key             TEXT NOT NULL,
    request         TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (partner_id, key)
);

-- Markups on list prices, in hundredths of a percent: the partner's (customer_id '') and a
-- customer's own.
CREATE TABLE billing_markups (
    partner_id  TEXT NOT NULL REFERENCES partners (id),
    customer_id TEXT NOT NULL,
    markup_bp   INTEGER NOT NULL CHECK (markup_bp BETWEEN 0 AND 10000),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (partner_id, customer_id)
);
