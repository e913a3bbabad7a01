import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { userNamesView } from '../identity/index.ts';
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
    .select({ log: auditLogs, actorName: userNamesView.name })
    .from(auditLogs)
    .leftJoin(userNamesView, eq(userNamesView.id, auditLogs.actorUserId))
    .where(and(...where))
    .orderBy(desc(auditLogs.id))
    .limit(input.limit + 1);
  return rows.map((r) => ({ ...r.log, actorName: r.actorName }));
}
