import { request, type Page } from './client.ts';
import { scopeBase, type Scope } from './scope.ts';

import type { AuditLog, AuditLogQuery } from './contract.ts';

export type { AuditLog };
export type AuditAction = AuditLog['action'];

export const auditApi = {
  list: (scope: Scope, query: AuditLogQuery = {}) =>
    request<Page<AuditLog>>(`${scopeBase(scope)}/audit-logs`, { query }),
};
