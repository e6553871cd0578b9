-- "Also request admin access" while inviting: the admin (GDAP) request that goes out when the
-- customer accepts (`shared::admin_relationship::AdminRelationshipForm` as JSON), made from a
-- role template when the invitation was sent. NULL: the invitation asks for nothing more.
ALTER TABLE invitations ADD COLUMN admin_request TEXT;
