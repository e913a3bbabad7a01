import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';
import { contacts } from '../contacts/contact.tables.ts';

/** What a contact's timeline can show; the response schema and the CHECK below use the same list. */
export const ACTIVITY_KINDS = [
  'created',
  'updated',
  'deleted',
  'restored',
  'merged',
  'tag_added',
  'tag_removed',
  'note_created',
  'task_created',
  'task_completed',
  'opportunity_created',
  'opportunity_stage_changed',
  'opportunity_status_changed',
  'opportunity_value_changed',
  'smart_list_entered',
  'smart_list_exited',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/**
 * One thing that happened to a contact, written by the timeline's subscribers from other modules'
 * events (or carried over from the audit log by migration 0018). `permission` is what a reader
 * needs to see it: a row about an opportunity is hidden from a reader without opportunities:read.
 * `data` is the structured fact (names, amounts in minor units with their currency); the summary
 * is rendered from it when read. `(source_id, source_index)` makes a redelivered event write
 * nothing new: source_id is the outbox event's id (the audit entry's for carried-over history),
 * source_index numbers the activities one event writes.
 */
export const timelineActivities = pgTable(
  'timeline_activities',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    permission: text('permission').notNull(),
    actorUserId: uuid('actor_user_id'),
    occurredAt: timestamptz('occurred_at').notNull(),
    sourceId: uuid('source_id').notNull(),
    sourceIndex: integer('source_index').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'timeline_activities_pkey', columns: [t.subAccountId, t.id] }),
    unique('timeline_activities_source_key').on(t.subAccountId, t.sourceId, t.sourceIndex),
    foreignKey({
      name: 'timeline_activities_contact_fk',
      columns: [t.subAccountId, t.contactId],
      foreignColumns: [contacts.subAccountId, contacts.id],
    }).onDelete('cascade'),
    // The contact's timeline, newest first; also the contact FK's index.
    index('timeline_activities_contact_idx').on(
      t.subAccountId,
      t.contactId,
      t.occurredAt.desc(),
      t.id.desc(),
    ),
    check(
      'timeline_activities_kind_check',
      sql.raw(`kind IN (${ACTIVITY_KINDS.map((k) => `'${k}'`).join(', ')})`),
    ),
    check('timeline_activities_permission_check', sql`${t.permission} ~ '^[a-z_]+:read$'`),
  ],
);
