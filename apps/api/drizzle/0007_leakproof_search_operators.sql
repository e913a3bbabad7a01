-- Search under row-level security. PostgreSQL evaluates a query's conditions after the RLS policy
-- unless their functions are LEAKPROOF, and only then can it use an index for them: without this,
-- a name search (ILIKE on the trigram index) or an email lookup (citext equality) reads the whole
-- sub-account. These functions raise errors only on their pattern argument, which is the
-- application's own parameter, never another tenant's row; and the runtime role runs only the
-- application's queries. Marking functions LEAKPROOF needs a superuser: elsewhere this migration
-- changes nothing and searches stay correct, only slower (see docs/decisions/0005).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION textlike(text, text) LEAKPROOF;
    ALTER FUNCTION texticlike(text, text) LEAKPROOF;
    ALTER FUNCTION citext_eq(citext, citext) LEAKPROOF;
    ALTER FUNCTION jsonb_object_field_text(jsonb, text) LEAKPROOF;
  ELSE
    RAISE NOTICE 'Not a superuser: search operators stay non-leakproof; contact search will not use its indexes under RLS';
  END IF;
END
$$;
