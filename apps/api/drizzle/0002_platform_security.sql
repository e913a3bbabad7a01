-- Platform foundation, part 3: row-level security, the audit trigger, updated_at triggers and the
-- runtime role's grants. Later migrations call app.secure_tenant_table() and app.track_table() for
-- each new table; the schema test fails on any table that is missed.

-- The context's sub-account, only if it belongs to the context's agency: a context pairing one
-- agency with another agency's sub-account sees no sub-account rows at all. SECURITY DEFINER so the
-- lookup is not itself filtered by the sub_accounts policy (which reads the raw setting instead).
CREATE OR REPLACE FUNCTION app.current_sub_account_id() RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT s.id FROM public.sub_accounts s
     WHERE s.id = app.requested_sub_account_id() AND s.agency_id = app.current_agency_id()
  $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.current_sub_account_id() TO openlevel_app;
--> statement-breakpoint
-- Removes columns that must never leave the database in an audit entry.
CREATE OR REPLACE FUNCTION app.strip_secrets(row_data jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT CASE WHEN row_data IS NULL THEN NULL ELSE row_data - coalesce(
      (SELECT array_agg(k) FROM jsonb_object_keys(row_data) AS k
        WHERE k ~ '(_hash|_encrypted|_secret|password)$'),
      '{}'::text[]) END
  $$;
--> statement-breakpoint
-- One audit entry per changed row (seed 004's audit trigger). SECURITY DEFINER: the runtime role
-- has no INSERT on audit_logs, so only this function writes there and entries cannot be forged.
CREATE OR REPLACE FUNCTION app.audit_row() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, app, pg_temp
  AS $$
DECLARE
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN app.strip_secrets(to_jsonb(NEW)) END;
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN app.strip_secrets(to_jsonb(OLD)) END;
  any_row jsonb := coalesce(new_row, old_row);
  v_agency uuid;
  v_sub uuid;
  changed text[];
BEGIN
  IF TG_TABLE_NAME = 'agencies' THEN
    v_agency := (any_row->>'id')::uuid;
  ELSIF TG_TABLE_NAME = 'sub_accounts' THEN
    v_agency := (any_row->>'agency_id')::uuid;
    v_sub := (any_row->>'id')::uuid;
  ELSE
    v_sub := (any_row->>'sub_account_id')::uuid;
    v_agency := coalesce((any_row->>'agency_id')::uuid, app.current_agency_id());
    IF v_agency IS NULL AND v_sub IS NOT NULL THEN
      SELECT s.agency_id INTO v_agency FROM sub_accounts s WHERE s.id = v_sub;
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT array_agg(n.key ORDER BY n.key) INTO changed
      FROM jsonb_each(new_row) AS n
      WHERE n.value IS DISTINCT FROM old_row->n.key AND n.key <> 'updated_at';
    IF changed IS NULL THEN
      RETURN NULL;
    END IF;
  END IF;
  INSERT INTO audit_logs (agency_id, id, sub_account_id, table_name, row_id, action, actor_user_id,
                          old_data, new_data, changed_fields)
  VALUES (v_agency, app.uuid_v7(), v_sub, TG_TABLE_NAME,
          coalesce(any_row->>'id', any_row->>'role_id'), lower(TG_OP), app.current_user_id(),
          old_row, new_row, changed);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Every table: updated_at kept by a trigger.
CREATE OR REPLACE FUNCTION app.track_table(tbl regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER touch_updated_at BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at()', tbl);
END
$$;
--> statement-breakpoint
-- Every tenant table: RLS enabled and forced, one policy on its tenant key, the audit trigger
-- (unless audit is false), and the runtime role's privileges. The tenant key is read off the
-- columns: a NOT NULL sub_account_id, else agency_id (with an optional sub_account_id narrowing
-- rows to one sub-account when the context has one). current_setting is wrapped in a sub-select so
-- the planner evaluates it once per query, not once per row. With shared_read, a sub-account
-- context may also read the agency's own rows (sub_account_id NULL), e.g. the agency's roles, but
-- only write its own.
CREATE OR REPLACE FUNCTION app.secure_tenant_table(tbl regclass, privileges text, audit boolean DEFAULT true,
                                                   shared_read boolean DEFAULT false)
  RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  has_sub boolean;
  sub_not_null boolean;
  has_agency boolean;
  predicate text;
BEGIN
  SELECT bool_or(attname = 'sub_account_id'), bool_or(attname = 'sub_account_id' AND attnotnull),
         bool_or(attname = 'agency_id')
    INTO has_sub, sub_not_null, has_agency
    FROM pg_attribute WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped;
  IF sub_not_null THEN
    predicate := 'sub_account_id = (SELECT app.current_sub_account_id())';
  ELSIF has_agency AND has_sub THEN
    predicate := 'agency_id = (SELECT app.current_agency_id()) AND ((SELECT app.current_sub_account_id()) IS NULL OR sub_account_id = (SELECT app.current_sub_account_id()))';
  ELSIF has_agency THEN
    predicate := 'agency_id = (SELECT app.current_agency_id())';
  ELSE
    RAISE EXCEPTION 'secure_tenant_table: % has no tenant key column', tbl;
  END IF;
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (%s) WITH CHECK (%s)', tbl, predicate, predicate);
  IF shared_read THEN
    IF NOT (has_agency AND has_sub AND NOT sub_not_null) THEN
      RAISE EXCEPTION 'secure_tenant_table: shared_read needs agency_id and a nullable sub_account_id on %', tbl;
    END IF;
    EXECUTE format('CREATE POLICY agency_rows_shared ON %s FOR SELECT USING (agency_id = (SELECT app.current_agency_id()) AND sub_account_id IS NULL)', tbl);
  END IF;
  EXECUTE format('GRANT %s ON %s TO openlevel_app', privileges, tbl);
  IF audit THEN
    EXECUTE format('CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION app.audit_row()', tbl);
  END IF;
END
$$;
--> statement-breakpoint
SELECT app.track_table(c.oid::regclass)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations';
--> statement-breakpoint
-- The two tenant roots get their own policies: an agency sees itself; a sub-account context sees
-- its own sub-account only, an agency context all of the agency's.
ALTER TABLE agencies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE agencies FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON agencies
  USING (id = (SELECT app.current_agency_id()))
  WITH CHECK (id = (SELECT app.current_agency_id()));
--> statement-breakpoint
GRANT SELECT, UPDATE ON agencies TO openlevel_app;
--> statement-breakpoint
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON agencies FOR EACH ROW EXECUTE FUNCTION app.audit_row();
--> statement-breakpoint
ALTER TABLE sub_accounts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sub_accounts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON sub_accounts
  USING (agency_id = (SELECT app.current_agency_id())
         AND ((SELECT app.requested_sub_account_id()) IS NULL OR id = (SELECT app.requested_sub_account_id())))
  WITH CHECK (agency_id = (SELECT app.current_agency_id())
         AND ((SELECT app.requested_sub_account_id()) IS NULL OR id = (SELECT app.requested_sub_account_id())));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON sub_accounts TO openlevel_app;
--> statement-breakpoint
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON sub_accounts FOR EACH ROW EXECUTE FUNCTION app.audit_row();
--> statement-breakpoint
SELECT app.secure_tenant_table('roles', 'SELECT, INSERT, UPDATE, DELETE', shared_read => true);
--> statement-breakpoint
SELECT app.secure_tenant_table('role_permissions', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT app.secure_tenant_table('agency_memberships', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT app.secure_tenant_table('sub_account_memberships', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT app.secure_tenant_table('invitations', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT app.secure_tenant_table('api_keys', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT app.secure_tenant_table('team_members', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT app.secure_tenant_table('audit_logs', 'SELECT', audit => false);
--> statement-breakpoint
COMMENT ON TABLE audit_logs IS '@no-audit: the audit log itself';
--> statement-breakpoint
-- Lets the audit trigger (running as the migrating role, its owner) insert when that role is not a
-- superuser: FORCE applies to owners too. Bound to that role only, so the runtime role could not
-- write entries even if it were ever granted INSERT.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY audit_trigger_insert ON audit_logs FOR INSERT TO %I WITH CHECK (true)', current_user);
END
$$;
--> statement-breakpoint
SELECT app.secure_tenant_table('outbox', 'SELECT, INSERT', audit => false);
--> statement-breakpoint
COMMENT ON TABLE outbox IS '@no-audit: domain events are themselves a record of the change';
--> statement-breakpoint
SELECT app.secure_tenant_table('event_deliveries', 'SELECT', audit => false);
--> statement-breakpoint
COMMENT ON TABLE event_deliveries IS '@no-audit: delivery bookkeeping of the outbox';
--> statement-breakpoint
-- Global tables the runtime role may read. users: never the password hash (column privileges).
GRANT SELECT (id, email, name, status, is_platform_admin, last_login_at, created_at, updated_at) ON users TO openlevel_app;
--> statement-breakpoint
GRANT SELECT ON permissions TO openlevel_app;
