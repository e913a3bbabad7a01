import { boolean, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';
import { contacts } from '../contacts/contact.tables.ts';
import { users } from '../identity/identity.tables.ts';
import { opportunities } from '../opportunities/opportunity.tables.ts';

/** Markdown notes on a contact, or on one of its opportunities, pinned or not. */
export const notes = pgTable(
  'notes',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    /** Set when the note or task belongs to one of the contact's opportunities. */
    opportunityId: uuid('opportunity_id'),
    body: text('body').notNull(),
    pinned: boolean('pinned').notNull().default(false),
    authorUserId: uuid('author_user_id').references(() => users.id),
    deletedAt: timestamptz('deleted_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'notes_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'notes_contact_fk',
      columns: [t.subAccountId, t.contactId],
      foreignColumns: [contacts.subAccountId, contacts.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'notes_opportunity_fk',
      columns: [t.subAccountId, t.opportunityId],
      foreignColumns: [opportunities.subAccountId, opportunities.id],
    }).onDelete('cascade'),
    index('notes_opportunity_idx').on(t.subAccountId, t.opportunityId),
    // Not partial: the contact's cascade delete must find deleted notes too.
    index('notes_contact_idx').on(t.subAccountId, t.contactId, t.pinned.desc(), t.createdAt.desc()),
    index('notes_author_idx').on(t.authorUserId),
  ],
);
