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
