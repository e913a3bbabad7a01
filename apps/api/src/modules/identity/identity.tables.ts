import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { citext, idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';

/** Global people: one login per email across all agencies; access comes from memberships. */
export const users = pgTable(
  'users',
  {
    id: idColumn().primaryKey(),
    email: citext('email').notNull().unique('users_email_key'),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    status: text('status').notNull().default('active'),
    isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
    lastLoginAt: timestamptz('last_login_at'),
    ...timestamps,
  },
  (t) => [check('users_status_check', sql`${t.status} in ('active', 'disabled')`)],
);

/** Server-side sessions: the cookie holds a random token, the table its SHA-256, so revocation is a row. */
export const sessions = pgTable(
  'sessions',
  {
    id: idColumn().primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique('sessions_token_hash_key'),
    expiresAt: timestamptz('expires_at').notNull(),
    lastSeenAt: timestamptz('last_seen_at').notNull().defaultNow(),
    revokedAt: timestamptz('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    ...timestamps,
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

export const passwordResets = pgTable(
  'password_resets',
  {
    id: idColumn().primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique('password_resets_token_hash_key'),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
    ...timestamps,
  },
  (t) => [index('password_resets_user_id_idx').on(t.userId)],
);

/**
 * Login attempt counters, in the database so every API process shares them: per email and source
 * (`email_source`, the lock), per source (`ip`, spraying) and per email (`email`, the slow-down for
 * unknown sources). See docs/decisions/0008-login-throttling.md.
 */
export const loginThrottles = pgTable(
  'login_throttles',
  {
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    failures: integer('failures').notNull().default(0),
    windowStartedAt: timestamptz('window_started_at').notNull().defaultNow(),
    lockedUntil: timestamptz('locked_until'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'login_throttles_pkey', columns: [t.kind, t.key] }),
    check('login_throttles_kind_check', sql`${t.kind} in ('email', 'ip', 'email_source')`),
  ],
);
