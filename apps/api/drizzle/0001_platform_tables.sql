CREATE TABLE "agencies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"white_label" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"plan" text DEFAULT 'starter' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_plan_check" CHECK ("agencies"."plan" in ('free', 'starter', 'pro', 'enterprise')),
	CONSTRAINT "agencies_status_check" CHECK ("agencies"."status" in ('active', 'suspended', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "sub_accounts" (
	"id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"website" text,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"default_country" char(2) DEFAULT 'US' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sub_accounts_pkey" PRIMARY KEY("id"),
	CONSTRAINT "sub_accounts_agency_id_id_key" UNIQUE("agency_id","id"),
	CONSTRAINT "sub_accounts_status_check" CHECK ("sub_accounts"."status" in ('active', 'suspended')),
	CONSTRAINT "sub_accounts_default_country_check" CHECK ("sub_accounts"."default_country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "login_throttles" (
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "login_throttles_pkey" PRIMARY KEY("kind","key"),
	CONSTRAINT "login_throttles_kind_check" CHECK ("login_throttles"."kind" in ('email', 'ip'))
);
--> statement-breakpoint
CREATE TABLE "password_resets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "password_resets_token_hash_key" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_token_hash_key" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" "citext" NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"status" text DEFAULT 'active' NOT NULL,
	"is_platform_admin" boolean DEFAULT false NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_key" UNIQUE("email"),
	CONSTRAINT "users_status_check" CHECK ("users"."status" in ('active', 'disabled'))
);
--> statement-breakpoint
CREATE TABLE "agency_memberships" (
	"agency_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_memberships_pkey" PRIMARY KEY("agency_id","id"),
	CONSTRAINT "agency_memberships_agency_user_key" UNIQUE("agency_id","user_id"),
	CONSTRAINT "agency_memberships_status_check" CHECK ("agency_memberships"."status" in ('active', 'suspended'))
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"agency_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"sub_account_id" uuid,
	"email" "citext" NOT NULL,
	"role_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by_user_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_user_id" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_pkey" PRIMARY KEY("agency_id","id")
);
--> statement-breakpoint
CREATE TABLE "permissions" (
	"key" text PRIMARY KEY NOT NULL,
	"resource" text NOT NULL,
	"action" text NOT NULL,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "permissions_action_check" CHECK ("permissions"."action" in ('create', 'read', 'update', 'delete', 'approve')),
	CONSTRAINT "permissions_key_check" CHECK ("permissions"."key" = "permissions"."resource" || ':' || "permissions"."action")
);
--> statement-breakpoint
CREATE TABLE "role_permissions" (
	"agency_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"permission_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_permissions_pkey" PRIMARY KEY("agency_id","role_id","permission_key")
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"agency_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"sub_account_id" uuid,
	"key" text,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"scope" text NOT NULL,
	"is_builtin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roles_pkey" PRIMARY KEY("agency_id","id"),
	CONSTRAINT "roles_agency_key_key" UNIQUE("agency_id","key"),
	CONSTRAINT "roles_scope_check" CHECK ("roles"."scope" in ('agency', 'sub_account'))
);
--> statement-breakpoint
CREATE TABLE "sub_account_memberships" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"granted_permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"revoked_permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sub_account_memberships_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "sub_account_memberships_user_key" UNIQUE("sub_account_id","user_id"),
	CONSTRAINT "sub_account_memberships_status_check" CHECK ("sub_account_memberships"."status" in ('active', 'suspended'))
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"agency_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"sub_account_id" uuid,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"role_id" uuid NOT NULL,
	"created_by_user_id" uuid,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_pkey" PRIMARY KEY("agency_id","id")
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"email" "citext",
	"phone" text,
	"title" text,
	"external_ids" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"commission_type" text DEFAULT 'none' NOT NULL,
	"commission_rate_bps" integer,
	"commission_fixed_minor" bigint,
	"currency" char(3),
	"status" text DEFAULT 'active' NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "team_members_user_key" UNIQUE("sub_account_id","user_id"),
	CONSTRAINT "team_members_status_check" CHECK ("team_members"."status" in ('active', 'inactive')),
	CONSTRAINT "team_members_commission_type_check" CHECK ("team_members"."commission_type" in ('none', 'percentage', 'fixed')),
	CONSTRAINT "team_members_commission_rate_check" CHECK ("team_members"."commission_rate_bps" is null or "team_members"."commission_rate_bps" between 0 and 10000),
	CONSTRAINT "team_members_commission_shape_check" CHECK (("team_members"."commission_type" <> 'percentage' or "team_members"."commission_rate_bps" is not null)
        and ("team_members"."commission_type" <> 'fixed' or ("team_members"."commission_fixed_minor" >= 0 and "team_members"."currency" is not null)))
);
--> statement-breakpoint
CREATE TABLE "audit_logs" (
	"agency_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"sub_account_id" uuid,
	"table_name" text NOT NULL,
	"row_id" text,
	"action" text NOT NULL,
	"actor_user_id" uuid,
	"old_data" jsonb,
	"new_data" jsonb,
	"changed_fields" text[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_logs_pkey" PRIMARY KEY("agency_id","id"),
	CONSTRAINT "audit_logs_action_check" CHECK ("audit_logs"."action" in ('insert', 'update', 'delete'))
);
--> statement-breakpoint
CREATE TABLE "dev_outbox_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"idempotency_key" text,
	"from_address" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text,
	"text_body" text NOT NULL,
	"html_body" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dev_outbox_messages_idempotency_key_key" UNIQUE("idempotency_key"),
	CONSTRAINT "dev_outbox_messages_channel_check" CHECK ("dev_outbox_messages"."channel" in ('email', 'sms', 'imessage', 'whatsapp'))
);
--> statement-breakpoint
CREATE TABLE "event_deliveries" (
	"agency_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"subscriber" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_deliveries_pkey" PRIMARY KEY("agency_id","event_id","subscriber"),
	CONSTRAINT "event_deliveries_status_check" CHECK ("event_deliveries"."status" in ('pending', 'delivered', 'dead'))
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"agency_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"sub_account_id" uuid,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"actor_user_id" uuid,
	"dispatched_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_pkey" PRIMARY KEY("agency_id","id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"principal" text NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text DEFAULT 'running' NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_principal_key_key" UNIQUE("principal","key"),
	CONSTRAINT "idempotency_keys_state_check" CHECK ("idempotency_keys"."state" in ('running', 'completed'))
);
--> statement-breakpoint
ALTER TABLE "sub_accounts" ADD CONSTRAINT "sub_accounts_agency_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_resets" ADD CONSTRAINT "password_resets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_memberships" ADD CONSTRAINT "agency_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_memberships" ADD CONSTRAINT "agency_memberships_agency_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_memberships" ADD CONSTRAINT "agency_memberships_role_fk" FOREIGN KEY ("agency_id","role_id") REFERENCES "public"."roles"("agency_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_user_id_users_id_fk" FOREIGN KEY ("invited_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_user_id_users_id_fk" FOREIGN KEY ("accepted_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_agency_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_sub_account_fk" FOREIGN KEY ("agency_id","sub_account_id") REFERENCES "public"."sub_accounts"("agency_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_role_fk" FOREIGN KEY ("agency_id","role_id") REFERENCES "public"."roles"("agency_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_permissions" ADD CONSTRAINT "role_permissions_permission_key_permissions_key_fk" FOREIGN KEY ("permission_key") REFERENCES "public"."permissions"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_permissions" ADD CONSTRAINT "role_permissions_role_fk" FOREIGN KEY ("agency_id","role_id") REFERENCES "public"."roles"("agency_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_agency_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_sub_account_fk" FOREIGN KEY ("agency_id","sub_account_id") REFERENCES "public"."sub_accounts"("agency_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sub_account_memberships" ADD CONSTRAINT "sub_account_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sub_account_memberships" ADD CONSTRAINT "sub_account_memberships_sub_account_fk" FOREIGN KEY ("agency_id","sub_account_id") REFERENCES "public"."sub_accounts"("agency_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sub_account_memberships" ADD CONSTRAINT "sub_account_memberships_role_fk" FOREIGN KEY ("agency_id","role_id") REFERENCES "public"."roles"("agency_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_agency_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_sub_account_fk" FOREIGN KEY ("agency_id","sub_account_id") REFERENCES "public"."sub_accounts"("agency_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_role_fk" FOREIGN KEY ("agency_id","role_id") REFERENCES "public"."roles"("agency_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_sub_account_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."sub_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_deliveries" ADD CONSTRAINT "event_deliveries_event_fk" FOREIGN KEY ("agency_id","event_id") REFERENCES "public"."outbox"("agency_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sub_accounts_agency_name_idx" ON "sub_accounts" USING btree ("agency_id","name") WHERE "sub_accounts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "sub_accounts_name_trgm_idx" ON "sub_accounts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "password_resets_user_id_idx" ON "password_resets" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "agency_memberships_user_idx" ON "agency_memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "agency_memberships_role_idx" ON "agency_memberships" USING btree ("agency_id","role_id");--> statement-breakpoint
CREATE INDEX "invitations_token_hash_idx" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_sub_account_idx" ON "invitations" USING btree ("agency_id","sub_account_id");--> statement-breakpoint
CREATE INDEX "invitations_role_idx" ON "invitations" USING btree ("agency_id","role_id");--> statement-breakpoint
CREATE INDEX "invitations_invited_by_idx" ON "invitations" USING btree ("invited_by_user_id");--> statement-breakpoint
CREATE INDEX "invitations_accepted_user_idx" ON "invitations" USING btree ("accepted_user_id");--> statement-breakpoint
CREATE INDEX "role_permissions_permission_idx" ON "role_permissions" USING btree ("permission_key");--> statement-breakpoint
CREATE INDEX "roles_sub_account_idx" ON "roles" USING btree ("agency_id","sub_account_id");--> statement-breakpoint
CREATE INDEX "sub_account_memberships_user_idx" ON "sub_account_memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sub_account_memberships_agency_sub_idx" ON "sub_account_memberships" USING btree ("agency_id","sub_account_id");--> statement-breakpoint
CREATE INDEX "sub_account_memberships_role_idx" ON "sub_account_memberships" USING btree ("agency_id","role_id");--> statement-breakpoint
CREATE INDEX "api_keys_prefix_idx" ON "api_keys" USING btree ("prefix");--> statement-breakpoint
CREATE INDEX "api_keys_sub_account_idx" ON "api_keys" USING btree ("agency_id","sub_account_id");--> statement-breakpoint
CREATE INDEX "api_keys_role_idx" ON "api_keys" USING btree ("agency_id","role_id");--> statement-breakpoint
CREATE INDEX "api_keys_created_by_idx" ON "api_keys" USING btree ("created_by_user_id");--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "team_members_name_idx" ON "team_members" USING btree ("sub_account_id","name") WHERE "team_members"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "audit_logs_agency_created_idx" ON "audit_logs" USING btree ("agency_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_logs_sub_account_created_idx" ON "audit_logs" USING btree ("agency_id","sub_account_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_logs_row_idx" ON "audit_logs" USING btree ("agency_id","table_name","row_id");--> statement-breakpoint
CREATE INDEX "dev_outbox_messages_created_idx" ON "dev_outbox_messages" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "dev_outbox_messages_to_idx" ON "dev_outbox_messages" USING btree ("to_address");--> statement-breakpoint
CREATE INDEX "event_deliveries_due_idx" ON "event_deliveries" USING btree ("next_attempt_at") WHERE "event_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "event_deliveries_status_idx" ON "event_deliveries" USING btree ("agency_id","status");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("id") WHERE "outbox"."dispatched_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_agency_type_idx" ON "outbox" USING btree ("agency_id","event_type","created_at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys" USING btree ("expires_at");