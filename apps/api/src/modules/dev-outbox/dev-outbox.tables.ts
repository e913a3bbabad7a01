import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps } from '../../platform/db/columns.ts';

/**
 * What the `dev` provider adapters "send": kept for the Dev Outbox page instead of leaving the
 * machine. The idempotency key makes a retried send land once.
 */
export const devOutboxMessages = pgTable(
  'dev_outbox_messages',
  {
    id: idColumn().primaryKey(),
    channel: text('channel').notNull(),
    idempotencyKey: text('idempotency_key').unique('dev_outbox_messages_idempotency_key_key'),
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject'),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    // The tenant that sent the message (an invitation from an agency or sub-account); both null for
    // platform messages (password resets). Who may read a message follows from these.
    senderAgencyId: uuid('sender_agency_id'),
    senderSubAccountId: uuid('sender_sub_account_id'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [
    index('dev_outbox_messages_created_idx').on(t.createdAt.desc()),
    index('dev_outbox_messages_to_idx').on(t.toAddress),
    check('dev_outbox_messages_channel_check', sql`${t.channel} in ('email', 'sms', 'imessage', 'whatsapp')`),
  ],
);
