-- One index per sort of the list (as migrations/sqlite 0013): sorted by country or by
-- relationship (ORDER BY column, id), a page walks the index instead of sorting the partner's
-- customers.
CREATE INDEX customers_by_partner_country_id ON customers (partner_id, country, id);
CREATE INDEX customers_by_partner_state_id ON customers (partner_id, relationship, id);
