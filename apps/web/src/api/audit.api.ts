import { request, type Page } from './client.ts';
import { scopeBase, type Scope } from './scope.ts';

export type AuditAction = 'insert' | 'update' | 'delete';

export type AuditLog = {
  id: string;
  tableName: string;
  rowId: string;
  action: AuditAction;
  actorUserId: string | null;
  actorName: string | null;
  changedFields: string[] | null;
  oldData: unknown;
  newData: unknown;
  createdAt: string;
  subAccountId: string | null;
};

export const auditApi = {
  list: (scope: Scope, query: { cursor?: string; tableName?: string; limit?: number } = {}) =>
    request<Page<AuditLog>>(`${scopeBase(scope)}/audit-logs`, { query }),
};
