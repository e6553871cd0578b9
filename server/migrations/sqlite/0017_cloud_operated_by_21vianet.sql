-- A fourth cloud instance: the one operated by 21Vianet in China (`china-21vianet`).
-- SQLite can't change a CHECK constraint in place, so `partners` is made anew. Every other table
-- references it by foreign key: its rows wait in a copy while it is dropped and created again,
-- and the key checks wait for the commit (defer_foreign_keys), when every row is back.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE partners_copy AS SELECT * FROM partners;
DROP TABLE partners;
CREATE TABLE partners (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    instance     TEXT NOT NULL CHECK (instance IN ('global', 'us-government', 'germany', 'china-21vianet')),
    program      TEXT NOT NULL CHECK (program IN ('direct-reseller', 'indirect-provider', 'indirect-reseller')),
    email_domain TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
INSERT INTO partners (id, name, instance, program, email_domain, created_at)
SELECT id, name, instance, program, email_domain, created_at FROM partners_copy;
DROP TABLE partners_copy;
