import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';
import { subAccounts } from '../agencies/agency.tables.ts';
import { contacts } from '../contacts/contact.tables.ts';
import { users } from '../identity/identity.tables.ts';

/** Saved contact filters (the contacts filter language), shared with the sub-account or private. */
export const smartLists = pgTable(
  'smart_lists',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    name: text('name').notNull(),
    filter: jsonb('filter').$type<Record<string, unknown>>().notNull(),
    visibility: text('visibility').notNull().default('shared'),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    deletedAt: timestamptz('deleted_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'smart_lists_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'smart_lists_sub_account_fk',
      columns: [t.subAccountId],
      foreignColumns: [subAccounts.id],
    }),
    index('smart_lists_owner_idx').on(t.ownerUserId),
    check('smart_lists_visibility_check', sql`${t.visibility} in ('shared', 'private')`),
  ],
);

/**
 * Who is in each smart list now. Re-evaluated for one contact when that contact changes, so
 * entering and leaving are events (`smart_lists.entered` / `.exited`) without rescanning lists.
 */
export const smartListMemberships = pgTable(
  'smart_list_memberships',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    smartListId: uuid('smart_list_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({
      name: 'smart_list_memberships_pkey',
      columns: [t.subAccountId, t.smartListId, t.contactId],
    }),
    foreignKey({
      name: 'smart_list_memberships_list_fk',
      columns: [t.subAccountId, t.smartListId],
      foreignColumns: [smartLists.subAccountId, smartLists.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'smart_list_memberships_contact_fk',
      columns: [t.subAccountId, t.contactId],
      foreignColumns: [contacts.subAccountId, contacts.id],
    }).onDelete('cascade'),
    index('smart_list_memberships_contact_idx').on(t.subAccountId, t.contactId),
  ],
);

/**
 * A membership rebuild under way (a list was created or its filter changed), one row per list
 * while it runs. `cursor` is the last contact id the rebuild has reconciled (the nil UUID before
 * its first batch): contacts up to it are the contacts.* subscriber's, with events; contacts after
 * it are still the rebuild's, which reconciles them without events when it gets there.
 */
export const smartListRebuilds = pgTable(
  'smart_list_rebuilds',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    smartListId: uuid('smart_list_id').notNull(),
    cursor: uuid('cursor').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'smart_list_rebuilds_pkey', columns: [t.subAccountId, t.smartListId] }),
    foreignKey({
      name: 'smart_list_rebuilds_list_fk',
      columns: [t.subAccountId, t.smartListId],
      foreignColumns: [smartLists.subAccountId, smartLists.id],
    }).onDelete('cascade'),
  ],
);
