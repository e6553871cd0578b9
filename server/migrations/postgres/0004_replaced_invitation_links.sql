-- The links a resend replaced (their token hashes), as migrations/sqlite 0012: a customer who
-- opens an older e-mail is told a newer invitation was sent (410 invitation_replaced).
CREATE TABLE invitation_replaced_links (
    token_hash    TEXT COLLATE "C" PRIMARY KEY,
    invitation_id TEXT COLLATE "C" NOT NULL REFERENCES invitations (id),
    replaced_at   TEXT NOT NULL
);
