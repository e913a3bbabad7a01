-- Contact sources and their counts: a skip scan finds the distinct sources of a sub-account, then
-- one range per source counts it (capped), instead of grouping every contact. Also serves the
-- source filter.
CREATE INDEX "contacts_source_idx" ON "contacts" USING btree ("sub_account_id","source") WHERE "contacts"."deleted_at" is null;