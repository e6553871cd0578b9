-- Customer agreement acceptance and the indirect reseller a customer is served through.
ALTER TABLE customers ADD COLUMN agreement_first_name TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN agreement_last_name TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN agreement_email TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN agreement_accepted_on TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN indirect_reseller_id TEXT;

-- Create requests already answered, so a retried POST with the same Idempotency-Key creates
-- nothing new. The request is kept to refuse the key's reuse for a different one.
CREATE TABLE idempotency_keys (
    partner_id  TEXT NOT NULL REFERENCES partners (id),
    key         TEXT NOT NULL,
    request     TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (partner_id, key)
);
