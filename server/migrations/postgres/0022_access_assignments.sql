-- Access assignments (docs/domain.md "Access assignments"): the partner's groups of its users,
-- and each group's roles in a customer's admin (GDAP) relationship (comma-separated role codes,
-- a subset of `admin_relationships.roles`). A removed group takes its members and assignments
-- with it; an ended relationship keeps its assignments as a record, but they grant nothing.
CREATE TABLE access_groups (
    id          TEXT COLLATE "C" PRIMARY KEY,
    partner_id  TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    name        TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL,
    UNIQUE (partner_id, name)
);

CREATE TABLE access_group_members (
    group_id    TEXT COLLATE "C" NOT NULL REFERENCES access_groups (id) ON DELETE CASCADE,
    user_id     TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX access_group_members_by_user ON access_group_members (user_id);

CREATE TABLE access_assignments (
    relationship_id TEXT COLLATE "C" NOT NULL REFERENCES admin_relationships (id),
    group_id        TEXT COLLATE "C" NOT NULL REFERENCES access_groups (id) ON DELETE CASCADE,
    partner_id      TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    roles           TEXT NOT NULL,
    created_at      TEXT COLLATE "C" NOT NULL,
    updated_at      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (relationship_id, group_id)
);
CREATE INDEX access_assignments_by_group ON access_assignments (group_id);
