-- A partner's role templates for admin (GDAP) requests: a name and a set of Entra roles
-- (comma-separated codes, as `admin_relationships.roles`). Partners start with three
-- (`shared::admin_relationship::SUGGESTED_TEMPLATES`); new partners get them where the partner
-- is created (`store::partners::ensure`), the partners already here below.
CREATE TABLE admin_templates (
    id          TEXT PRIMARY KEY NOT NULL,
    partner_id  TEXT NOT NULL REFERENCES partners (id),
    name        TEXT NOT NULL,
    roles       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (partner_id, name)
);

INSERT INTO admin_templates (id, partner_id, name, roles, created_at, updated_at)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
        || substr(lower(hex(randomblob(2))), 2) || '-a' || substr(lower(hex(randomblob(2))), 2)
        || '-' || lower(hex(randomblob(6))),
    p.id, t.name, t.roles, p.created_at, p.created_at
FROM partners p
CROSS JOIN (
    SELECT 'Helpdesk' AS name,
        'directory-readers,helpdesk-administrator,service-support-administrator' AS roles
    UNION ALL SELECT 'Licensing', 'directory-readers,user-administrator,license-administrator'
    UNION ALL SELECT 'Security operations', 'global-reader,security-operator,security-reader'
) t;
