-- CRM, part 3: the CRM tables under the same rules as every tenant table (RLS forced on the tenant
-- key, the runtime role's privileges, updated_at and audit triggers).
SELECT app.track_table(t::regclass) FROM unnest(ARRAY[
  'contacts', 'tags', 'contact_tags', 'contact_bulk_actions', 'custom_field_definitions', 'notes', 'tasks',
  'smart_lists', 'smart_list_memberships', 'contact_imports', 'contact_import_chunks', 'contact_import_errors'
]) AS t;
--> statement-breakpoint
SELECT app.secure_tenant_table(t::regclass, 'SELECT, INSERT, UPDATE, DELETE') FROM unnest(ARRAY[
  'contacts', 'tags', 'contact_tags', 'contact_bulk_actions', 'custom_field_definitions', 'notes', 'tasks',
  'smart_lists', 'smart_list_memberships', 'contact_imports', 'contact_import_errors'
]) AS t;
--> statement-breakpoint
-- The uploaded CSV bytes would only bloat the audit log; the import row records the upload.
SELECT app.secure_tenant_table('contact_import_chunks', 'SELECT, INSERT, DELETE', audit => false);
--> statement-breakpoint
COMMENT ON TABLE contact_import_chunks IS '@no-audit: raw uploaded file bytes; contact_imports is audited';
--> statement-breakpoint
-- A contact's timeline reads the audit entries of its notes, tasks and tags by contact id.
CREATE INDEX audit_logs_contact_idx ON audit_logs (agency_id, ((coalesce(new_data, old_data)->>'contact_id')), created_at DESC)
  WHERE table_name IN ('notes', 'tasks', 'contact_tags', 'smart_list_memberships');
