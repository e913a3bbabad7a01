import { z } from 'zod';
import { pageQuery } from '../../platform/http/pagination.ts';

export const auditLogSchema = z.object({
  id: z.uuid(),
  subAccountId: z.uuid().nullable(),
  tableName: z.string(),
  rowId: z.string().nullable(),
  action: z.enum(['insert', 'update', 'delete']),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  changedFields: z.array(z.string()).nullable(),
  oldData: z.unknown(),
  newData: z.unknown(),
  createdAt: z.string(),
});

export const listAuditLogsQuery = pageQuery.extend({
  tableName: z
    .string()
    .regex(/^[a-z_]{1,63}$/, { error: 'must be a table name, e.g. sub_accounts' })
    .optional(),
  rowId: z.string().max(100).optional(),
  subAccountId: z.uuid().optional(),
});

export type AuditLogView = z.infer<typeof auditLogSchema>;
export type ListAuditLogsInput = z.infer<typeof listAuditLogsQuery>;
