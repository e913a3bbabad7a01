CREATE TABLE "opportunity_stage_visits" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"previous_entry_at" timestamp with time zone,
	"left_at" timestamp with time zone,
	"seconds_in_stage" bigint,
	"advanced" boolean DEFAULT false NOT NULL,
	"won" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opportunity_stage_visits_pkey" PRIMARY KEY("sub_account_id","id")
);
--> statement-breakpoint
ALTER TABLE "opportunity_stage_visits" ADD CONSTRAINT "opportunity_stage_visits_opportunity_fk" FOREIGN KEY ("sub_account_id","opportunity_id") REFERENCES "public"."opportunities"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opportunity_stage_visits_opportunity_idx" ON "opportunity_stage_visits" USING btree ("sub_account_id","opportunity_id","stage_id");--> statement-breakpoint
CREATE INDEX "opportunity_stage_visits_entered_idx" ON "opportunity_stage_visits" USING btree ("sub_account_id","pipeline_id","entered_at");--> statement-breakpoint
CREATE INDEX "opportunity_stage_visits_left_idx" ON "opportunity_stage_visits" USING btree ("sub_account_id","pipeline_id","left_at") WHERE "opportunity_stage_visits"."seconds_in_stage" is not null;--> statement-breakpoint
-- Stage visits: one row per time a card entered a stage, kept from the stage history by the
-- trigger below, so the metrics of a period read rows that already know what came after them.
SELECT app.track_table('opportunity_stage_visits');
--> statement-breakpoint
-- Only the trigger (SECURITY DEFINER) writes visits: the runtime role reads them.
SELECT app.secure_tenant_table('opportunity_stage_visits', 'SELECT', audit => false);
--> statement-breakpoint
COMMENT ON TABLE opportunity_stage_visits IS '@no-audit: derived from opportunity_stage_history by a trigger';
--> statement-breakpoint
-- For each history row: a stage change ends the card's open visit (an exit of its stage when the
-- card stays in the pipeline, with the seconds the history row measured), marks the card's earlier
-- visits in this pipeline to stages placed before the new one as advanced, and starts a visit; any
-- row that leaves the card won marks its visits in this pipeline as won (the new one included: a
-- move straight into won counts). "Placed before" compares the stages' positions at the time of
-- the move, so reordering stages later does not rewrite what happened.
CREATE OR REPLACE FUNCTION app.opportunity_visits() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, app, pg_temp
  AS $$
BEGIN
  IF NEW.from_stage_id IS DISTINCT FROM NEW.to_stage_id THEN
    UPDATE opportunity_stage_visits
       SET left_at = NEW.changed_at,
           seconds_in_stage = CASE WHEN pipeline_id = NEW.pipeline_id THEN NEW.seconds_in_from_stage END
     WHERE sub_account_id = NEW.sub_account_id AND opportunity_id = NEW.opportunity_id AND left_at IS NULL;
    UPDATE opportunity_stage_visits v SET advanced = true
      FROM pipeline_stages s, pipeline_stages t
     WHERE v.sub_account_id = NEW.sub_account_id AND v.opportunity_id = NEW.opportunity_id
       AND v.pipeline_id = NEW.pipeline_id AND NOT v.advanced
       AND s.sub_account_id = NEW.sub_account_id AND s.id = v.stage_id
       AND t.sub_account_id = NEW.sub_account_id AND t.id = NEW.to_stage_id AND s.position < t.position;
    INSERT INTO opportunity_stage_visits (sub_account_id, id, opportunity_id, pipeline_id, stage_id, entered_at,
                                          previous_entry_at, won)
    SELECT NEW.sub_account_id, NEW.id, NEW.opportunity_id, NEW.pipeline_id, NEW.to_stage_id, NEW.changed_at,
           max(v.entered_at), NEW.to_status = 'won'
      FROM opportunity_stage_visits v
     WHERE v.sub_account_id = NEW.sub_account_id AND v.opportunity_id = NEW.opportunity_id
       AND v.stage_id = NEW.to_stage_id;
  END IF;
  IF NEW.to_status = 'won' THEN
    UPDATE opportunity_stage_visits SET won = true
     WHERE sub_account_id = NEW.sub_account_id AND opportunity_id = NEW.opportunity_id
       AND pipeline_id = NEW.pipeline_id AND NOT won;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER opportunity_visits AFTER INSERT ON opportunity_stage_history
  FOR EACH ROW EXECUTE FUNCTION app.opportunity_visits();
--> statement-breakpoint
-- The same visits computed from the whole history at once (one sub-account, or all): for this
-- migration's backfill, and for loads that write history with triggers off. Unlike the trigger it
-- judges "placed before" by the stages' current positions.
CREATE OR REPLACE FUNCTION app.rebuild_opportunity_stage_visits(only_sub_account uuid DEFAULT NULL) RETURNS bigint
  LANGUAGE plpgsql SET search_path = public, app, pg_temp
  AS $$
DECLARE
  written bigint;
BEGIN
  DELETE FROM opportunity_stage_visits WHERE only_sub_account IS NULL OR sub_account_id = only_sub_account;
  INSERT INTO opportunity_stage_visits (sub_account_id, id, opportunity_id, pipeline_id, stage_id, entered_at,
                                        previous_entry_at, left_at, seconds_in_stage, advanced, won)
  SELECT e.sub_account_id, e.id, e.opportunity_id, e.pipeline_id, e.to_stage_id, e.changed_at,
         lag(e.changed_at) OVER (PARTITION BY e.opportunity_id, e.to_stage_id ORDER BY e.changed_at, e.id),
         e.next_at, CASE WHEN e.next_pipeline_id = e.pipeline_id THEN e.next_seconds END,
         coalesce(e.later_position > e.position, false), coalesce(e.won_later, false)
    FROM (SELECT m.*, lead(m.changed_at) OVER card AS next_at, lead(m.pipeline_id) OVER card AS next_pipeline_id,
                 lead(m.seconds_in_from_stage) OVER card AS next_seconds
            FROM (SELECT h.sub_account_id, h.id, h.opportunity_id, h.pipeline_id, h.to_stage_id, h.changed_at,
                         h.seconds_in_from_stage, s.position,
                         h.from_stage_id IS DISTINCT FROM h.to_stage_id AS entry,
                         -- This row and every later one of the card in this pipeline.
                         max(s.position) FILTER (WHERE h.from_stage_id IS DISTINCT FROM h.to_stage_id) OVER later
                           AS later_position,
                         bool_or(h.to_status = 'won') OVER later AS won_later
                    FROM opportunity_stage_history h
                    LEFT JOIN pipeline_stages s ON s.sub_account_id = h.sub_account_id AND s.id = h.to_stage_id
                   WHERE only_sub_account IS NULL OR h.sub_account_id = only_sub_account
                  WINDOW later AS (PARTITION BY h.sub_account_id, h.opportunity_id, h.pipeline_id ORDER BY h.changed_at DESC)) m
           WHERE m.entry
          WINDOW card AS (PARTITION BY m.sub_account_id, m.opportunity_id ORDER BY m.changed_at, m.id)) e
   -- In time order, as the trigger writes them: a period's visits share pages.
   ORDER BY e.changed_at;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
--> statement-breakpoint
SELECT app.rebuild_opportunity_stage_visits();
