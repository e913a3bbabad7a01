-- Security fixes (docs/security.md):
-- * login_throttles gains the per-email-and-source counter that locks a source, not an account;
-- * pipeline_stage_totals.value becomes numeric, so a column of large cards adds up exactly;
-- * dev_outbox_messages records the tenant that sent each message, which decides who may read it.
ALTER TABLE "login_throttles" DROP CONSTRAINT "login_throttles_kind_check";--> statement-breakpoint
ALTER TABLE "pipeline_stage_totals" ALTER COLUMN "value" SET DATA TYPE numeric(38, 0);--> statement-breakpoint
ALTER TABLE "pipeline_stage_totals" ALTER COLUMN "value" SET DEFAULT '0';--> statement-breakpoint
ALTER TABLE "dev_outbox_messages" ADD COLUMN "sender_agency_id" uuid;--> statement-breakpoint
ALTER TABLE "dev_outbox_messages" ADD COLUMN "sender_sub_account_id" uuid;--> statement-breakpoint
ALTER TABLE "login_throttles" ADD CONSTRAINT "login_throttles_kind_check" CHECK ("login_throttles"."kind" in ('email', 'ip', 'email_source'));