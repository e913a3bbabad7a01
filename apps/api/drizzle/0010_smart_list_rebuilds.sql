-- Smart list rebuilds under way: one row per list while its membership is recomputed, with the last
-- contact id reconciled, so the contacts.* subscriber knows which contacts are already its own (see
-- modules/smart-lists/README.md). A cursor that moves every batch would only bloat the audit log.
CREATE TABLE "smart_list_rebuilds" (
	"sub_account_id" uuid NOT NULL,
	"smart_list_id" uuid NOT NULL,
	"cursor" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "smart_list_rebuilds_pkey" PRIMARY KEY("sub_account_id","smart_list_id")
);
--> statement-breakpoint
ALTER TABLE "smart_list_rebuilds" ADD CONSTRAINT "smart_list_rebuilds_list_fk" FOREIGN KEY ("sub_account_id","smart_list_id") REFERENCES "public"."smart_lists"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
SELECT app.track_table('smart_list_rebuilds');
--> statement-breakpoint
SELECT app.secure_tenant_table('smart_list_rebuilds', 'SELECT, INSERT, UPDATE, DELETE', audit => false);
--> statement-breakpoint
COMMENT ON TABLE smart_list_rebuilds IS '@no-audit: a rebuild''s progress cursor, rewritten every batch; the list itself is audited';
