-- Expiry notices of admin relationships that will expire: the smallest notice (31, 7 or 1 days
-- before the end) already sent for the current end; an extension clears it. Recorded by a
-- conditional update in the notices' own transaction, so each goes once across nodes.
ALTER TABLE admin_relationships ADD COLUMN expiry_notice_days BIGINT;
-- The language of the user's last sign-in: the one their e-mails are written in.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en-US';
