-- The access epoch: a counter that every transaction changing who may do what moves forward once,
-- with a row in app.access_changes naming what it changed (a session, a user, an API key, or an
-- agency's roles, memberships and sub-accounts). Both commit with the change, so they become visible
-- exactly when it does. Processes cache credentials and resolved permissions; each request asks
-- for the changes after the epoch the process has applied (one indexed statement, usually empty)
-- and drops the entries they name, or everything when it missed some (platform/auth/access-cache.ts).
-- No LISTEN connection: it works the same behind a transaction pooler, and a change is never
-- missed by a request that starts after the change committed.
CREATE TABLE app.access_epoch (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  epoch bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO app.access_epoch (epoch) VALUES (0);
--> statement-breakpoint
CREATE TABLE app.access_changes (
  epoch bigint PRIMARY KEY,
  tags text[] NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- TG_ARGV[0]: the tag's kind; TG_ARGV[1]: the column naming it; the rest: columns whose changes
-- do not matter to access (last use, last seen, names), so touching them bumps nothing.
CREATE OR REPLACE FUNCTION app.bump_access_epoch() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = app, pg_temp
AS $$
DECLARE
  ignored text[] := TG_ARGV[2:];
  tag text := TG_ARGV[0] || ':' || (to_jsonb(coalesce(NEW, OLD)) ->> TG_ARGV[1]);
  this_epoch bigint := nullif(current_setting('app.access_epoch_tx', true), '')::bigint;
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) - ignored) = (to_jsonb(NEW) - ignored) THEN
    RETURN NULL;
  END IF;
  IF this_epoch IS NULL THEN
    -- First change of this transaction: one step of the epoch, however many rows follow. The row
    -- lock orders concurrent writers, so epochs are contiguous in commit order.
    UPDATE app.access_epoch SET epoch = epoch + 1 RETURNING epoch INTO this_epoch;
    PERFORM set_config('app.access_epoch_tx', this_epoch::text, true);
    INSERT INTO app.access_changes (epoch, tags) VALUES (this_epoch, ARRAY[tag]);
    -- Processes idle for a day flush everything anyway (they see a gap): keep a day.
    IF this_epoch % 100 = 0 THEN
      DELETE FROM app.access_changes WHERE changed_at < now() - interval '1 day';
    END IF;
  ELSE
    UPDATE app.access_changes SET tags = array_append(tags, tag)
     WHERE epoch = this_epoch AND NOT (tag = ANY (tags));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_access_epoch AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION app.bump_access_epoch('session', 'id', 'last_seen_at', 'updated_at');
--> statement-breakpoint
CREATE TRIGGER users_access_epoch AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION app.bump_access_epoch('user', 'id', 'last_login_at', 'updated_at');
--> statement-breakpoint
CREATE TRIGGER api_keys_access_epoch AFTER UPDATE OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION app.bump_access_epoch('api_key', 'id', 'last_used_at', 'updated_at');
--> statement-breakpoint
CREATE TRIGGER agency_memberships_access_epoch AFTER INSERT OR UPDATE OR DELETE ON agency_memberships
  FOR EACH ROW EXECUTE FUNCTION app.bump_access_epoch('agency', 'agency_id');
--> statement-breakpoint
CREATE TRIGGER sub_account_memberships_access_epoch AFTER INSERT OR UPDATE OR DELETE ON sub_account_memberships
  FOR EACH ROW EXECUTE FUNCTION app.bump_access_epoch('agency', 'agency_id');
--> statement-breakpoint
CREATE TRIGGER roles_access_epoch AFTER UPDATE OR DELETE ON roles
  FOR EACH ROW EXECUTE FUNCTION app.bump_access_epoch('agency', 'agency_id', 'updated_at', 'name', 'description');
--> statement-breakpoint
CREATE TRIGGER role_permissions_access_epoch AFTER INSERT OR UPDATE OR DELETE ON role_permissions
  FOR EACH ROW EXECUTE FUNCTION app.bump_access_epoch('agency', 'agency_id');
--> statement-breakpoint
CREATE TRIGGER sub_accounts_access_epoch AFTER UPDATE OR DELETE ON sub_accounts
  FOR EACH ROW EXECUTE FUNCTION app.bump_access_epoch('agency', 'agency_id', 'updated_at', 'name', 'email', 'phone', 'website', 'timezone', 'settings');
--> statement-breakpoint
CREATE TRIGGER agencies_access_epoch AFTER UPDATE OR DELETE ON agencies
  FOR EACH ROW EXECUTE FUNCTION app.bump_access_epoch('agency', 'id', 'updated_at', 'name', 'white_label', 'plan');
--> statement-breakpoint
-- A read inside a tenant trusts its caller as of the epoch its process applied and asserts it in
-- the transaction's opening round trip: raises OL001 when access changed since (the app resolves
-- the caller again and retries).
CREATE OR REPLACE FUNCTION app.assert_access_epoch(expected bigint) RETURNS void
  LANGUAGE plpgsql STABLE SET search_path = app, pg_temp
AS $$
BEGIN
  IF (SELECT epoch FROM app.access_epoch) <> expected THEN
    RAISE EXCEPTION 'access changed since epoch %', expected USING ERRCODE = 'OL001';
  END IF;
END
$$;
