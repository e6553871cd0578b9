-- A partner's role templates for admin (GDAP) requests: a name and a set of Entra roles
-- (comma-separated codes, as `admin_relationships.roles`). Partners start with three
-- (`shared::admin_relationship::SUGGESTED_TEMPLATES`); new partners get them where the partner
-- is created (`store::partners::ensure`), the partners already here below.
CREATE TABLE admin_templates (
    id          TEXT COLLATE "C" PRIMARY KEY,
    partner_id  TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    name        TEXT COLLATE "C" NOT NULL,
    roles       TEXT NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL,
    UNIQUE (partner_id, name)
);

INSERT INTO admin_templates (id, partner_id, name, roles, created_at, updated_at)
SELECT gen_random_uuid()::text, p.id, t.name, t.roles, p.created_at, p.created_at
FROM partners p
CROSS JOIN (VALUES
    ('Helpdesk', 'directory-readers,helpdesk-administrator,service-support-administrator'),
    ('Licensing', 'directory-readers,user-administrator,license-administrator'),
    ('Security operations', 'global-reader,security-operator,security-reader')
) AS t (name, roles);
