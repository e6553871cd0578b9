-- The dashboard's figures, kept by a trigger (as migrations/sqlite 0014): customers per scope
-- (the partner, and the reseller that serves the customer), relationship state and month.
CREATE TABLE customer_tallies (
    scope_id     TEXT COLLATE "C" NOT NULL,
    relationship TEXT NOT NULL,
    month        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (scope_id, relationship, month)
);

INSERT INTO customer_tallies (scope_id, relationship, month, n)
    SELECT scope_id, relationship, month, COUNT(*) FROM (
        SELECT partner_id AS scope_id, relationship, substr(created_at, 1, 7) AS month
        FROM customers
        UNION ALL
        SELECT indirect_reseller_id, relationship, substr(created_at, 1, 7)
        FROM customers WHERE indirect_reseller_id IS NOT NULL
    ) AS scoped
    GROUP BY scope_id, relationship, month;

CREATE FUNCTION customer_tallies_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE customer_tallies SET n = n - 1
            WHERE scope_id IN (OLD.partner_id, OLD.indirect_reseller_id)
              AND relationship = OLD.relationship AND month = substr(OLD.created_at, 1, 7);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO customer_tallies (scope_id, relationship, month, n)
            VALUES (NEW.partner_id, NEW.relationship, substr(NEW.created_at, 1, 7), 1)
            ON CONFLICT (scope_id, relationship, month) DO UPDATE SET n = customer_tallies.n + 1;
        IF NEW.indirect_reseller_id IS NOT NULL THEN
            INSERT INTO customer_tallies (scope_id, relationship, month, n)
                VALUES (NEW.indirect_reseller_id, NEW.relationship, substr(NEW.created_at, 1, 7), 1)
                ON CONFLICT (scope_id, relationship, month)
                DO UPDATE SET n = customer_tallies.n + 1;
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER customer_tallies_insert AFTER INSERT ON customers
    FOR EACH ROW EXECUTE FUNCTION customer_tallies_follow();
CREATE TRIGGER customer_tallies_delete AFTER DELETE ON customers
    FOR EACH ROW EXECUTE FUNCTION customer_tallies_follow();
CREATE TRIGGER customer_tallies_update
    AFTER UPDATE OF partner_id, indirect_reseller_id, relationship, created_at ON customers
    FOR EACH ROW EXECUTE FUNCTION customer_tallies_follow();
