-- Pipelines, part 2: the pipeline tables under the same rules as every tenant table, and the
-- triggers that keep an opportunity's version, stage clock and stage history.
SELECT app.track_table(t::regclass) FROM unnest(ARRAY[
  'pipelines', 'pipeline_stages', 'lost_reasons', 'opportunities', 'opportunity_stage_history'
]) AS t;
--> statement-breakpoint
SELECT app.secure_tenant_table(t::regclass, 'SELECT, INSERT, UPDATE, DELETE') FROM unnest(ARRAY[
  'pipelines', 'pipeline_stages', 'lost_reasons', 'opportunities'
]) AS t;
--> statement-breakpoint
-- The runtime role may only read the history: the trigger below (SECURITY DEFINER) is its only
-- writer, so a move cannot go unrecorded and a record cannot be forged or edited.
SELECT app.secure_tenant_table('opportunity_stage_history', 'SELECT', audit => false);
--> statement-breakpoint
COMMENT ON TABLE opportunity_stage_history IS '@no-audit: is itself the append-only trail of opportunity changes, written by a trigger';
--> statement-breakpoint
-- Every update bumps the version (If-Match); entering a stage restarts its clock; a status change
-- is stamped. Moving to another pipeline counts as entering a stage.
CREATE OR REPLACE FUNCTION app.opportunity_versioning() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.version := 1;
    NEW.stage_entered_at := now();
    NEW.status_changed_at := CASE WHEN NEW.status <> 'open' THEN now() END;
    RETURN NEW;
  END IF;
  NEW.version := OLD.version + 1;
  IF NEW.stage_id IS DISTINCT FROM OLD.stage_id OR NEW.pipeline_id IS DISTINCT FROM OLD.pipeline_id THEN
    NEW.stage_entered_at := now();
  ELSE
    NEW.stage_entered_at := OLD.stage_entered_at;
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    NEW.status_changed_at := now();
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER opportunity_versioning BEFORE INSERT OR UPDATE ON opportunities
  FOR EACH ROW EXECUTE FUNCTION app.opportunity_versioning();
--> statement-breakpoint
-- One history row when an opportunity is created and whenever its stage, status or value changes:
-- from and to of each, who (the context's user), and how long it sat in the stage it left.
CREATE OR REPLACE FUNCTION app.opportunity_history() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, app, pg_temp
  AS $$
DECLARE
  stage_changed boolean := TG_OP = 'UPDATE'
    AND (NEW.stage_id IS DISTINCT FROM OLD.stage_id OR NEW.pipeline_id IS DISTINCT FROM OLD.pipeline_id);
BEGIN
  IF TG_OP = 'UPDATE' AND NOT stage_changed AND NEW.status IS NOT DISTINCT FROM OLD.status
     AND NEW.monetary_value IS NOT DISTINCT FROM OLD.monetary_value THEN
    RETURN NULL;
  END IF;
  INSERT INTO opportunity_stage_history (sub_account_id, id, opportunity_id, pipeline_id, from_stage_id,
                                         to_stage_id, from_status, to_status, from_value, to_value,
                                         seconds_in_from_stage, changed_by_user_id, changed_at)
  VALUES (NEW.sub_account_id, app.uuid_v7(), NEW.id, NEW.pipeline_id,
          CASE WHEN TG_OP = 'UPDATE' THEN OLD.stage_id END, NEW.stage_id,
          CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status,
          CASE WHEN TG_OP = 'UPDATE' THEN OLD.monetary_value END, NEW.monetary_value,
          CASE WHEN stage_changed THEN floor(extract(epoch FROM now() - OLD.stage_entered_at))::bigint END,
          app.current_user_id(), now());
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER opportunity_history AFTER INSERT OR UPDATE ON opportunities
  FOR EACH ROW EXECUTE FUNCTION app.opportunity_history();
--> statement-breakpoint
-- Seed 000's forecast view: open opportunities per stage and currency with their weighted value.
-- security_invoker, so the caller's tenant context (RLS) applies, as it does to the tables.
CREATE VIEW v_pipeline_metrics WITH (security_invoker = true) AS
  SELECT s.sub_account_id, s.pipeline_id, s.id AS stage_id, s.name AS stage_name, s.position,
         s.win_probability, o.currency,
         count(o.id) AS open_count,
         coalesce(sum(o.monetary_value), 0)::bigint AS open_value,
         coalesce(round(sum(o.monetary_value * s.win_probability / 100.0)), 0)::bigint AS weighted_value
    FROM pipeline_stages s
    LEFT JOIN opportunities o
      ON o.sub_account_id = s.sub_account_id AND o.stage_id = s.id
     AND o.status = 'open' AND o.deleted_at IS NULL
   GROUP BY s.sub_account_id, s.pipeline_id, s.id, s.name, s.position, s.win_probability, o.currency;
--> statement-breakpoint
GRANT SELECT ON v_pipeline_metrics TO openlevel_app;
