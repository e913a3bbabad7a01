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
  actorKind: z
    .enum(['user', 'api_key', 'system'])
    .nullable()
    .describe(
      'Who made the change: a person, an API key, or the product itself (a job, a subscriber); null for entries older than this field',
    ),
  actorApiKeyId: z.uuid().nullable().describe('The API key, when an API key made the change'),
  actorWork: z
    .string()
    .nullable()
    .describe(
      'What the product was doing, when it made the change itself (contacts.bulk, contact_imports.run); actorUserId is then the person it acted for',
    ),
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
