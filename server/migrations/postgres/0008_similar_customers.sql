-- Customers that may be the same company as a new one (shared::similar): the company name as
-- compared (case, width, punctuation and legal form set aside) and the contact's company e-mail
-- domain, both computed by the server whenever the profile is written ('' when there is nothing
-- to compare). NULL on rows written before this migration: the server fills them at start.
ALTER TABLE customers ADD COLUMN name_key TEXT;
ALTER TABLE customers ADD COLUMN email_domain TEXT;
CREATE INDEX customers_name_key ON customers (partner_id, name_key);
CREATE INDEX customers_email_domain ON customers (partner_id, email_domain);
