-- Import previews and their commits (as migrations/sqlite 0015): in the database, so any node
-- commits a preview and every node reads its progress.
CREATE TABLE import_jobs (
    id         TEXT COLLATE "C" PRIMARY KEY,
    partner_id TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    user_id    TEXT COLLATE "C" NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('previewed', 'committing', 'finished')),
    file       TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    total      BIGINT NOT NULL DEFAULT 0,
    done       BIGINT NOT NULL DEFAULT 0,
    imported   BIGINT NOT NULL DEFAULT 0,
    skipped    BIGINT NOT NULL DEFAULT 0,
    failed     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX import_jobs_by_partner ON import_jobs (partner_id, state, created_at);
