import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps } from '../../platform/db/columns.ts';

/**
 * Written only by the audit trigger (a SECURITY DEFINER function): the runtime role can read its
 * tenant's rows but cannot insert, so an entry cannot be forged. Secret columns are stripped.
 */
export const auditLogs = pgTable(
  'audit_logs',
  {
    agencyId: uuid('agency_id').notNull(),
    id: idColumn(),
    subAccountId: uuid('sub_account_id'),
    tableName: text('table_name').notNull(),
    rowId: text('row_id'),
    action: text('action').notNull(),
    actorUserId: uuid('actor_user_id'),
    // Who acted (`user:<id>`, `api_key:<id>`, `system:<work>`), from the transaction's context: a
    // default rather than a trigger argument, so both audit functions fill it without a change.
    actor: text('actor').default(sql`nullif(current_setting('app.actor', true), '')`),
    oldData: jsonb('old_data'),
    newData: jsonb('new_data'),
    changedFields: text('changed_fields').array(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'audit_logs_pkey', columns: [t.agencyId, t.id] }),
    index('audit_logs_agency_created_idx').on(t.agencyId, t.createdAt.desc()),
    index('audit_logs_sub_account_created_idx').on(t.agencyId, t.subAccountId, t.createdAt.desc()),
    index('audit_logs_row_idx').on(t.agencyId, t.tableName, t.rowId),
    check('audit_logs_action_check', sql`${t.action} in ('insert', 'update', 'delete')`),
  ],
);
