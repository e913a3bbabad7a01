import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { tx, txSql } from '../../platform/db/tenant.ts';
import { users } from '../identity/identity.tables.ts';
import { auditLogs } from './audit.tables.ts';

export type AuditRow = typeof auditLogs.$inferSelect & { actorName: string | null };

/** Newest first; RLS already narrows a sub-account context to its own entries. */
export async function listAuditLogs(input: {
  agencyId: string;
  subAccountId?: string | undefined;
  tableName?: string | undefined;
  rowId?: string | undefined;
  before?: string | undefined;
  limit: number;
}): Promise<AuditRow[]> {
  const where: SQL[] = [eq(auditLogs.agencyId, input.agencyId)];
  if (input.subAccountId) where.push(eq(auditLogs.subAccountId, input.subAccountId));
  if (input.tableName) where.push(eq(auditLogs.tableName, input.tableName));
  if (input.rowId) where.push(eq(auditLogs.rowId, input.rowId));
  if (input.before) where.push(lt(auditLogs.id, input.before));
  const rows = await tx()
    .select({ log: auditLogs, actorName: users.name })
    .from(auditLogs)
    .leftJoin(users, eq(users.id, auditLogs.actorUserId))
    .where(and(...where))
    .orderBy(desc(auditLogs.id))
    .limit(input.limit + 1);
  return rows.map((r) => ({ ...r.log, actorName: r.actorName }));
}

/**
 * A contact's own entries and those of its notes, tasks and tags, newest first. Two branches so
 * each uses its index (audit_logs_row_idx, audit_logs_contact_idx); each takes limit + 1 rows,
 * enough for the merged page.
 */
export async function auditEntriesForContact(input: {
  agencyId: string;
  subAccountId: string;
  contactId: string;
  before?: string | undefined;
  limit: number;
}): Promise<AuditRow[]> {
  const { rows } = await txSql().query<{
    agency_id: string;
    id: string;
    sub_account_id: string | null;
    table_name: string;
    row_id: string | null;
    action: string;
    actor_user_id: string | null;
    old_data: unknown;
    new_data: unknown;
    changed_fields: string[] | null;
    created_at: Date | string;
    updated_at: Date | string;
    actor_name: string | null;
  }>(
    `select l.*, u.name as actor_name from (
       (select * from audit_logs
         where agency_id = $1 and sub_account_id = $2 and table_name = 'contacts' and row_id = $3
           and ($4::uuid is null or id < $4::uuid)
         order by id desc limit $5)
       union all
       (select * from audit_logs
         where agency_id = $1 and sub_account_id = $2
           and table_name in ('notes', 'tasks', 'contact_tags')
           and (coalesce(new_data, old_data)->>'contact_id') = $3
           and ($4::uuid is null or id < $4::uuid)
         order by id desc limit $5)
       union all
       (select * from audit_logs
         where agency_id = $1 and sub_account_id = $2 and table_name = 'opportunities'
           and (coalesce(new_data, old_data)->>'contact_id') = $3
           and ($4::uuid is null or id < $4::uuid)
         order by id desc limit $5)
     ) l left join users u on u.id = l.actor_user_id
     order by l.id desc limit $5`,
    [input.agencyId, input.subAccountId, input.contactId, input.before ?? null, input.limit + 1],
  );
  return rows.map((r) => ({
    agencyId: r.agency_id,
    id: r.id,
    subAccountId: r.sub_account_id,
    tableName: r.table_name,
    rowId: r.row_id,
    action: r.action,
    actorUserId: r.actor_user_id,
    oldData: r.old_data,
    newData: r.new_data,
    changedFields: r.changed_fields,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    actorName: r.actor_name,
  }));
}
