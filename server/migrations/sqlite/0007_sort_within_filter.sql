-- Company order within one country or one relationship state: the list's most common sort
-- with a filter. Without these SQLite walks the partner's company index and checks every row's
-- country (38 ms a page at 100,000 customers, when the country's names cluster late).
-- Domain and creation order within a filter are cheap already: the first is spread evenly, the
-- second has its own indexes (0006).
CREATE INDEX customers_by_partner_country_company
    ON customers (partner_id, country, company_name COLLATE NOCASE, id);
CREATE INDEX customers_by_partner_state_company
    ON customers (partner_id, relationship, company_name COLLATE NOCASE, id);
