-- The links a resend replaced (their token hashes): a customer who opens an older e-mail is
-- told a newer invitation was sent (410 invitation_replaced), not that the link doesn't exist.
CREATE TABLE invitation_replaced_links (
    token_hash    TEXT PRIMARY KEY NOT NULL,
    invitation_id TEXT NOT NULL REFERENCES invitations (id),
    replaced_at   TEXT NOT NULL
);
