-- The customer list at 100,000+ rows: an index per sort column (keyset pagination walks them
-- in order, partner first) and a trigram full-text index for substring search over company
-- name, primary domain and contact e-mail (Latin letters case-insensitive, Chinese too).

-- One direction for every column of an index: SQLite walks it forwards for ASC and backwards for
-- DESC. (The first index mixed `created_at DESC` with `id`: newest-first needed a sort step.)
DROP INDEX customers_by_partner_created;
CREATE INDEX customers_by_partner_created ON customers (partner_id, created_at, id);
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

-- Customers per partner and relationship state, kept by triggers: the list's total without
-- counting 100,000 rows on every request.
CREATE TABLE customer_counts (
    partner_id   TEXT NOT NULL,
    relationship TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (partner_id, relationship)
) WITHOUT ROWID;
INSERT INTO customer_counts (partner_id, relationship, n)
    SELECT partner_id, relationship, COUNT(*) FROM customers GROUP BY partner_id, relationship;

CREATE TRIGGER customer_counts_insert AFTER INSERT ON customers BEGIN
    INSERT OR IGNORE INTO customer_counts (partner_id, relationship, n)
        VALUES (new.partner_id, new.relationship, 0);
    UPDATE customer_counts SET n = n + 1
        WHERE partner_id = new.partner_id AND relationship = new.relationship;
END;
CREATE TRIGGER customer_counts_delete AFTER DELETE ON customers BEGIN
    UPDATE customer_counts SET n = n - 1
        WHERE partner_id = old.partner_id AND relationship = old.relationship;
END;
CREATE TRIGGER customer_counts_update AFTER UPDATE OF partner_id, relationship ON customers BEGIN
    UPDATE customer_counts SET n = n - 1
        WHERE partner_id = old.partner_id AND relationship = old.relationship;
    INSERT OR IGNORE INTO customer_counts (partner_id, relationship, n)
        VALUES (new.partner_id, new.relationship, 0);
    UPDATE customer_counts SET n = n + 1
        WHERE partner_id = new.partner_id AND relationship = new.relationship;
END;
