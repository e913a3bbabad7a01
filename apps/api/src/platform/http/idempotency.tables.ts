import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, timestamptz } from '../db/columns.ts';

/** Stored responses of POSTs sent with an Idempotency-Key, per caller, kept for 24 hours. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: idColumn().primaryKey(),
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state').notNull().default('running'),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    expiresAt: timestamptz('expires_at').notNull(),
    ...timestamps,
  },
  (t) => [
    unique('idempotency_keys_principal_key_key').on(t.principal, t.key),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
    check('idempotency_keys_state_check', sql`${t.state} in ('running', 'completed')`),
  ],
);
