CREATE TABLE "lost_reasons" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" "citext" NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lost_reasons_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "lost_reasons_name_check" CHECK (length(btrim("lost_reasons"."name"::text)) between 1 and 120)
);
--> statement-breakpoint
CREATE TABLE "pipeline_stages" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"win_probability" smallint DEFAULT 0 NOT NULL,
	"rotting_days" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pipeline_stages_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "pipeline_stages_name_check" CHECK (length(btrim("pipeline_stages"."name")) between 1 and 120),
	CONSTRAINT "pipeline_stages_win_probability_check" CHECK ("pipeline_stages"."win_probability" between 0 and 100),
	CONSTRAINT "pipeline_stages_rotting_days_check" CHECK ("pipeline_stages"."rotting_days" is null or "pipeline_stages"."rotting_days" between 1 and 3650)
);
--> statement-breakpoint
CREATE TABLE "pipelines" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" "citext" NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pipelines_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "pipelines_name_check" CHECK (length(btrim("pipelines"."name"::text)) between 1 and 120)
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"name" text NOT NULL,
	"monetary_value" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"lost_reason_id" uuid,
	"assigned_user_id" uuid,
	"follower_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"source" text,
	"expected_close_date" date,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stage_entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opportunities_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "opportunities_name_check" CHECK (length(btrim("opportunities"."name")) between 1 and 200),
	CONSTRAINT "opportunities_monetary_value_check" CHECK ("opportunities"."monetary_value" >= 0),
	CONSTRAINT "opportunities_currency_check" CHECK ("opportunities"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "opportunities_status_check" CHECK ("opportunities"."status" in ('open', 'won', 'lost', 'abandoned')),
	CONSTRAINT "opportunities_lost_reason_check" CHECK ("opportunities"."lost_reason_id" is null or "opportunities"."status" = 'lost')
);
--> statement-breakpoint
CREATE TABLE "opportunity_stage_history" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"from_stage_id" uuid,
	"to_stage_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"from_value" bigint,
	"to_value" bigint NOT NULL,
	"seconds_in_from_stage" bigint,
	"changed_by_user_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opportunity_stage_history_pkey" PRIMARY KEY("sub_account_id","id")
);
--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "opportunity_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "opportunity_id" uuid;--> statement-breakpoint
-- Before the foreign keys: opportunities_stage_fk references this unique index.
CREATE UNIQUE INDEX "pipeline_stages_pipeline_stage_key" ON "pipeline_stages" USING btree ("sub_account_id","pipeline_id","id");--> statement-breakpoint
ALTER TABLE "lost_reasons" ADD CONSTRAINT "lost_reasons_sub_account_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."sub_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD CONSTRAINT "pipeline_stages_pipeline_fk" FOREIGN KEY ("sub_account_id","pipeline_id") REFERENCES "public"."pipelines"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_sub_account_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."sub_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_assigned_user_id_users_id_fk" FOREIGN KEY ("assigned_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_pipeline_fk" FOREIGN KEY ("sub_account_id","pipeline_id") REFERENCES "public"."pipelines"("sub_account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_stage_fk" FOREIGN KEY ("sub_account_id","pipeline_id","stage_id") REFERENCES "public"."pipeline_stages"("sub_account_id","pipeline_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_contact_fk" FOREIGN KEY ("sub_account_id","contact_id") REFERENCES "public"."contacts"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_lost_reason_fk" FOREIGN KEY ("sub_account_id","lost_reason_id") REFERENCES "public"."lost_reasons"("sub_account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stage_history" ADD CONSTRAINT "opportunity_stage_history_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stage_history" ADD CONSTRAINT "opportunity_stage_history_opportunity_fk" FOREIGN KEY ("sub_account_id","opportunity_id") REFERENCES "public"."opportunities"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lost_reasons_name_key" ON "lost_reasons" USING btree ("sub_account_id","name");--> statement-breakpoint
CREATE INDEX "pipeline_stages_position_idx" ON "pipeline_stages" USING btree ("sub_account_id","pipeline_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "pipelines_name_key" ON "pipelines" USING btree ("sub_account_id","name");--> statement-breakpoint
CREATE INDEX "opportunities_board_idx" ON "opportunities" USING btree ("sub_account_id","pipeline_id","stage_id","status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "opportunities"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "opportunities_pipeline_idx" ON "opportunities" USING btree ("sub_account_id","pipeline_id","stage_id");--> statement-breakpoint
CREATE INDEX "opportunities_list_idx" ON "opportunities" USING btree ("sub_account_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "opportunities"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "opportunities_contact_idx" ON "opportunities" USING btree ("sub_account_id","contact_id","pipeline_id");--> statement-breakpoint
CREATE INDEX "opportunities_lost_reason_idx" ON "opportunities" USING btree ("sub_account_id","lost_reason_id");--> statement-breakpoint
CREATE INDEX "opportunities_assigned_user_idx" ON "opportunities" USING btree ("assigned_user_id");--> statement-breakpoint
CREATE INDEX "opportunities_assigned_idx" ON "opportunities" USING btree ("sub_account_id","assigned_user_id","status") WHERE "opportunities"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "opportunity_stage_history_opportunity_idx" ON "opportunity_stage_history" USING btree ("sub_account_id","opportunity_id","changed_at");--> statement-breakpoint
CREATE INDEX "opportunity_stage_history_pipeline_idx" ON "opportunity_stage_history" USING btree ("sub_account_id","pipeline_id","changed_at");--> statement-breakpoint
CREATE INDEX "opportunity_stage_history_changed_by_idx" ON "opportunity_stage_history" USING btree ("changed_by_user_id");--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_opportunity_fk" FOREIGN KEY ("sub_account_id","opportunity_id") REFERENCES "public"."opportunities"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_opportunity_fk" FOREIGN KEY ("sub_account_id","opportunity_id") REFERENCES "public"."opportunities"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notes_opportunity_idx" ON "notes" USING btree ("sub_account_id","opportunity_id");--> statement-breakpoint
CREATE INDEX "tasks_opportunity_idx" ON "tasks" USING btree ("sub_account_id","opportunity_id");