-- The list sorted by country or by relationship (ORDER BY column, id) read and sorted every
-- customer of the partner on each page: the (partner_id, country, created_at, id) and
-- (partner_id, relationship, created_at, id) indexes serve the filters sorted by date, not
-- these sorts. One index per sort, walked in order (alone, or with the other filters checked
-- on the way).
CREATE INDEX customers_by_partner_country_id ON customers (partner_id, country, id);
CREATE INDEX customers_by_partner_state_id ON customers (partner_id, relationship, id);
