import { scopeKey, type Scope } from '../../api/scope.ts';

export const auditKeys = {
  list: (scope: Scope, tableName: string) => [...scopeKey(scope), 'audit-logs', { tableName }] as const,
};
