CREATE TABLE "timeline_activities" (
	"sub_account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"permission" text NOT NULL,
	"actor_user_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"source_id" uuid NOT NULL,
	"source_index" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "timeline_activities_pkey" PRIMARY KEY("sub_account_id","id"),
	CONSTRAINT "timeline_activities_source_key" UNIQUE("sub_account_id","source_id","source_index"),
	CONSTRAINT "timeline_activities_kind_check" CHECK (kind IN ('created', 'updated', 'deleted', 'restored', 'merged', 'tag_added', 'tag_removed', 'note_created', 'task_created', 'task_completed', 'opportunity_created', 'opportunity_stage_changed', 'opportunity_status_changed', 'opportunity_value_changed', 'smart_list_entered', 'smart_list_exited')),
	CONSTRAINT "timeline_activities_permission_check" CHECK ("timeline_activities"."permission" ~ '^[a-z_]+:read$')
);
--> statement-breakpoint
ALTER TABLE "timeline_activities" ADD CONSTRAINT "timeline_activities_contact_fk" FOREIGN KEY ("sub_account_id","contact_id") REFERENCES "public"."contacts"("sub_account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "timeline_activities_contact_idx" ON "timeline_activities" USING btree ("sub_account_id","contact_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
-- Timeline activities: what a contact's timeline shows, written by the timeline module's
-- subscribers from other modules' events, each row tagged with the permission needed to read it
-- (the old timeline read other modules' rows out of audit_logs and checked only contacts:read).
-- Only the subscribers (system context) write it: the runtime role reads.
SELECT app.track_table('timeline_activities');
--> statement-breakpoint
SELECT app.secure_tenant_table('timeline_activities', 'SELECT', audit => false);
--> statement-breakpoint
COMMENT ON TABLE timeline_activities IS '@no-audit: derived from domain events and, for older history, from audit_logs';
--> statement-breakpoint
-- first_name -> firstName, as the API names contact fields.
CREATE OR REPLACE FUNCTION app.timeline_field_name(field text) RETURNS text
  LANGUAGE sql IMMUTABLE SET search_path = pg_catalog
  AS $$
  SELECT string_agg(CASE WHEN n = 1 THEN part ELSE upper(left(part, 1)) || substr(part, 2) END, '' ORDER BY n)
    FROM unnest(string_to_array(field, '_')) WITH ORDINALITY AS p(part, n)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.timeline_clip(body text) RETURNS text
  LANGUAGE sql IMMUTABLE SET search_path = pg_catalog
  AS $$ SELECT CASE WHEN length(body) > 140 THEN left(body, 139) || '…' ELSE body END $$;
--> statement-breakpoint
-- The history the old timeline read from audit_logs, as activities: the same entries (contacts,
-- contact_tags, notes, tasks, opportunities of a contact that still exists), the same choice of
-- which entries show and how, tag and stage names as they are now (the old timeline read them
-- when shown), and the permission the new read checks. Keyed by the audit entry (source_id), so
-- running it again writes nothing new. For this migration, and for tests of the carry-over.
CREATE OR REPLACE FUNCTION app.backfill_timeline_activities(only_sub_account uuid DEFAULT NULL) RETURNS bigint
  LANGUAGE plpgsql SET search_path = public, app, pg_temp
  AS $$
DECLARE
  written bigint;
BEGIN
  WITH entries AS (
    SELECT a.id, a.sub_account_id, a.table_name, a.action, a.actor_user_id, a.created_at, a.row_id,
           a.old_data, a.new_data, coalesce(a.changed_fields, '{}') AS changed,
           coalesce(a.new_data, a.old_data) AS d,
           (CASE WHEN a.table_name = 'contacts' THEN a.row_id
                 ELSE coalesce(a.new_data, a.old_data)->>'contact_id' END)::uuid AS contact_id
      FROM audit_logs a
     WHERE a.sub_account_id IS NOT NULL
       AND (only_sub_account IS NULL OR a.sub_account_id = only_sub_account)
       AND a.table_name IN ('contacts', 'contact_tags', 'notes', 'tasks', 'opportunities')
       AND a.action IN ('insert', 'update', 'delete')
  ),
  contact_entries AS (
    SELECT e.*, array(SELECT f FROM unnest(e.changed) WITH ORDINALITY AS u(f, n)
                       WHERE f NOT IN ('full_name', 'phone_digits', 'updated_at') ORDER BY n) AS fields
      FROM entries e WHERE e.table_name = 'contacts'
  ),
  items AS (
    SELECT e.id, e.sub_account_id, e.contact_id, e.actor_user_id, e.created_at, 'contacts:read' AS permission,
           CASE WHEN e.action = 'insert' THEN 'created'
                WHEN e.action <> 'update' THEN NULL
                WHEN 'deleted_at' = ANY (e.fields) THEN
                  CASE WHEN e.new_data->>'deleted_at' IS NOT NULL THEN 'deleted' ELSE 'restored' END
                WHEN cardinality(e.fields) > 0 THEN 'updated' END AS kind,
           CASE WHEN e.action = 'update' AND NOT 'deleted_at' = ANY (e.fields) AND cardinality(e.fields) > 0 THEN
             jsonb_build_object('changes', (
               SELECT jsonb_agg(jsonb_build_object('field', app.timeline_field_name(f),
                                                   'old', coalesce(e.old_data->f, 'null'::jsonb),
                                                   'new', coalesce(e.new_data->f, 'null'::jsonb)) ORDER BY n)
                 FROM unnest(e.fields) WITH ORDINALITY AS u(f, n)))
           ELSE '{}'::jsonb END AS data
      FROM contact_entries e
    UNION ALL
    SELECT e.id, e.sub_account_id, e.contact_id, e.actor_user_id, e.created_at, 'contacts:read',
           CASE e.action WHEN 'insert' THEN 'tag_added' WHEN 'delete' THEN 'tag_removed' END,
           jsonb_build_object('tagId', e.d->>'tag_id', 'tagName', coalesce(t.name::text, 'a deleted tag'))
      FROM entries e
      LEFT JOIN tags t ON t.sub_account_id = e.sub_account_id AND t.id = (e.d->>'tag_id')::uuid
     WHERE e.table_name = 'contact_tags'
    UNION ALL
    SELECT e.id, e.sub_account_id, e.contact_id, e.actor_user_id, e.created_at,
           CASE WHEN e.d->>'opportunity_id' IS NULL THEN 'contacts:read' ELSE 'opportunities:read' END,
           CASE WHEN e.action = 'insert' THEN 'note_created' END,
           jsonb_build_object('noteId', e.row_id, 'opportunityId', e.d->'opportunity_id',
                              'excerpt', app.timeline_clip(coalesce(e.d->>'body', '')))
      FROM entries e WHERE e.table_name = 'notes'
    UNION ALL
    SELECT e.id, e.sub_account_id, e.contact_id, e.actor_user_id, e.created_at,
           CASE WHEN e.d->>'opportunity_id' IS NULL THEN 'contacts:read' ELSE 'opportunities:read' END,
           CASE WHEN e.action = 'insert' THEN 'task_created'
                WHEN e.action = 'update' AND 'status' = ANY (e.changed) AND e.new_data->>'status' = 'completed'
                  THEN 'task_completed' END,
           jsonb_build_object('taskId', e.row_id, 'title', coalesce(e.d->>'title', ''),
                              'opportunityId', e.d->'opportunity_id')
      FROM entries e WHERE e.table_name = 'tasks'
    UNION ALL
    SELECT e.id, e.sub_account_id, e.contact_id, e.actor_user_id, e.created_at, 'opportunities:read',
           CASE WHEN e.action = 'insert' THEN 'opportunity_created'
                WHEN e.action <> 'update' OR 'deleted_at' = ANY (e.changed) THEN NULL
                WHEN 'stage_id' = ANY (e.changed) OR 'pipeline_id' = ANY (e.changed) THEN 'opportunity_stage_changed'
                WHEN 'status' = ANY (e.changed) THEN 'opportunity_status_changed'
                WHEN 'monetary_value' = ANY (e.changed) THEN 'opportunity_value_changed' END,
           jsonb_build_object(
             'opportunityId', e.row_id, 'pipelineId', e.new_data->'pipeline_id', 'stageId', e.new_data->'stage_id',
             'name', coalesce(e.new_data->>'name', ''), 'stageName', s.name, 'status', e.new_data->'status',
             'from', jsonb_build_object('amount', e.old_data->'monetary_value', 'currency', e.old_data->'currency'),
             'to', jsonb_build_object('amount', e.new_data->'monetary_value', 'currency', e.new_data->'currency'))
      FROM entries e
      LEFT JOIN pipeline_stages s ON s.sub_account_id = e.sub_account_id AND s.id = (e.new_data->>'stage_id')::uuid
     WHERE e.table_name = 'opportunities'
  )
  INSERT INTO timeline_activities (sub_account_id, id, contact_id, kind, data, permission, actor_user_id,
                                   occurred_at, source_id, source_index)
  SELECT i.sub_account_id, i.id, i.contact_id, i.kind, i.data, i.permission, i.actor_user_id,
         i.created_at, i.id, 0
    FROM items i
   WHERE i.kind IS NOT NULL
     AND EXISTS (SELECT 1 FROM contacts c WHERE c.sub_account_id = i.sub_account_id AND c.id = i.contact_id)
  ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
--> statement-breakpoint
SELECT app.backfill_timeline_activities();
