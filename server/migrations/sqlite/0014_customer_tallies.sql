-- The dashboard's figures, kept by triggers: customers per scope, relationship state and month
-- created. A customer counts under its partner and, when a reseller serves it, under that
-- reseller too (the two scopes the dashboard shows: `visible_to`). The dashboard used to
-- count every customer of the partner on each request (62 ms at 100,000); it now reads at most
-- a few hundred rows.
CREATE TABLE customer_tallies (
    scope_id     TEXT NOT NULL,
    relationship TEXT NOT NULL,
    month        TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (scope_id, relationship, month)
) WITHOUT ROWID;

INSERT INTO customer_tallies (scope_id, relationship, month, n)
    SELECT partner_id, relationship, substr(created_at, 1, 7), COUNT(*)
    FROM customers GROUP BY partner_id, relationship, substr(created_at, 1, 7);
INSERT INTO customer_tallies (scope_id, relationship, month, n)
    SELECT indirect_reseller_id, relationship, substr(created_at, 1, 7), COUNT(*)
    FROM customers WHERE indirect_reseller_id IS NOT NULL
    GROUP BY indirect_reseller_id, relationship, substr(created_at, 1, 7)
    ON CONFLICT (scope_id, relationship, month) DO UPDATE SET n = n + excluded.n;

CREATE TRIGGER customer_tallies_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customer_tallies (scope_id, relationship, month, n)
        VALUES (new.partner_id, new.relationship, substr(new.created_at, 1, 7), 1)
        ON CONFLICT (scope_id, relationship, month) DO UPDATE SET n = n + 1;
    INSERT INTO customer_tallies (scope_id, relationship, month, n)
        SELECT new.indirect_reseller_id, new.relationship, substr(new.created_at, 1, 7), 1
        WHERE new.indirect_reseller_id IS NOT NULL
        ON CONFLICT (scope_id, relationship, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER customer_tallies_delete AFTER DELETE ON customers BEGIN
    UPDATE customer_tallies SET n = n - 1
        WHERE scope_id IN (old.partner_id, old.indirect_reseller_id)
          AND relationship = old.relationship AND month = substr(old.created_at, 1, 7);
END;
CREATE TRIGGER customer_tallies_update
AFTER UPDATE OF partner_id, indirect_reseller_id, relationship, created_at ON customers BEGIN
    UPDATE customer_tallies SET n = n - 1
        WHERE scope_id IN (old.partner_id, old.indirect_reseller_id)
          AND relationship = old.relationship AND month = substr(old.created_at, 1, 7);
    INSERT INTO customer_tallies (scope_id, relationship, month, n)
        VALUES (new.partner_id, new.relationship, substr(new.created_at, 1, 7), 1)
        ON CONFLICT (scope_id, relationship, month) DO UPDATE SET n = n + 1;
    INSERT INTO customer_tallies (scope_id, relationship, month, n)
        SELECT new.indirect_reseller_id, new.relationship, substr(new.created_at, 1, 7), 1
        WHERE new.indirect_reseller_id IS NOT NULL
        ON CONFLICT (scope_id, relationship, month) DO UPDATE SET n = n + 1;
END;
