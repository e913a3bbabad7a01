-- Opportunity clocks read the wall clock, not the transaction's start: a move that waited for
-- another move's row lock started before that move committed, so now() would order the two
-- history rows backwards and give the second a negative time in stage.
CREATE OR REPLACE FUNCTION app.opportunity_versioning() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.version := 1;
    NEW.stage_entered_at := clock_timestamp();
    NEW.status_changed_at := CASE WHEN NEW.status <> 'open' THEN clock_timestamp() END;
    RETURN NEW;
  END IF;
  NEW.version := OLD.version + 1;
  IF NEW.stage_id IS DISTINCT FROM OLD.stage_id OR NEW.pipeline_id IS DISTINCT FROM OLD.pipeline_id THEN
    NEW.stage_entered_at := clock_timestamp();
  ELSE
    NEW.stage_entered_at := OLD.stage_entered_at;
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    NEW.status_changed_at := clock_timestamp();
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.opportunity_history() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, app, pg_temp
  AS $$
DECLARE
  stage_changed boolean := TG_OP = 'UPDATE'
    AND (NEW.stage_id IS DISTINCT FROM OLD.stage_id OR NEW.pipeline_id IS DISTINCT FROM OLD.pipeline_id);
  at timestamptz := clock_timestamp();
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
          CASE WHEN stage_changed THEN greatest(floor(extract(epoch FROM at - OLD.stage_entered_at)), 0)::bigint END,
          app.current_user_id(), at);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A contact's timeline reads its opportunities' audit entries by contact id.
CREATE INDEX audit_logs_opportunity_contact_idx ON audit_logs (agency_id, ((coalesce(new_data, old_data)->>'contact_id')), created_at DESC)
  WHERE table_name = 'opportunities';
