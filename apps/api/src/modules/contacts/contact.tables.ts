import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { citext, idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';
import { subAccounts } from '../agencies/agency.tables.ts';
import { users } from '../identity/identity.tables.ts';
import type { ConsentChannel } from './contact.constants.ts';

export type Consent = Partial<
  Record<ConsentChannel, { status: 'opted_in' | 'opted_out' | 'dnd'; at: string; reason?: string }>
>;
export type Address = {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
};

/**
 * One record for leads and customers (seeds 000 and 004): identity, source and UTM, scores,
 * assignment, consent per channel, external ids (GoHighLevel and others) and custom field values
 * (JSONB, validated against custom_field_definitions on every write).
 */
export const contacts = pgTable(
  'contacts',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    fullName: text('full_name').generatedAlwaysAs(
      sql`btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))`,
    ),
    email: citext('email'),
    phone: text('phone'),
    /** The phone's digits only, so a search matches whatever formatting was typed. */
    phoneDigits: text('phone_digits').generatedAlwaysAs(
      sql`regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g')`,
    ),
    additionalPhones: text('additional_phones')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    companyName: text('company_name'),
    address: jsonb('address').$type<Address>().notNull().default({}),
    timezone: text('timezone'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    type: text('type').notNull().default('lead'),
    status: text('status').notNull().default('new'),
    lifecycleStage: text('lifecycle_stage'),
    source: text('source'),
    sourceDetails: jsonb('source_details').$type<Record<string, unknown>>().notNull().default({}),
    utmSource: text('utm_source'),
    utmMedium: text('utm_medium'),
    utmCampaign: text('utm_campaign'),
    utmTerm: text('utm_term'),
    utmContent: text('utm_content'),
    leadScore: integer('lead_score').notNull().default(0),
    aiScore: numeric('ai_score', { precision: 5, scale: 2, mode: 'number' }),
    assignedUserId: uuid('assigned_user_id').references(() => users.id),
    followerUserIds: uuid('follower_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    consent: jsonb('consent').$type<Consent>().notNull().default({}),
    externalIds: jsonb('external_ids').$type<Record<string, string>>().notNull().default({}),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    deletedAt: timestamptz('deleted_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'contacts_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'contacts_sub_account_fk',
      columns: [t.subAccountId],
      foreignColumns: [subAccounts.id],
    }),
    index('contacts_assigned_user_idx').on(t.assignedUserId),
    // The default list: newest first, live contacts only.
    index('contacts_created_idx')
      .on(t.subAccountId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    // The list's other sorts, each with the id as tie-break for keyset cursors.
    index('contacts_updated_idx')
      .on(t.subAccountId, t.updatedAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    index('contacts_full_name_idx')
      .on(t.subAccountId, t.fullName, t.id)
      .where(sql`${t.deletedAt} is null`),
    index('contacts_lead_score_idx')
      .on(t.subAccountId, t.leadScore.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    index('contacts_email_idx').on(t.subAccountId, t.email),
    index('contacts_phone_idx').on(t.subAccountId, t.phone),
    index('contacts_status_idx')
      .on(t.subAccountId, t.status, t.createdAt.desc())
      .where(sql`${t.deletedAt} is null`),
    index('contacts_assigned_idx')
      .on(t.subAccountId, t.assignedUserId)
      .where(sql`${t.deletedAt} is null`),
    // The sources and their counts (a skip scan, then one capped range per source), and the source filter.
    index('contacts_source_idx')
      .on(t.subAccountId, t.source)
      .where(sql`${t.deletedAt} is null`),
    // Partial matches on name, email and phone digits: trigram GIN led by the tenant key (btree_gin).
    index('contacts_search_name_idx').using('gin', t.subAccountId, t.fullName.op('gin_trgm_ops')),
    index('contacts_search_email_idx').using('gin', t.subAccountId, sql`(${t.email}::text) gin_trgm_ops`),
    index('contacts_search_phone_idx').using('gin', t.subAccountId, t.phoneDigits.op('gin_trgm_ops')),
    index('contacts_external_ids_idx').using('gin', t.subAccountId, t.externalIds.op('jsonb_path_ops')),
    check('contacts_type_check', sql`${t.type} in ('lead', 'customer')`),
    check(
      'contacts_status_check',
      sql`${t.status} in ('new', 'contacted', 'qualified', 'converted', 'lost')`,
    ),
    check(
      'contacts_lifecycle_check',
      sql`${t.lifecycleStage} is null or ${t.lifecycleStage} in ('subscriber', 'lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer', 'evangelist', 'other')`,
    ),
    check('contacts_ai_score_check', sql`${t.aiScore} is null or ${t.aiScore} between 0 and 100`),
    check('contacts_phone_e164_check', sql`${t.phone} is null or ${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`),
  ],
);

/** Tags of a sub-account; names are unique ignoring case. */
export const tags = pgTable(
  'tags',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    name: citext('name').notNull(),
    color: text('color'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'tags_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({ name: 'tags_sub_account_fk', columns: [t.subAccountId], foreignColumns: [subAccounts.id] }),
    uniqueIndex('tags_name_key').on(t.subAccountId, t.name),
  ],
);

export const contactTags = pgTable(
  'contact_tags',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    tagId: uuid('tag_id').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'contact_tags_pkey', columns: [t.subAccountId, t.contactId, t.tagId] }),
    foreignKey({
      name: 'contact_tags_contact_fk',
      columns: [t.subAccountId, t.contactId],
      foreignColumns: [contacts.subAccountId, contacts.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'contact_tags_tag_fk',
      columns: [t.subAccountId, t.tagId],
      foreignColumns: [tags.subAccountId, tags.id],
    }).onDelete('cascade'),
    // "Contacts with tag X" without touching the contacts table.
    index('contact_tags_tag_idx').on(t.subAccountId, t.tagId, t.contactId),
  ],
);

/**
 * Bulk actions on a selection or a whole filter (tag, untag, assign, change status, delete, export),
 * run as jobs; the row is the progress a person watches.
 */
export const contactBulkActions = pgTable(
  'contact_bulk_actions',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    action: text('action').notNull(),
    selection: jsonb('selection').$type<Record<string, unknown>>().notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').notNull().default('pending'),
    totalCount: integer('total_count'),
    processedCount: integer('processed_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    lastError: text('last_error'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'contact_bulk_actions_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'contact_bulk_actions_sub_account_fk',
      columns: [t.subAccountId],
      foreignColumns: [subAccounts.id],
    }),
    index('contact_bulk_actions_created_by_idx').on(t.createdByUserId),
    check(
      'contact_bulk_actions_action_check',
      sql`${t.action} in ('tag', 'untag', 'assign', 'set_status', 'delete')`,
    ),
    check(
      'contact_bulk_actions_status_check',
      sql`${t.status} in ('pending', 'running', 'completed', 'failed')`,
    ),
  ],
);
