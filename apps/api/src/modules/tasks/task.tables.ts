import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';
import { contacts } from '../contacts/contact.tables.ts';
import { users } from '../identity/identity.tables.ts';
import { opportunities } from '../opportunities/opportunity.tables.ts';

/** To-dos on a contact, with a due time, an assignee and a reminder sent by a job. */
export const tasks = pgTable(
  'tasks',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    /** Set when the note or task belongs to one of the contact's opportunities. */
    opportunityId: uuid('opportunity_id'),
    title: text('title').notNull(),
    body: text('body'),
    dueAt: timestamptz('due_at'),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    status: text('status').notNull().default('open'),
    completedAt: timestamptz('completed_at'),
    reminderAt: timestamptz('reminder_at'),
    reminderSentAt: timestamptz('reminder_sent_at'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    deletedAt: timestamptz('deleted_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'tasks_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'tasks_contact_fk',
      columns: [t.subAccountId, t.contactId],
      foreignColumns: [contacts.subAccountId, contacts.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'tasks_opportunity_fk',
      columns: [t.subAccountId, t.opportunityId],
      foreignColumns: [opportunities.subAccountId, opportunities.id],
    }).onDelete('cascade'),
    index('tasks_opportunity_idx').on(t.subAccountId, t.opportunityId),
    index('tasks_contact_idx').on(t.subAccountId, t.contactId, t.dueAt),
    // "My tasks due today / overdue".
    index('tasks_assignee_due_idx')
      .on(t.subAccountId, t.assigneeUserId, t.dueAt)
      .where(sql`${t.status} = 'open' and ${t.deletedAt} is null`),
    index('tasks_assignee_user_idx').on(t.assigneeUserId),
    index('tasks_created_by_idx').on(t.createdByUserId),
    check('tasks_status_check', sql`${t.status} in ('open', 'completed')`),
  ],
);
