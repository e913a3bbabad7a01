import { api, type ApiQuery, type ApiResponse } from './client.ts';
import type { Scope } from './scope.ts';

type AuditLogs = ApiResponse<'/api/v1/sub-accounts/{subAccountId}/audit-logs', 'get'>;
export type AuditLog = AuditLogs['items'][number];
export type AuditAction = AuditLog['action'];
export type AuditLogQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/audit-logs', 'get'>;

export const auditApi = {
  list: (scope: Scope, query: AuditLogQuery = {}) =>
    scope.kind === 'agency'
      ? api.get('/api/v1/agencies/{agencyId}/audit-logs', { params: { path: { agencyId: scope.id }, query } })
      : api.get('/api/v1/sub-accounts/{subAccountId}/audit-logs', {
          params: { path: { subAccountId: scope.id }, query },
        }),
};
