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
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, timestamptz } from '../db/columns.ts';

/**
 * The transactional outbox: a service writes its domain event here in the same transaction as the
 * change, so an event exists if and only if the change committed. The worker fans events out.
 */
export const outbox = pgTable(
  'outbox',
  {
    agencyId: uuid('agency_id').notNull(),
    id: idColumn(),
    subAccountId: uuid('sub_account_id'),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    actorUserId: uuid('actor_user_id'),
    dispatchedAt: timestamptz('dispatched_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'outbox_pkey', columns: [t.agencyId, t.id] }),
    // The dispatcher's queue: only undispatched rows are indexed, so the index stays small.
    index('outbox_pending_idx')
      .on(t.id)
      .where(sql`${t.dispatchedAt} is null`),
    index('outbox_agency_type_idx').on(t.agencyId, t.eventType, t.createdAt),
  ],
);

/** One row per (event, subscriber): attempts, last error, and a visible dead state after the last try. */
export const eventDeliveries = pgTable(
  'event_deliveries',
  {
    agencyId: uuid('agency_id').notNull(),
    eventId: uuid('event_id').notNull(),
    subscriber: text('subscriber').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamptz('next_attempt_at').notNull().defaultNow(),
    deliveredAt: timestamptz('delivered_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'event_deliveries_pkey', columns: [t.agencyId, t.eventId, t.subscriber] }),
    foreignKey({
      name: 'event_deliveries_event_fk',
      columns: [t.agencyId, t.eventId],
      foreignColumns: [outbox.agencyId, outbox.id],
    }).onDelete('cascade'),
    index('event_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('event_deliveries_status_idx').on(t.agencyId, t.status),
    check('event_deliveries_status_check', sql`${t.status} in ('pending', 'delivered', 'dead')`),
  ],
);
