-- The signed-in users' generation: moves whenever something a request's `Ctx` is read from
-- changes (a user's e-mail, roles, disabling, password-change flag, session epoch or partner;
-- a partner's instance, program or e-mail domain), in the same transaction as the change.
-- Every node reads it with the session (one query, `session_store.rs`) and keeps a user's
-- `Ctx` only as long as the generation it was read under is still the current one, so a change
-- made through any node holds on every node at its next request, without a query for the user.
CREATE TABLE signed_in_generation (
    only_row   BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    generation BIGINT NOT NULL
);
INSERT INTO signed_in_generation (only_row, generation) VALUES (TRUE, 0);

CREATE FUNCTION next_signed_in_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE signed_in_generation SET generation = generation + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER users_signed_in_generation
    AFTER DELETE OR UPDATE OF partner_id, email, roles, disabled, must_change_password, session_epoch
    ON users FOR EACH STATEMENT EXECUTE FUNCTION next_signed_in_generation();
CREATE TRIGGER partners_signed_in_generation
    AFTER DELETE OR UPDATE OF instance, program, email_domain
    ON partners FOR EACH STATEMENT EXECUTE FUNCTION next_signed_in_generation();
