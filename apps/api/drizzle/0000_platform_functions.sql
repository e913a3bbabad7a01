-- Platform foundation, part 1: extensions, the runtime role and the functions every table uses.
-- Tables come in the next (generated) migration; 0002 secures them with these functions.

CREATE EXTENSION IF NOT EXISTS citext;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pgcrypto;
--> statement-breakpoint
-- The role tenant transactions switch to (SET LOCAL ROLE). It owns nothing and cannot bypass RLS.
-- Roles are cluster-wide, so a second database on the same server reuses it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'openlevel_app') THEN
    CREATE ROLE openlevel_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
-- The migrating role must be able to switch to the runtime role (a no-op for superusers).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'openlevel_app', 'MEMBER') THEN
    EXECUTE format('GRANT openlevel_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA app TO openlevel_app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO openlevel_app;
--> statement-breakpoint
-- Tenant context, set per transaction with SET LOCAL; '' (never set, or reset) reads as NULL.
CREATE OR REPLACE FUNCTION app.current_agency_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.agency_id', true), '')::uuid $$;
--> statement-breakpoint
-- The sub-account as the context names it; policies use app.current_sub_account_id() (0002),
-- which also checks that it belongs to the context's agency.
CREATE OR REPLACE FUNCTION app.requested_sub_account_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.sub_account_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.current_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
-- Time-ordered UUIDs for rows the database creates itself (audit entries); the application makes
-- its own. PostgreSQL 18 has uuidv7(), 15 does not, so this is the portable version.
CREATE OR REPLACE FUNCTION app.uuid_v7() RETURNS uuid
  LANGUAGE plpgsql VOLATILE
  AS $$
DECLARE
  ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000);
  bytes bytea := gen_random_bytes(16);
BEGIN
  bytes := overlay(bytes PLACING substring(int8send(ms) FROM 3) FROM 1 FOR 6);
  bytes := set_byte(bytes, 6, (get_byte(bytes, 6) & 15) | 112);
  bytes := set_byte(bytes, 8, (get_byte(bytes, 8) & 63) | 128);
  RETURN encode(bytes, 'hex')::uuid;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.touch_updated_at() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
