-- Statement-level auditing for tables written in bulk (a CSV import writes contacts and
-- contact_tags a thousand rows per statement). app.audit_row() runs once per row: a PL/pgSQL call,
-- its own INSERT into audit_logs and its plan's executor start per row, ~200,000 times for a
-- 100,000-row import. app.audit_statement() writes the same entries (same columns, same jsonb,
-- same changed_fields, nothing for an update that changes only updated_at) with one
-- INSERT ... SELECT over the statement's transition table. PostgreSQL allows transition tables only
-- on single-event triggers, hence three triggers per table; the schema test accepts either shape.
-- Not for the two tenant roots (agencies, sub_accounts): their agency comes from their own columns,
-- which app.audit_row() special-cases; they stay on it.
CREATE OR REPLACE FUNCTION app.audit_statement() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, app, pg_temp
  AS $$
DECLARE
  -- What app.strip_secrets() removes, read once from the table's columns (the keys of to_jsonb
  -- of its rows) rather than matched per row and key.
  secrets text[] := ARRAY(SELECT a.attname::text FROM pg_attribute a
                           WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped
                             AND a.attname ~ '(_hash|_encrypted|_secret|password)$');
  ctx_agency uuid := app.current_agency_id();
  actor uuid := app.current_user_id();
  -- app.uuid_v7() per entry, with the statement's millisecond: a random (v4) UUID whose first 48
  -- bits become the time and whose version nibble becomes 7 (the variant bits are the same).
  ms text := lpad(to_hex(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0');
  v7 text := substr(ms, 1, 8) || '-' || substr(ms, 9, 4) || '-7';
  pairing text;
BEGIN
  -- The agency as app.audit_row() finds it: the row's agency_id, else the context's, else the
  -- row's sub-account's (a write with no context).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO audit_logs (agency_id, id, sub_account_id, table_name, row_id, action, actor_user_id,
                            old_data, new_data, changed_fields)
    WITH r AS MATERIALIZED (SELECT to_jsonb(n) - secrets AS new_row FROM new_rows n)
    SELECT coalesce((r.new_row->>'agency_id')::uuid, ctx_agency,
                    (SELECT s.agency_id FROM sub_accounts s WHERE s.id = (r.new_row->>'sub_account_id')::uuid)),
           overlay(gen_random_uuid()::text PLACING v7 FROM 1 FOR 15)::uuid,
           (r.new_row->>'sub_account_id')::uuid, TG_TABLE_NAME,
           coalesce(r.new_row->>'id', r.new_row->>'role_id'), 'insert', actor, NULL, r.new_row, NULL
      FROM r;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO audit_logs (agency_id, id, sub_account_id, table_name, row_id, action, actor_user_id,
                            old_data, new_data, changed_fields)
    WITH r AS MATERIALIZED (SELECT to_jsonb(o) - secrets AS old_row FROM old_rows o)
    SELECT coalesce((r.old_row->>'agency_id')::uuid, ctx_agency,
                    (SELECT s.agency_id FROM sub_accounts s WHERE s.id = (r.old_row->>'sub_account_id')::uuid)),
           overlay(gen_random_uuid()::text PLACING v7 FROM 1 FOR 15)::uuid,
           (r.old_row->>'sub_account_id')::uuid, TG_TABLE_NAME,
           coalesce(r.old_row->>'id', r.old_row->>'role_id'), 'delete', actor, r.old_row, NULL, NULL
      FROM r;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Each row's old and new images, paired on the primary key (which these tables never update).
    SELECT string_agg(format('o.%1$I = n.%1$I', a.attname), ' AND ')
      INTO pairing
      FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = TG_RELID AND i.indisprimary;
    IF pairing IS NULL THEN
      RAISE EXCEPTION 'audit_statement: % has no primary key', TG_TABLE_NAME;
    END IF;
    EXECUTE format($sql$
      INSERT INTO audit_logs (agency_id, id, sub_account_id, table_name, row_id, action, actor_user_id,
                              old_data, new_data, changed_fields)
      WITH c AS MATERIALIZED (
             SELECT to_jsonb(o) - $1 AS old_row, to_jsonb(n) - $1 AS new_row
               FROM old_rows o JOIN new_rows n ON %s),
           p AS MATERIALIZED (
             SELECT c.old_row, c.new_row,
                    (SELECT array_agg(f.key ORDER BY f.key) FROM jsonb_each(c.new_row) AS f
                      WHERE f.value IS DISTINCT FROM c.old_row->f.key AND f.key <> 'updated_at') AS changed
               FROM c)
      SELECT coalesce((p.new_row->>'agency_id')::uuid, $2,
                      (SELECT s.agency_id FROM sub_accounts s WHERE s.id = (p.new_row->>'sub_account_id')::uuid)),
             overlay(gen_random_uuid()::text PLACING $4 FROM 1 FOR 15)::uuid,
             (p.new_row->>'sub_account_id')::uuid, %L,
             coalesce(p.new_row->>'id', p.new_row->>'role_id'), 'update', $3, p.old_row, p.new_row, p.changed
        FROM p
       WHERE p.changed IS NOT NULL$sql$, pairing, TG_TABLE_NAME)
      USING secrets, ctx_agency, actor, v7;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Moves a table from app.audit_row() to app.audit_statement(): for tables written many rows per
-- statement. Call after app.secure_tenant_table().
CREATE OR REPLACE FUNCTION app.audit_by_statement(tbl regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS audit_row ON %s', tbl);
  EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.audit_statement()', tbl);
  EXECUTE format('CREATE TRIGGER audit_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.audit_statement()', tbl);
  EXECUTE format('CREATE TRIGGER audit_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.audit_statement()', tbl);
END
$$;
--> statement-breakpoint
SELECT app.audit_by_statement('contacts');
--> statement-breakpoint
SELECT app.audit_by_statement('contact_tags');
