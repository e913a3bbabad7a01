import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
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
import { citext, idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';
import { subAccounts } from '../agencies/agency.tables.ts';
import { users } from '../identity/identity.tables.ts';

/**
 * People of a sub-account (seed 002), with or without a login: sales reps, closers, bot trainers.
 * Commissions are a rate in basis points or a fixed amount in minor units.
 */
export const teamMembers = pgTable(
  'team_members',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    userId: uuid('user_id').references(() => users.id),
    name: text('name').notNull(),
    email: citext('email'),
    phone: text('phone'),
    title: text('title'),
    externalIds: jsonb('external_ids').$type<Record<string, string>>().notNull().default({}),
    commissionType: text('commission_type').notNull().default('none'),
    commissionRateBps: integer('commission_rate_bps'),
    commissionFixedMinor: bigint('commission_fixed_minor', { mode: 'number' }),
    currency: char('currency', { length: 3 }),
    status: text('status').notNull().default('active'),
    deletedAt: timestamptz('deleted_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'team_members_pkey', columns: [t.subAccountId, t.id] }),
    unique('team_members_user_key').on(t.subAccountId, t.userId),
    foreignKey({
      name: 'team_members_sub_account_fk',
      columns: [t.subAccountId],
      foreignColumns: [subAccounts.id],
    }),
    index('team_members_user_idx').on(t.userId),
    index('team_members_name_idx')
      .on(t.subAccountId, t.name)
      .where(sql`${t.deletedAt} is null`),
    check('team_members_status_check', sql`${t.status} in ('active', 'inactive')`),
    check('team_members_commission_type_check', sql`${t.commissionType} in ('none', 'percentage', 'fixed')`),
    check(
      'team_members_commission_rate_check',
      sql`${t.commissionRateBps} is null or ${t.commissionRateBps} between 0 and 10000`,
    ),
    check(
      'team_members_commission_shape_check',
      sql`(${t.commissionType} <> 'percentage' or ${t.commissionRateBps} is not null)
        and (${t.commissionType} <> 'fixed' or (${t.commissionFixedMinor} >= 0 and ${t.currency} is not null))`,
    ),
  ],
);
