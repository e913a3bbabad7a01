CREATE TABLE "contact_bulk_actions" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"action" text NOT NULL,
	"selection" jsonb NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"total_count" integer,
	"processed_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_by_user_id" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_bulk_actions_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "contact_bulk_actions_action_check" CHECK ("contact_bulk_actions"."action" in ('tag', 'untag', 'assign', 'set_status', 'delete')),
	CONSTRAINT "contact_bulk_actions_status_check" CHECK ("contact_bulk_actions"."status" in ('pending', 'running', 'completed', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "contact_tags" (
	"sub_account_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_tags_pkey" PRIMARY KEY("sub_account_id","contact_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"first_name" text,
	"last_name" text,
	"full_name" text GENERATED ALWAYS AS (btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) STORED,
	"email" "citext",
	"phone" text,
	"phone_digits" text GENERATED ALWAYS AS (regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g')) STORED,
	"additional_phones" text[] DEFAULT '{}'::text[] NOT NULL,
	"company_name" text,
	"address" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"timezone" text,
	"date_of_birth" date,
	"type" text DEFAULT 'lead' NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"lifecycle_stage" text,
	"source" text,
	"source_details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"utm_source" text,
	"utm_medium" text,
	"utm_campaign" text,
	"utm_term" text,
	"utm_content" text,
	"lead_score" integer DEFAULT 0 NOT NULL,
	"ai_score" numeric(5, 2),
	"assigned_user_id" uuid,
	"follower_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"consent" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"external_ids" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "contacts_type_check" CHECK ("contacts"."type" in ('lead', 'customer')),
	CONSTRAINT "contacts_status_check" CHECK ("contacts"."status" in ('new', 'contacted', 'qualified', 'converted', 'lost')),
	CONSTRAINT "contacts_lifecycle_check" CHECK ("contacts"."lifecycle_stage" is null or "contacts"."lifecycle_stage" in ('subscriber', 'lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer', 'evangelist', 'other')),
	CONSTRAINT "contacts_ai_score_check" CHECK ("contacts"."ai_score" is null or "contacts"."ai_score" between 0 and 100),
	CONSTRAINT "contacts_phone_e164_check" CHECK ("contacts"."phone" is null or "contacts"."phone" ~ '^\+[1-9][0-9]{6,14}$')
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" "citext" NOT NULL,
	"color" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tags_pkey" PRIMARY KEY("sub_account_id","id")
);
--> statement-breakpoint
CREATE TABLE "custom_field_definitions" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"object_type" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"is_unique" boolean DEFAULT false NOT NULL,
	"default_value" jsonb,
	"group_name" text,
	"position" integer DEFAULT 0 NOT NULL,
	"filterable" boolean DEFAULT false NOT NULL,
	"index_name" text,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_field_definitions_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "custom_field_definitions_object_type_check" CHECK ("custom_field_definitions"."object_type" in ('contact', 'opportunity')),
	CONSTRAINT "custom_field_definitions_key_check" CHECK ("custom_field_definitions"."key" ~ '^[a-z][a-z0-9_]{0,62}$'),
	CONSTRAINT "custom_field_definitions_type_check" CHECK ("custom_field_definitions"."type" in ('text', 'long_text', 'number', 'money', 'date', 'datetime', 'boolean', 'single_select', 'multi_select', 'phone', 'email', 'url'))
);
--> statement-breakpoint
CREATE TABLE "notes" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"body" text NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"author_user_id" uuid,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notes_pkey" PRIMARY KEY("sub_account_id","id")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"due_at" timestamp with time zone,
	"assignee_user_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"completed_at" timestamp with time zone,
	"reminder_at" timestamp with time zone,
	"reminder_sent_at" timestamp with time zone,
	"created_by_user_id" uuid,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "tasks_status_check" CHECK ("tasks"."status" in ('open', 'completed'))
);
--> statement-breakpoint
CREATE TABLE "smart_list_memberships" (
	"sub_account_id" uuid NOT NULL,
	"smart_list_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "smart_list_memberships_pkey" PRIMARY KEY("sub_account_id","smart_list_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "smart_lists" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"filter" jsonb NOT NULL,
	"visibility" text DEFAULT 'shared' NOT NULL,
	"owner_user_id" uuid,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "smart_lists_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "smart_lists_visibility_check" CHECK ("smart_lists"."visibility" in ('shared', 'private'))
);
--> statement-breakpoint
CREATE TABLE "contact_import_chunks" (
	"sub_account_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_import_chunks_pkey" PRIMARY KEY("sub_account_id","import_id","seq")
);
--> statement-breakpoint
CREATE TABLE "contact_import_errors" (
	"sub_account_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_import_errors_pkey" PRIMARY KEY("sub_account_id","import_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "contact_imports" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_bytes" bigint DEFAULT 0 NOT NULL,
	"delimiter" text,
	"headers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"duplicate_policy" text DEFAULT 'skip' NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"total_rows" integer,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"tag_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by_user_id" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_imports_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "contact_imports_policy_check" CHECK ("contact_imports"."duplicate_policy" in ('skip', 'update', 'create')),
	CONSTRAINT "contact_imports_status_check" CHECK ("contact_imports"."status" in ('uploaded', 'queued', 'running', 'completed', 'failed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "contact_bulk_actions" ADD CONSTRAINT "contact_bulk_actions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_bulk_actions" ADD CONSTRAINT "contact_bulk_actions_sub_account_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."sub_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_tags" ADD CONSTRAINT "contact_tags_contact_fk" FOREIGN KEY ("sub_account_id","contact_id") REFERENCES "public"."contacts"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_tags" ADD CONSTRAINT "contact_tags_tag_fk" FOREIGN KEY ("sub_account_id","tag_id") REFERENCES "public"."tags"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_assigned_user_id_users_id_fk" FOREIGN KEY ("assigned_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_sub_account_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."sub_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_sub_account_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."sub_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_field_definitions" ADD CONSTRAINT "custom_field_definitions_sub_account_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."sub_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_contact_fk" FOREIGN KEY ("sub_account_id","contact_id") REFERENCES "public"."contacts"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_contact_fk" FOREIGN KEY ("sub_account_id","contact_id") REFERENCES "public"."contacts"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "smart_list_memberships" ADD CONSTRAINT "smart_list_memberships_list_fk" FOREIGN KEY ("sub_account_id","smart_list_id") REFERENCES "public"."smart_lists"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "smart_list_memberships" ADD CONSTRAINT "smart_list_memberships_contact_fk" FOREIGN KEY ("sub_account_id","contact_id") REFERENCES "public"."contacts"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "smart_lists" ADD CONSTRAINT "smart_lists_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "smart_lists" ADD CONSTRAINT "smart_lists_sub_account_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."sub_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_import_chunks" ADD CONSTRAINT "contact_import_chunks_import_fk" FOREIGN KEY ("sub_account_id","import_id") REFERENCES "public"."contact_imports"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_import_errors" ADD CONSTRAINT "contact_import_errors_import_fk" FOREIGN KEY ("sub_account_id","import_id") REFERENCES "public"."contact_imports"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_imports" ADD CONSTRAINT "contact_imports_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_imports" ADD CONSTRAINT "contact_imports_sub_account_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."sub_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_bulk_actions_created_by_idx" ON "contact_bulk_actions" USING btree ("created_by_user_id");--> statement-breakpoint
CREATE INDEX "contact_tags_tag_idx" ON "contact_tags" USING btree ("sub_account_id","tag_id","contact_id");--> statement-breakpoint
CREATE INDEX "contacts_assigned_user_idx" ON "contacts" USING btree ("assigned_user_id");--> statement-breakpoint
CREATE INDEX "contacts_created_idx" ON "contacts" USING btree ("sub_account_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "contacts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_updated_idx" ON "contacts" USING btree ("sub_account_id","updated_at" DESC NULLS LAST) WHERE "contacts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_email_idx" ON "contacts" USING btree ("sub_account_id","email");--> statement-breakpoint
CREATE INDEX "contacts_phone_idx" ON "contacts" USING btree ("sub_account_id","phone");--> statement-breakpoint
CREATE INDEX "contacts_status_idx" ON "contacts" USING btree ("sub_account_id","status","created_at" DESC NULLS LAST) WHERE "contacts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_assigned_idx" ON "contacts" USING btree ("sub_account_id","assigned_user_id") WHERE "contacts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_search_name_idx" ON "contacts" USING gin ("sub_account_id","full_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_search_email_idx" ON "contacts" USING gin ("sub_account_id",("email"::text) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_search_phone_idx" ON "contacts" USING gin ("sub_account_id","phone_digits" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_external_ids_idx" ON "contacts" USING gin ("sub_account_id","external_ids" jsonb_path_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "tags_name_key" ON "tags" USING btree ("sub_account_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "custom_field_definitions_key_key" ON "custom_field_definitions" USING btree ("sub_account_id","object_type","key") WHERE "custom_field_definitions"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "custom_field_definitions_position_idx" ON "custom_field_definitions" USING btree ("sub_account_id","object_type","position");--> statement-breakpoint
CREATE INDEX "notes_contact_idx" ON "notes" USING btree ("sub_account_id","contact_id","pinned" DESC NULLS LAST,"created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notes_author_idx" ON "notes" USING btree ("author_user_id");--> statement-breakpoint
CREATE INDEX "tasks_contact_idx" ON "tasks" USING btree ("sub_account_id","contact_id","due_at");--> statement-breakpoint
CREATE INDEX "tasks_assignee_due_idx" ON "tasks" USING btree ("sub_account_id","assignee_user_id","due_at") WHERE "tasks"."status" = 'open' and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_assignee_user_idx" ON "tasks" USING btree ("assignee_user_id");--> statement-breakpoint
CREATE INDEX "tasks_created_by_idx" ON "tasks" USING btree ("created_by_user_id");--> statement-breakpoint
CREATE INDEX "smart_list_memberships_contact_idx" ON "smart_list_memberships" USING btree ("sub_account_id","contact_id");--> statement-breakpoint
CREATE INDEX "smart_lists_owner_idx" ON "smart_lists" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "contact_imports_created_by_idx" ON "contact_imports" USING btree ("created_by_user_id");