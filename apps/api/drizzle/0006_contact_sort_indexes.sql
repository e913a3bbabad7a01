-- Indexes for the contact list's other sorts (name, lead score, updated), each with the id as the
-- keyset tie-break, so a sorted first page reads one index range instead of sorting the sub-account.
DROP INDEX "contacts_updated_idx";--> statement-breakpoint
CREATE INDEX "contacts_full_name_idx" ON "contacts" USING btree ("sub_account_id","full_name","id") WHERE "contacts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_lead_score_idx" ON "contacts" USING btree ("sub_account_id","lead_score" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "contacts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_updated_idx" ON "contacts" USING btree ("sub_account_id","updated_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "contacts"."deleted_at" is null;