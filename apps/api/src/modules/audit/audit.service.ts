import { type RequestContext, requirePermission } from '../../platform/access/access.ts';
import { newestFirst } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import * as repo from './audit.repository.ts';
import type { AuditLogView, ListAuditLogsInput } from './audit.schemas.ts';

/** The actor label the database recorded (`user:<id>`, `api_key:<id>`, `system:<work>`), split. */
function actorOf(label: string | null): Pick<AuditLogView, 'actorKind' | 'actorApiKeyId' | 'actorWork'> {
  const [kind, ref] = label ? [label.slice(0, label.indexOf(':')), label.slice(label.indexOf(':') + 1)] : [];
  return {
    actorKind: kind === 'user' || kind === 'api_key' || kind === 'system' ? kind : null,
    actorApiKeyId: kind === 'api_key' ? (ref ?? null) : null,
    actorWork: kind === 'system' ? (ref ?? null) : null,
  };
}

const toView = (r: repo.AuditRow): AuditLogView => ({
  id: r.id,
  subAccountId: r.subAccountId,
  tableName: r.tableName,
  rowId: r.rowId,
  action: r.action as AuditLogView['action'],
  actorUserId: r.actorUserId,
  actorName: r.actorName,
  ...actorOf(r.actor),
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
