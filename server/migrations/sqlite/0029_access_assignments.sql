-- Access assignments (docs/domain.md "Access assignments"): the partner's groups of its users,
-- and each group's roles in a customer's admin (GDAP) relationship (comma-separated role codes,
-- a subset of `admin_relationships.roles`). A removed group takes its members and assignments
-- with it; an ended relationship keeps its assignments as a record, but they grant nothing.
CREATE TABLE access_groups (
    id          TEXT PRIMARY KEY NOT NULL,
    partner_id  TEXT NOT NULL REFERENCES partners (id),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (partner_id, name)
);

CREATE TABLE access_group_members (
    group_id    TEXT NOT NULL REFERENCES access_groups (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX access_group_members_by_user ON access_group_members (user_id);

CREATE TABLE access_assignments (
    relationship_id TEXT NOT NULL REFERENCES admin_relationships (id),
    group_id        TEXT NOT NULL REFERENCES access_groups (id) ON DELETE CASCADE,
    partner_id      TEXT NOT NULL REFERENCES partners (id),
    roles           TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (relationship_id, group_id)
);
CREATE INDEX access_assignments_by_group ON access_assignments (group_id);
