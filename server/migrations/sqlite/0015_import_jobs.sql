-- Import previews and their commits, in the database instead of one node's memory: a preview
-- keeps the uploaded file (checked again at commit), so it costs no server memory while it
-- waits, any node can commit it, and every node reads its progress. A user's new upload
-- replaces their waiting preview; a partner has at most a few waiting; they expire after an
-- hour. The file is dropped once the commit has taken it.
CREATE TABLE import_jobs (
    id         TEXT PRIMARY KEY NOT NULL,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    user_id    TEXT NOT NULL,
    -- 'previewed' (waiting for its commit), 'committing', 'finished'.
    state      TEXT NOT NULL CHECK (state IN ('previewed', 'committing', 'finished')),
    file       TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    total      INTEGER NOT NULL DEFAULT 0,
    done       INTEGER NOT NULL DEFAULT 0,
    imported   INTEGER NOT NULL DEFAULT 0,
    skipped    INTEGER NOT NULL DEFAULT 0,
    failed     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX import_jobs_by_partner ON import_jobs (partner_id, state, created_at);
