import { sql } from 'drizzle-orm';
import {
  char,
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';

export type WhiteLabel = {
  brandName?: string;
  logoUrl?: string;
  primaryColor?: string;
  supportEmail?: string;
};

/** Top-level tenant: an agency with its white-label settings, plan and status. */
export const agencies = pgTable(
  'agencies',
  {
    id: idColumn().primaryKey(),
    name: text('name').notNull(),
    whiteLabel: jsonb('white_label').$type<WhiteLabel>().notNull().default({}),
    plan: text('plan').notNull().default('starter'),
    status: text('status').notNull().default('active'),
    ...timestamps,
  },
  (t) => [
    check('agencies_plan_check', sql`${t.plan} in ('free', 'starter', 'pro', 'enterprise')`),
    check('agencies_status_check', sql`${t.status} in ('active', 'suspended', 'cancelled')`),
  ],
);

/**
 * A client business of an agency (GoHighLevel's "location", seed 002/004's "organization").
 * Its id is the tenant key of every sub-account-scoped table.
 */
export const subAccounts = pgTable(
  'sub_accounts',
  {
    id: idColumn(),
    agencyId: uuid('agency_id').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    timezone: text('timezone').notNull().default('UTC'),
    defaultCountry: char('default_country', { length: 2 }).notNull().default('US'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').notNull().default('active'),
    deletedAt: timestamptz('deleted_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'sub_accounts_pkey', columns: [t.id] }),
    // Lets agency-scoped tables reference a sub-account together with the agency that owns it.
    unique('sub_accounts_agency_id_id_key').on(t.agencyId, t.id),
    foreignKey({ name: 'sub_accounts_agency_fk', columns: [t.agencyId], foreignColumns: [agencies.id] }),
    index('sub_accounts_agency_name_idx')
      .on(t.agencyId, t.name)
      .where(sql`${t.deletedAt} is null`),
    index('sub_accounts_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    check('sub_accounts_status_check', sql`${t.status} in ('active', 'suspended')`),
    check('sub_accounts_default_country_check', sql`${t.defaultCountry} ~ '^[A-Z]{2}$'`),
  ],
);
