CREATE TABLE "pipeline_stage_totals" (
	"sub_account_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"value" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pipeline_stage_totals_pkey" PRIMARY KEY("sub_account_id","pipeline_id","stage_id","status","currency")
);
--> statement-breakpoint
ALTER TABLE "pipeline_stage_totals" ADD CONSTRAINT "pipeline_stage_totals_stage_fk" FOREIGN KEY ("sub_account_id","pipeline_id","stage_id") REFERENCES "public"."pipeline_stages"("sub_account_id","pipeline_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opportunities_deleted_idx" ON "opportunities" USING btree ("sub_account_id","id") WHERE "opportunities"."deleted_at" is not null;--> statement-breakpoint
-- Column totals of the board, kept by the database as cards are created, moved, changed and
-- deleted, so a board load reads a handful of rows instead of aggregating every card.
SELECT app.track_table('pipeline_stage_totals');
--> statement-breakpoint
-- Only the trigger below (SECURITY DEFINER) writes the totals: the runtime role reads them.
SELECT app.secure_tenant_table('pipeline_stage_totals', 'SELECT', audit => false);
--> statement-breakpoint
COMMENT ON TABLE pipeline_stage_totals IS '@no-audit: derived from opportunities by a trigger';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.opportunity_totals() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, app, pg_temp
  AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.pipeline_id = OLD.pipeline_id AND NEW.stage_id = OLD.stage_id AND NEW.status = OLD.status
     AND NEW.currency = OLD.currency AND NEW.monetary_value = OLD.monetary_value
     AND (NEW.deleted_at IS NULL) = (OLD.deleted_at IS NULL) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
    UPDATE pipeline_stage_totals SET count = count - 1, value = value - OLD.monetary_value
     WHERE sub_account_id = OLD.sub_account_id AND pipeline_id = OLD.pipeline_id AND stage_id = OLD.stage_id
       AND status = OLD.status AND currency = OLD.currency;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
    INSERT INTO pipeline_stage_totals AS t (sub_account_id, pipeline_id, stage_id, status, currency, count, value)
    VALUES (NEW.sub_account_id, NEW.pipeline_id, NEW.stage_id, NEW.status, NEW.currency, 1, NEW.monetary_value)
    ON CONFLICT (sub_account_id, pipeline_id, stage_id, status, currency)
    DO UPDATE SET count = t.count + 1, value = t.value + EXCLUDED.value;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER opportunity_totals AFTER INSERT OR UPDATE OR DELETE ON opportunities
  FOR EACH ROW EXECUTE FUNCTION app.opportunity_totals();
--> statement-breakpoint
INSERT INTO pipeline_stage_totals (sub_account_id, pipeline_id, stage_id, status, currency, count, value)
  SELECT sub_account_id, pipeline_id, stage_id, status, currency, count(*), sum(monetary_value)
    FROM opportunities WHERE deleted_at IS NULL
   GROUP BY sub_account_id, pipeline_id, stage_id, status, currency;
