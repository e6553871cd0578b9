-- Sign-in and user lookups compare `lower(email)` (the one spelling both databases read): the
-- index on that expression, beside the NOCASE unique constraint that keeps addresses unique.
CREATE INDEX users_by_lower_email ON users (lower(email));
