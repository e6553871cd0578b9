-- A month's billing per customer and currency, and per partner and currency, kept up to date in
-- the transaction of every ledger row (`store::charges::insert_in`), so the partner's billing
-- month reads a few rows instead of aggregating every charge of the month (2 req/s at 100,000
-- customers before). `price_minor` sums each ledger row's own rounded customer price.
-- Keys are `COLLATE "C"` as in every table here: a join on `customers.id` ("C") can use the
-- key's index only if it is (a per-customer lookup fell back to scanning the table).
CREATE TABLE billing_customer_months (
    partner_id      TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    customer_id     TEXT COLLATE "C" NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    -- 'YYYY-MM': the month of the charges' `charged_on`.
    month           TEXT COLLATE "C" NOT NULL,
    currency        TEXT COLLATE "C" NOT NULL,
    cost_minor      BIGINT NOT NULL,
    price_minor     BIGINT NOT NULL,
    PRIMARY KEY (partner_id, customer_id, month, currency)
);

CREATE TABLE billing_partner_months (
    partner_id      TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    month           TEXT COLLATE "C" NOT NULL,
    currency        TEXT COLLATE "C" NOT NULL,
    cost_minor      BIGINT NOT NULL,
    price_minor     BIGINT NOT NULL,
    -- Rows of `billing_customer_months` for this partner, month and currency.
    customers       BIGINT NOT NULL,
    PRIMARY KEY (partner_id, month, currency)
);

-- The ledger so far. The customer price of a row is amount × (10000 + markup) / 10000 rounded
-- half away from zero, as `shared::billing::Markup::apply` rounds it (integer division truncates
-- toward zero).
INSERT INTO billing_customer_months (partner_id, customer_id, month, currency, cost_minor, price_minor)
SELECT partner_id, customer_id, substr(charged_on, 1, 7), currency, SUM(amount_minor),
    SUM(CASE WHEN amount_minor >= 0
        THEN (amount_minor * (10000 + markup_bp) + 5000) / 10000
        ELSE -((-amount_minor * (10000 + markup_bp) + 5000) / 10000) END)
FROM charges
GROUP BY partner_id, customer_id, substr(charged_on, 1, 7), currency;

INSERT INTO billing_partner_months (partner_id, month, currency, cost_minor, price_minor, customers)
SELECT partner_id, month, currency, SUM(cost_minor), SUM(price_minor), COUNT(*)
FROM billing_customer_months
GROUP BY partner_id, month, currency;
