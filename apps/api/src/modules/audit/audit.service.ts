import { type RequestContext, requirePermission } from '../../platform/access/access.ts';
import { newestFirst } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import * as repo from './audit.repository.ts';
import type { AuditLogView, ListAuditLogsInput } from './audit.schemas.ts';

const toView = (r: repo.AuditRow): AuditLogView => ({
  id: r.id,
  subAccountId: r.subAccountId,
  tableName: r.tableName,
  rowId: r.rowId,
  action: r.action as AuditLogView['action'],
  actorUserId: r.actorUserId,
  actorName: r.actorName,
  changedFields: r.changedFields,
  oldData: r.oldData,
  newData: r.newData,
  createdAt: iso(r.createdAt),
});

export async function listAuditLogs(ctx: RequestContext, input: ListAuditLogsInput) {
  requirePermission(ctx, 'audit_logs:read');
  return newestFirst(
    input,
    (query) =>
      repo.listAuditLogs({
        agencyId: ctx.agencyId,
        subAccountId: ctx.subAccountId ?? input.subAccountId,
        tableName: input.tableName,
        rowId: input.rowId,
        ...query,
      }),
    (r) => r.id,
    toView,
  );
}

export type ContactAuditEntry = {
  id: string;
  tableName: string;
  rowId: string | null;
  action: 'insert' | 'update' | 'delete';
  actorUserId: string | null;
  actorName: string | null;
  changedFields: string[] | null;
  oldData: Record<string, unknown> | null;
  newData: Record<string, unknown> | null;
  createdAt: Date;
};

/**
 * The audit entries of one contact for its timeline: the contact's rows and those of its notes,
 * tasks and tags, newest first, paged by entry id. The caller (contacts) checks contacts:read; RLS
 * keeps it to the context's sub-account.
 */
export async function auditEntriesForContact(
  ctx: RequestContext,
  contactId: string,
  page: { before?: string | undefined; limit: number },
): Promise<ContactAuditEntry[]> {
  const rows = await repo.auditEntriesForContact({
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId!,
    contactId,
    before: page.before,
    limit: page.limit,
  });
  return rows.map((r) => ({
    id: r.id,
    tableName: r.tableName,
    rowId: r.rowId,
    action: r.action as ContactAuditEntry['action'],
    actorUserId: r.actorUserId,
    actorName: r.actorName,
    changedFields: r.changedFields,
    oldData: r.oldData as Record<string, unknown> | null,
    newData: r.newData as Record<string, unknown> | null,
    createdAt: r.createdAt,
  }));
}
