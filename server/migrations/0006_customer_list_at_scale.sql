-- The customer list at 100,000+ rows: an index per sort column (keyset pagination walks them
-- in order, partner first) and a trigram full-text index for substring search over company
-- name, primary domain and contact e-mail (Latin letters case-insensitive, Chinese too).

CREATE INDEX customers_by_partner_company ON customers (partner_id, company_name COLLATE NOCASE, id);
CREATE INDEX customers_by_partner_domain ON customers (partner_id, domain_prefix, id);
CREATE INDEX customers_by_partner_country ON customers (partner_id, country, created_at, id);
CREATE INDEX customers_by_partner_state ON customers (partner_id, relationship, created_at, id);

CREATE VIRTUAL TABLE customers_search USING fts5(
    company_name, domain_prefix, contact_email,
    content = 'customers', content_rowid = 'rowid', tokenize = 'trigram'
);
INSERT INTO customers_search (customers_search) VALUES ('rebuild');

CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_search (rowid, company_name, domain_prefix, contact_email)
    VALUES (new.rowid, new.company_name, new.domain_prefix, new.contact_email);
END;
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_search (customers_search, rowid, company_name, domain_prefix, contact_email)
    VALUES ('delete', old.rowid, old.company_name, old.domain_prefix, old.contact_email);
END;
CREATE TRIGGER customers_search_update AFTER UPDATE OF company_name, domain_prefix, contact_email ON customers BEGIN
    INSERT INTO customers_search (customers_search, rowid, company_name, domain_prefix, contact_email)
    VALUES ('delete', old.rowid, old.company_name, old.domain_prefix, old.contact_email);
    INSERT INTO customers_search (rowid, company_name, domain_prefix, contact_email)
    VALUES (new.rowid, new.company_name, new.domain_prefix, new.contact_email);
END;
